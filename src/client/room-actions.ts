import type { ClientPayload } from '../protocol/client-frames.js';
import type { MemberInfo, RoomSummary } from '../protocol/rooms.js';
import type { ServerPayloads } from '../protocol/server-events.js';
import type { Connection } from './connection.js';
import { findRoom } from './rooms-store.js';
import type { FormKey, FormState, Store } from './store.js';

/** `typing` goes out at most this often while the person types. */
const TYPING_EVERY_MS = 2_000;

/**
 * What the person asks of rooms (create, join, leave, invite, rename, start a
 * conversation) and what the server says about people in them (members,
 * presence, typing). Each form's request_id is remembered, so the answer, or
 * the `error` refusing it, lands next to the form that sent it.
 */
export class RoomActions {
  private readonly typedAt = new Map<number, number>();

  constructor(
    private readonly store: Store,
    private readonly connection: Connection,
  ) {}

  createRoom(kind: 'public' | 'private', name: string, topic: string): void {
    this.submit('create', (request_id) => this.connection.send('room_create', { request_id, kind, name, topic }));
  }

  /** One nickname opens (or reopens) the DM; several start a group DM. */
  startConversation(nicknames: string[]): void {
    const [first, ...rest] = nicknames;
    if (first === undefined) return;
    this.submit('conversation', (request_id) =>
      rest.length === 0
        ? this.connection.send('dm_open', { request_id, nickname: first })
        : this.connection.send('room_create', { request_id, kind: 'group', members: nicknames }),
    );
  }

  join(roomId: number): void {
    this.submit('join', (request_id) => this.connection.send('room_join', { request_id, room_id: roomId }), roomId);
  }

  leave(roomId: number): void {
    this.submit('leave', (request_id) => this.connection.send('room_leave', { request_id, room_id: roomId }), roomId);
  }

  invite(roomId: number, nickname: string): void {
    this.submit('invite', (request_id) => this.connection.send('room_invite', { request_id, room_id: roomId, nickname }), roomId);
  }

  update(roomId: number, name: string, topic: string): void {
    this.submit('edit', (request_id) => this.connection.send('room_update', { request_id, room_id: roomId, name, topic }), roomId);
  }

  /** Archive (read-only) or unarchive: answered with `moderated`; every member hears `room_updated`. */
  setArchived(roomId: number, archived: boolean): void {
    const action = archived ? 'archive' : 'unarchive';
    this.submit('archive', (request_id) => this.connection.send('moderate', { request_id, room_id: roomId, action }), roomId);
  }

  /** A room's level or mute: the server's `room_notify` echo (to every tab of this person) updates the list. */
  setNotify(roomId: number, change: Pick<ClientPayload<'room_notify'>, 'level' | 'muted_until'>): void {
    this.connection.send('room_notify', { request_id: this.connection.nextRequestId(), room_id: roomId, ...change });
  }

  loadDirectory(): void {
    this.connection.send('room_directory', { request_id: this.connection.nextRequestId() });
  }

  loadMembers(roomId: number): void {
    this.connection.send('members', { request_id: this.connection.nextRequestId(), room_id: roomId });
  }

  /** DM and group DM summaries list their members with presence: enough to light every DM's dot. */
  notePresence(rooms: RoomSummary[]): void {
    const seen = rooms.flatMap((room) => room.members ?? []).filter((member) => member.online !== undefined);
    if (seen.length === 0) return;
    this.store.update((state) => ({
      ...state,
      presence: { ...state.presence, ...Object.fromEntries(seen.map((member) => [member.user_id, member.online])) },
    }));
  }

  /**
   * Someone joined or left a room whose member list is held (the panel's).
   * Whether a newcomer is online comes with the join; from a server that does
   * not say, it is known from presence, except for someone this page has never
   * heard of: then the list is asked for again.
   */
  onMember({ room_id, user_id, nickname, joined, online: said }: ServerPayloads['member']): void {
    const state = this.store.get();
    const list = state.members[room_id];
    if (!list || list.some((member) => member.user_id === user_id) === joined) return;
    const online = said ?? state.presence[user_id];
    const newcomer: MemberInfo = {
      user_id,
      nickname,
      role: findRoom(state.rooms, room_id)?.owner_id === user_id ? 'owner' : 'member',
      online: online ?? false,
    };
    const members = joined ? [...list, newcomer] : list.filter((member) => member.user_id !== user_id);
    this.store.update((current) => ({
      ...current,
      members: { ...current.members, [room_id]: members },
      presence: said === undefined ? current.presence : { ...current.presence, [user_id]: said },
    }));
    if (joined && online === undefined) this.loadMembers(room_id);
  }

  /** From the composer on every keystroke; throttled here. */
  typing(roomId: number): void {
    const now = Date.now();
    if (now - (this.typedAt.get(roomId) ?? 0) < TYPING_EVERY_MS || this.store.get().status !== 'signed-in') return;
    if (this.connection.send('typing', { room_id: roomId })) this.typedAt.set(roomId, now);
  }

  /** A message went out, which ends "typing" on the server; the next keystroke announces it again. */
  sent(roomId: number): void {
    this.typedAt.delete(roomId);
  }

  onDirectory({ rooms }: ServerPayloads['room_directory']): void {
    this.store.update((state) => ({ ...state, directory: rooms }));
  }

  onMembers({ room_id, members }: ServerPayloads['members']): void {
    this.store.update((state) => ({
      ...state,
      members: { ...state.members, [room_id]: members },
      presence: { ...state.presence, ...Object.fromEntries(members.map((member) => [member.user_id, member.online])) },
    }));
  }

  onPresence({ users }: ServerPayloads['presence']): void {
    this.store.update((state) => ({
      ...state,
      presence: { ...state.presence, ...Object.fromEntries(users.map((user) => [user.user_id, user.online])) },
    }));
  }

  onTyping({ room_id, users }: ServerPayloads['typing']): void {
    const me = this.store.get().user?.user_id;
    const others = users.filter((user) => user.user_id !== me);
    this.store.update((state) => ({ ...state, typing: { ...state.typing, [room_id]: others } }));
  }

  /** Settles the form that sent `requestId`, if one did (refused with the error code `error`); returns which. */
  settle(requestId: string | undefined, error?: string): FormKey | null {
    const entry = Object.entries(this.store.get().forms).find(([, form]) => form?.requestId === requestId && form.status === 'busy');
    if (requestId === undefined || !entry) return null;
    const key = entry[0] as FormKey;
    this.setForm(key, { ...(entry[1] as FormState), status: error === undefined ? 'done' : 'failed', error });
    return key;
  }

  /** The socket dropped: no answer will come to what is in flight. */
  abandon(): void {
    for (const [key, form] of Object.entries(this.store.get().forms)) {
      if (form?.status === 'busy') this.setForm(key as FormKey, { ...form, status: 'failed', error: 'connection_lost' });
    }
  }

  clearForm(key: FormKey): void {
    this.store.update((state) => {
      if (!state.forms[key]) return state;
      const forms = { ...state.forms };
      delete forms[key];
      return { ...state, forms };
    });
  }

  private submit(key: FormKey, send: (requestId: string) => boolean, target?: number): void {
    const requestId = this.connection.nextRequestId();
    const online = this.store.get().status === 'signed-in';
    this.setForm(key, { requestId, status: 'busy', ...(target === undefined ? {} : { target }) });
    if (!online || !send(requestId)) this.settle(requestId, 'offline');
  }

  private setForm(key: FormKey, form: FormState): void {
    this.store.update((state) => ({ ...state, forms: { ...state.forms, [key]: form } }));
  }
}
