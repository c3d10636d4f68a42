import fc from 'fast-check';
import type { ClientKind } from '../../../src/protocol/client-frames.js';
import { clientKinds } from '../../../src/protocol/client-frames.js';
import { MUTED_FOREVER, NOTIFY_LEVELS } from '../../../src/protocol/notifications.js';
import { ADMIN_USER_ACTIONS, MODERATE_ACTIONS } from '../../../src/protocol/roles.js';

type Payload = Record<string, unknown>;

const optional = <T>(value: fc.Arbitrary<T>) => fc.option(value, { nil: undefined });
const requestId = optional(fc.string({ maxLength: 70 }));
const id = fc.oneof(fc.integer({ min: 1, max: 1_000 }), fc.constant(1));
const seq = fc.integer({ min: 0, max: 10_000 });
const text = fc.string({ minLength: 1, maxLength: 80, unit: 'grapheme' });
const nickname = fc.stringMatching(/^[a-z][a-z0-9_]{0,15}$/);
const token = fc.base64String({ minLength: 4, maxLength: 60 });
const sinceMap = (value: fc.Arbitrary<number>) => optional(fc.dictionary(id.map(String), value, { maxKeys: 4 }));
const credentials = fc.record({ request_id: requestId, nickname, password: fc.string({ minLength: 8, maxLength: 40 }) });
const onlyRequest = fc.record({ request_id: requestId });
const inRoom = fc.record({ request_id: requestId, room_id: id });
const onMessage = fc.record({ request_id: requestId, message_id: id });
const withEmoji = fc.record({ request_id: requestId, message_id: id, emoji: fc.constantFrom('👍', '🎉', '❤️', '👩‍💻', ':)') });
/** `.invalid` never resolves: a subscription the fuzzer makes can never send anything anywhere. */
const pushEndpoint = fc.stringMatching(/^[a-z0-9]{1,20}$/).map((path) => `https://push.invalid/${path}`);

/** A valid payload of every client kind (the compiler checks that none is missing). */
const validPayloads: { [K in ClientKind]: fc.Arbitrary<Payload> } = {
  signup: credentials,
  signin: credentials,
  authorized: onlyRequest,
  resume: fc.record({ request_id: requestId, token, since: sinceMap(id), since_seq: sinceMap(seq), since_rev: sinceMap(seq) }),
  signout: fc.record({ request_id: requestId, token: optional(token) }),
  message: fc.record({
    request_id: requestId,
    content: text,
    room_id: optional(id),
    client_id: optional(fc.string({ minLength: 1, maxLength: 64 })),
    reply_to: optional(id),
    attachments: optional(
      fc.array(fc.oneof(fc.string({ minLength: 22, maxLength: 22 }), fc.base64String({ minLength: 22, maxLength: 24 })), { maxLength: 12 }),
    ),
  }),
  message_edit: fc.record({ request_id: requestId, message_id: id, content: text }),
  message_delete: onMessage,
  reaction_add: withEmoji,
  reaction_remove: withEmoji,
  message_versions: onMessage,
  link_preview_dismiss: onMessage,
  ping: onlyRequest,
  disconnect: onlyRequest,
  rooms: onlyRequest,
  room_directory: onlyRequest,
  room_create: fc.record({
    request_id: requestId,
    kind: fc.constantFrom('public', 'private', 'group'),
    name: optional(text),
    topic: optional(text),
    members: optional(fc.array(nickname, { maxLength: 7 })),
  }),
  dm_open: fc.record({ request_id: requestId, nickname }),
  room_join: inRoom,
  room_leave: inRoom,
  room_invite: fc.record({ request_id: requestId, room_id: id, nickname }),
  room_update: fc.record({ request_id: requestId, room_id: id, name: optional(text), topic: optional(text) }),
  members: inRoom,
  history: fc.record({
    request_id: requestId,
    room_id: id,
    before_seq: optional(seq),
    after_seq: optional(seq),
    after_rev: optional(seq),
    limit: optional(fc.integer({ min: 1, max: 100 })),
  }),
  read: fc.record({ request_id: requestId, room_id: id, seq }),
  typing: inRoom,
  room_notify: fc.record({
    request_id: requestId,
    room_id: id,
    level: optional(fc.constantFrom(...NOTIFY_LEVELS)),
    muted_until: optional(fc.constantFrom<string | null>(MUTED_FOREVER, null, '2030-01-01T00:00:00Z')),
  }),
  search: fc.record({
    request_id: requestId,
    query: fc.oneof(text, fc.constantFrom('from:a in:general', '"unclosed', 'deplo*', '-x y', 'before:2026-02-31', ':*&|!()')),
    room_id: optional(id),
    limit: optional(fc.integer({ min: 1, max: 50 })),
    before: optional(id.map((value) => `f${value}`)),
  }),
  push_subscribe: fc.record({
    request_id: requestId,
    endpoint: pushEndpoint,
    keys: fc.record({ p256dh: fc.stringMatching(/^[A-Za-z0-9_-]{43,87}$/), auth: fc.stringMatching(/^[A-Za-z0-9_-]{16,22}$/) }),
  }),
  push_unsubscribe: fc.record({ request_id: requestId, endpoint: pushEndpoint }),
  // Targets far above the ids a fuzz run creates: a fuzzing admin (the first account) must not mute or
  // deactivate the run's own users, only meet refusals.
  moderate: fc.record({
    request_id: requestId,
    room_id: id,
    action: fc.constantFrom(...MODERATE_ACTIONS),
    message_id: optional(fc.integer({ min: 900_000, max: 999_999 })),
    user_id: optional(fc.integer({ min: 900_000, max: 999_999 })),
    until: optional(fc.constantFrom('forever', '2030-01-01T00:00:00Z')),
    role: optional(fc.constantFrom('moderator', 'member')),
  }),
  admin_users: fc.record({
    request_id: requestId,
    query: optional(text),
    role: optional(fc.constantFrom('admin', 'member', 'deactivated')),
    after_id: optional(id),
    limit: optional(fc.integer({ min: 1, max: 200 })),
  }),
  admin_audit: fc.record({
    request_id: requestId,
    user_id: optional(id),
    room_id: optional(id),
    action: optional(fc.constantFrom('user_deactivated', 'signin_failed')),
    before_id: optional(id),
    limit: optional(fc.integer({ min: 1, max: 200 })),
  }),
  admin_stats: onlyRequest,
  admin_user: fc.record({
    request_id: requestId,
    user_id: fc.integer({ min: 900_000, max: 999_999 }),
    action: fc.constantFrom(...ADMIN_USER_ACTIONS),
    role: optional(fc.constantFrom('admin', 'member')),
  }),
};

