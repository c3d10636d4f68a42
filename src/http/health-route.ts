import type { FastifyInstance } from 'fastify';
import { sql } from 'kysely';
import type { Bus } from '../bus/bus.js';
import type { Hub } from '../hub/hub.js';
import type { Store } from '../storage/store.js';

/** GET /health: 200 when the database answers, 503 when it does not. */
export function registerHealthRoute(app: FastifyInstance, deps: { store: Store; bus: Bus; hub: Hub }): void {
  app.get('/health', async (_request, reply) => {
    const body = { store: deps.store.kind, bus: deps.bus.kind, connections: deps.hub.size, uptime_s: Math.round(process.uptime()) };
    try {
      await sql`select 1`.execute(deps.store.db);
      return { status: 'ok', ...body };
    } catch {
      return reply.code(503).send({ status: 'unavailable', ...body });
    }
  });
}
