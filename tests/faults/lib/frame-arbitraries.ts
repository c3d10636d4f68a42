import fc from 'fast-check';
import type { ClientKind } from '../../../src/protocol/client-frames.js';
import { clientKinds } from '../../../src/protocol/client-frames.js';

type Payload = Record<string, unknown>;

const requestId = fc.option(fc.string({ maxLength: 70 }), { nil: undefined });
const id = fc.oneof(fc.integer({ min: 1, max: 1_000 }), fc.constant(1));
const seq = fc.integer({ min: 0, max: 10_000 });
const text = fc.string({ minLength: 1, maxLength: 80, unit: 'grapheme' });
const nickname = fc.stringMatching(/^[a-z][a-z0-9_]{0,15}$/);
const sinceMap = (value: fc.Arbitrary<number>) => fc.option(fc.dictionary(id.map(String), value, { maxKeys: 4 }), { nil: undefined });
const credentials = fc.record({ request_id: requestId, nickname, password: fc.string({ minLength: 8, maxLength: 40 }) });
const onlyRequest = fc.record({ request_id: requestId });
const inRoom = fc.record({ request_id: requestId, room_id: id });

/** A valid payload of every client kind (the compiler checks that none is missing). */
const validPayloads: { [K in ClientKind]: fc.Arbitrary<Payload> } = {
  signup: credentials,
  signin: credentials,
  authorized: onlyRequest,
  resume: fc.record({
    request_id: requestId,
    token: fc.base64String({ minLength: 4, maxLength: 60 }),
    since: sinceMap(id),
    since_seq: sinceMap(seq),
  }),
  signout: fc.record({ request_id: requestId, token: fc.option(fc.base64String({ minLength: 4, maxLength: 60 }), { nil: undefined }) }),
  message: fc.record({
    request_id: requestId,
    content: text,
    room_id: fc.option(id, { nil: undefined }),
    client_id: fc.option(fc.string({ minLength: 1, maxLength: 64 }), { nil: undefined }),
  }),
  ping: onlyRequest,
  disconnect: onlyRequest,
  rooms: onlyRequest,
  room_directory: onlyRequest,
  room_create: fc.record({
    request_id: requestId,
    kind: fc.constantFrom('public', 'private', 'group'),
    name: fc.option(text, { nil: undefined }),
    topic: fc.option(text, { nil: undefined }),
    members: fc.option(fc.array(nickname, { maxLength: 7 }), { nil: undefined }),
  }),
  dm_open: fc.record({ request_id: requestId, nickname }),
  room_join: inRoom,
  room_leave: inRoom,
  room_invite: fc.record({ request_id: requestId, room_id: id, nickname }),
  room_update: fc.record({
    request_id: requestId,
    room_id: id,
    name: fc.option(text, { nil: undefined }),
    topic: fc.option(text, { nil: undefined }),
  }),
  members: inRoom,
  history: fc.record({
    request_id: requestId,
    room_id: id,
    before_seq: fc.option(seq, { nil: undefined }),
    after_seq: fc.option(seq, { nil: undefined }),
    limit: fc.option(fc.integer({ min: 1, max: 100 }), { nil: undefined }),
  }),
  read: fc.record({ request_id: requestId, room_id: id, seq }),
  typing: inRoom,
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
  'request_id',
  'content',
  'room_id',
  'client_id',
  'token',
  'since',
  'since_seq',
  'nickname',
  'kind',
  'seq',
  'limit',
  'members',
  '__proto__',
  'constructor',
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
