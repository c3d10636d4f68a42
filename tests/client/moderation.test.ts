import { describe, expect, it } from 'vitest';
import { initialAdmin, receivePage, requestPage, updateUser } from '../../src/client/admin-store.js';
import { applyModerated, canMute, mutedUntil, powerOver } from '../../src/client/moderation.js';
import { type ChatState, initialState } from '../../src/client/store.js';
import type { UserInfo } from '../../src/protocol/roles.js';
import type { MemberInfo, RoomKind, RoomSummary } from '../../src/protocol/rooms.js';

const ME = 1;
const OWNER = 2;
const MOD = 3;
const MEMBER = 4;

function room(kind: RoomKind): RoomSummary {
  return {
    room_id: 5,
    kind,
    name: 'ops',
    topic: '',
    owner_id: OWNER,
    last_seq: 0,
    last_rev: 0,
    read_seq: 0,
    unread: 0,
    notify_level: 'all',
    muted_until: null,
    mention_count: 0,
    last_message: null,
  };
}

const member = (user_id: number, role: MemberInfo['role'], extra: Partial<MemberInfo> = {}): MemberInfo => ({
  user_id,
  nickname: `u${user_id}`,
  role,
  online: true,
  ...extra,
});

function state(options: { myRole?: MemberInfo['role']; serverRole?: 'admin' | 'member'; kind?: RoomKind; members?: boolean }): ChatState {
  const members = [member(ME, options.myRole ?? 'member'), member(OWNER, 'owner'), member(MOD, 'moderator'), member(MEMBER, 'member')];
  return {
    ...initialState,
    user: { user_id: ME, nickname: 'me' },
    serverRole: options.serverRole ?? 'member',
    rooms: [room(options.kind ?? 'public')],
    members: options.members === false ? {} : { 5: members },
  };
}

describe('what the page offers a moderator (the protocol rank rule)', () => {
  it('a member moderates nothing; a moderator deletes and mutes members but not the owner or another moderator', () => {
    expect(powerOver(state({}), 5, MEMBER)).toBe('none');
    const moderator = state({ myRole: 'moderator' });
    expect(powerOver(moderator, 5, MEMBER)).toBe('delete-mute');
    expect(powerOver(moderator, 5, OWNER)).toBe('delete');
    expect(powerOver(moderator, 5, MOD)).toBe('delete');
    expect(canMute(moderator, 5, ME)).toBe(false);
  });

  it('an admin acts as a moderator in a room they see, but nobody moderates a DM', () => {
    expect(powerOver(state({ serverRole: 'admin' }), 5, MEMBER)).toBe('delete-mute');
    expect(powerOver(state({ serverRole: 'admin', kind: 'dm' }), 5, MEMBER)).toBe('none');
    expect(powerOver(state({ myRole: 'owner', kind: 'dm' }), 5, MEMBER)).toBe('none');
  });

  it('before the member list arrives, the owner is known from the room', () => {
    const owner = { ...state({ members: false }), user: { user_id: OWNER, nickname: 'owner' } };
    expect(powerOver(owner, 5, MEMBER)).toBe('delete-mute');
    expect(powerOver(state({ members: false }), 5, OWNER)).toBe('none');
  });

  it('mutes come from the member list and from `moderated`, and end when their time has passed', () => {
    const later = new Date(Date.now() + 60_000).toISOString();
    let current = state({ myRole: 'moderator' });
    const muted = applyModerated(current.members[5] as MemberInfo[], { room_id: 5, action: 'mute', user_id: MEMBER, until: later });
    current = { ...current, members: { 5: muted } };
    expect(mutedUntil(current, 5, MEMBER)).toBe(later);
    expect(mutedUntil(current, 5, MEMBER, Date.now() + 120_000)).toBeUndefined();
    const lifted = applyModerated(muted, { room_id: 5, action: 'unmute', user_id: MEMBER, until: null });
    expect(lifted.find((item) => item.user_id === MEMBER)).not.toHaveProperty('muted_until');
    const promoted = applyModerated(lifted, { room_id: 5, action: 'set_room_role', user_id: MEMBER, role: 'moderator' });
    expect(promoted.find((item) => item.user_id === MEMBER)?.role).toBe('moderator');
    expect(powerOver({ ...current, members: { 5: promoted } }, 5, MEMBER)).toBe('delete');
  });
});

describe('the admin panel’s pages', () => {
  const user = (user_id: number): UserInfo => ({
    user_id,
    nickname: `u${user_id}`,
    role: 'member',
    created_at: '2026-11-29T06:00:00.000Z',
  });

  it('appends "More", replaces on a new search, and drops the answer to a superseded request', () => {
    let users = requestPage(initialAdmin.users, 'r1', false);
    users = receivePage(users, 'r1', [user(1), user(2)], true);
    users = receivePage(requestPage(users, 'r2', true), 'r2', [user(3)], false);
    expect(users.items.map((item) => item.user_id)).toEqual([1, 2, 3]);
    const searching = requestPage(requestPage(users, 'r3', false), 'r4', false);
    expect(receivePage(searching, 'r3', [user(9)], false)).toBe(searching);
    expect(receivePage(searching, 'r4', [user(2)], false).items.map((item) => item.user_id)).toEqual([2]);
  });

  it('a row follows `user_updated` and is no longer busy', () => {
    const admin = { ...initialAdmin, users: { ...initialAdmin.users, items: [user(1)] }, busyUsers: [1] };
    const next = updateUser(admin, { user_id: 1, role: 'deactivated' });
    expect(next.users.items[0]?.role).toBe('deactivated');
    expect(next.busyUsers).toEqual([]);
  });
});
