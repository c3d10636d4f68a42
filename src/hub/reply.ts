import type { ServerKind, ServerPayloads } from '../protocol/server-events.js';
import type { Connection } from './connection.js';

/** Sends a reply to the frame that asked, carrying its request_id back when it had one. */
export function reply<K extends ServerKind>(
  connection: Connection,
  kind: K,
  payload: ServerPayloads[K],
  requestId: string | undefined,
): void {
  connection.send(kind, requestId === undefined ? payload : { ...payload, request_id: requestId });
}
