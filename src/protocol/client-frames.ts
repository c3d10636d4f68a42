import { z } from 'zod';

/**
 * Payload schemas of every kind a client may send. Unknown fields are
 * stripped (the seed's clients send `connection_id`, `user_id` and `allowed`,
 * which the server must never trust), so none of those appear here.
 */
const requestId = z.string().max(64).optional();

const credentials = z.object({
  request_id: requestId,
  nickname: z.string().max(256),
  password: z.string().max(1024),
});

const id = z.number().int().positive().max(Number.MAX_SAFE_INTEGER);

export const clientPayloadSchemas = {
  signup: credentials,
  signin: credentials,
  authorized: z.object({ request_id: requestId }),
  message: z.object({
    request_id: requestId,
    content: z.string(),
    room_id: id.optional(),
    client_id: z.string().min(1).max(64).optional(),
  }),
  ping: z.object({ request_id: requestId }),
  disconnect: z.object({ request_id: requestId }),
} as const;

export type ClientKind = keyof typeof clientPayloadSchemas;
export const clientKinds = Object.keys(clientPayloadSchemas) as ClientKind[];

export type ClientPayload<K extends ClientKind> = z.infer<(typeof clientPayloadSchemas)[K]>;

export function isClientKind(kind: string): kind is ClientKind {
  return Object.hasOwn(clientPayloadSchemas, kind);
}
