import type { Actor } from '../../domain/actor.js';
import type { ClientPayload } from '../../protocol/client-frames.js';
import type { Connection } from '../connection.js';
import type { HandlerContext } from '../context.js';
import { reply } from '../reply.js';

export async function search(
  ctx: HandlerContext,
  connection: Connection,
  actor: Actor,
  payload: ClientPayload<'search'>,
  requestId?: string,
) {
  const page = await ctx.search.search(actor, {
    query: payload.query,
    roomId: payload.room_id,
    limit: payload.limit,
    before: payload.before,
  });
  reply(
    connection,
    'search_results',
    page.nextBefore === undefined ? { hits: page.hits } : { hits: page.hits, next_before: page.nextBefore },
    requestId,
  );
}
