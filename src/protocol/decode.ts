import { type ClientKind, type ClientPayload, clientPayloadSchemas, isClientKind } from './client-frames.js';
import type { ErrorCode } from './errors.js';

export type DecodedFrame = { [K in ClientKind]: { kind: K; payload: ClientPayload<K>; requestId?: string } }[ClientKind];

export interface FrameError {
  code: ErrorCode;
  message: string;
  requestId?: string;
}

export type DecodeResult = { ok: true; frame: DecodedFrame } | { ok: false; error: FrameError };

const fail = (code: ErrorCode, message: string, requestId?: string): DecodeResult => ({
  ok: false,
  error: requestId === undefined ? { code, message } : { code, message, requestId },
});

/** Echo a request_id even when the rest of the payload is invalid, so the client can match the error. */
function pickRequestId(payload: unknown): string | undefined {
  if (typeof payload !== 'object' || payload === null) return undefined;
  const value = (payload as Record<string, unknown>).request_id;
  return typeof value === 'string' && value.length <= 64 && value.isWellFormed() && !value.includes('\u0000') ? value : undefined;
}

/** Turns one text frame into a typed client frame, or the error code to answer with. */
export function decodeClientFrame(text: string): DecodeResult {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    return fail('bad_json', 'frame is not valid JSON');
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
    return fail('invalid_envelope', 'frame must be a JSON object {kind, payload}');
  }
  const { kind, payload = {} } = parsed as { kind?: unknown; payload?: unknown };
  const requestId = pickRequestId(payload);
  if (typeof kind !== 'string') return fail('invalid_envelope', '`kind` must be a string', requestId);
  if (typeof payload !== 'object' || payload === null || Array.isArray(payload)) {
    return fail('invalid_envelope', '`payload` must be an object', requestId);
  }
  if (!isClientKind(kind)) return fail('unknown_kind', `unknown kind "${kind.slice(0, 64)}"`, requestId);
  const result = clientPayloadSchemas[kind].safeParse(payload);
  if (!result.success) {
    const issue = result.error.issues[0];
    const where = issue?.path.join('.') || 'payload';
    return fail('invalid_payload', `${kind}: ${where}: ${issue?.message ?? 'invalid'}`, requestId);
  }
  const frame = { kind, payload: result.data } as DecodedFrame;
  if (requestId !== undefined) frame.requestId = requestId;
  return { ok: true, frame };
}
