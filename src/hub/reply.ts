import type { Origin } from '../bus/bus.js';
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

/** Marks a bus event as caused by this request, so the hub can answer the asker with its request_id. */
export function originOf(connection: Connection, requestId: string | undefined): Origin | undefined {
  return requestId === undefined ? undefined : { connectionId: connection.id, requestId };
}

/** The request_id to put in a fan-out frame for this connection: only the asker's copy carries it. */
export function requestIdFor(connection: Connection, origin: Origin | undefined): string | undefined {
  return origin?.connectionId === connection.id ? origin.requestId : undefined;
}
