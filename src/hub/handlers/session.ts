import type { ClientPayload } from '../../protocol/client-frames.js';
import { CLOSE_CODES } from '../../protocol/errors.js';
import type { Connection } from '../connection.js';
import type { HandlerContext } from '../context.js';

/** `ping`: any frame already reset the idle timer; the answer lets a client measure the round trip. */
export function ping(_ctx: HandlerContext, connection: Connection, _payload: ClientPayload<'ping'>, requestId?: string) {
  connection.send('pong', requestId === undefined ? {} : { request_id: requestId });
}

/** `disconnect`: the seed's "I am leaving"; closing the socket triggers the `remove` notice. */
export function disconnect(_ctx: HandlerContext, connection: Connection) {
  connection.close(CLOSE_CODES.normal, 'disconnect');
}