const validFrame = fc.constantFrom(...clientKinds).chain((kind) => validPayloads[kind].map((payload) => ({ kind, payload })));

/** Values that break types and bounds: huge, negative, fractional, non-finite-as-text, control and lone-surrogate text. */
const hostileValue: fc.Arbitrary<unknown> = fc.oneof(
  fc.jsonValue({ maxDepth: 2 }),
  fc.constantFrom(-1, 0, 1.5, 2 ** 53, -(2 ** 63), 1e308, '', ' ', '\u0000', '\ud800', 'x\udfffy', '\u202e', '__proto__', 'NaN'),
  fc.string({ maxLength: 5_000 }),
  fc.array(fc.integer(), { maxLength: 300 }),
);

const fieldNames = fc.constantFrom(
  ...['request_id', 'content', 'room_id', 'message_id', 'client_id', 'reply_to', 'emoji', 'token', 'since', 'since_seq', 'since_rev'],
  ...['nickname', 'kind', 'seq', 'limit', 'members', 'level', 'muted_until', 'endpoint', 'keys', '__proto__', 'constructor'],
);

/** A mutation may meet what an earlier one left: an array, a string, null. */
const asObject = (value: unknown): Payload => (typeof value === 'object' && value !== null ? (value as Payload) : {});

/** One structural change to a (possibly already mutated) frame. */
const mutation: fc.Arbitrary<(frame: unknown) => unknown> = fc.oneof(
  fc.tuple(fieldNames, hostileValue).map(([field, value]) => (f: unknown) => ({
    ...asObject(f),
    payload: { ...asObject(asObject(f).payload), [field]: value },
  })),
  fieldNames.map((field) => (f: unknown) => {
    const payload = { ...asObject(asObject(f).payload) };
    delete payload[field];
    return { ...asObject(f), payload };
  }),
  hostileValue.map((kind) => (f: unknown) => ({ ...asObject(f), kind })),
  fc.constantFrom(...clientKinds).map((kind) => (f: unknown) => ({ ...asObject(f), kind })),
  hostileValue.map((payload) => (f: unknown) => ({ ...asObject(f), payload })),
  fc.constant((f: unknown) => ({ kind: asObject(f).kind })),
  fc.constant((f: unknown) => [f]),
  fc.constant((f: unknown) => asObject(f).payload),
);

/** A frame as JSON text, byte-mangled sometimes: truncated, or with a character inserted. */
const mangled = (frame: fc.Arbitrary<unknown>) =>
  fc.tuple(frame, fc.nat(), fc.integer({ min: 0, max: 3 }), fc.string({ minLength: 1, maxLength: 2 })).map(([value, at, how, insert]) => {
    const json = JSON.stringify(value) ?? 'undefined';
    const cut = at % (json.length + 1);
    if (how === 0) return json.slice(0, cut);
    if (how === 1) return json.slice(0, cut) + insert + json.slice(cut);
    return json;
  });

/**
 * Text frames for the decoder: valid frames of every kind, the same with one to three mutations,
 * byte-mangled JSON, and plain random text and JSON.
 */
export const frameText: fc.Arbitrary<string> = fc.oneof(
  { arbitrary: validFrame.map((f) => JSON.stringify(f)), weight: 2 },
  {
    arbitrary: fc
      .tuple(validFrame, fc.array(mutation, { minLength: 1, maxLength: 3 }))
      .map(([f, steps]) => JSON.stringify(steps.reduce<unknown>((value, step) => step(value), f)) ?? 'null'),
    weight: 6,
  },
  { arbitrary: mangled(validFrame), weight: 2 },
  { arbitrary: fc.string({ maxLength: 200 }), weight: 1 },
  { arbitrary: fc.json({ maxDepth: 3 }), weight: 1 },
);
