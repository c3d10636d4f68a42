import { BenchClient, type Protocol } from '../loadgen/client.js';
import { BENCH_PASSWORD } from './targets.js';

/** Creates the bench rooms and so is a member of all of them: it never connects during a step, so it hears nothing. */
const OWNER = 'bench_rooms_owner';

/**
 * Rooms are found again by name in later runs (the database keeps them and
 * their members), so account i always belongs to the same room of a layout.
 */
const roomName = (count: number, index: number) => `bench-${count}-rooms-${index + 1}`;

/**
 * Where the connection of account `account` goes: room account mod R (the
 * senders, accounts 0 … R − 1, one per room, then everyone round robin, so
 * rooms differ by at most one member), and process (room + round) mod P, so
 * each room's members, and the senders, are spread over the processes.
 * Connection order alone would put a whole room on one process whenever P
 * divides R.
 */
export function placeInRoom(roomIds: number[], account: number, processes: number): { room: number; process: number } {
  const index = account % roomIds.length;
  const round = Math.floor(account / roomIds.length);
  return { room: roomIds[index] as number, process: (index + round) % processes };
}

/** The ids of `count` public bench rooms, created on first use. */
export async function ensureBenchRooms(url: string, protocol: Protocol, count: number): Promise<number[]> {
  const client = new BenchClient(url, protocol);
  try {
    const signin = await client.signin(OWNER, BENCH_PASSWORD, true);
    if (!signin.allowed) throw new Error(`bench rooms: ${OWNER} could not sign in (${signin.reason})`);
    const listed = await client.request('rooms', { request_id: 'rooms' }, ['rooms', 'error'], { sameRequest: true });
    const existing = new Map<string, number>();
    for (const room of (listed.rooms ?? []) as Array<{ room_id: number; name: string }>) existing.set(room.name, room.room_id);
    const ids: number[] = [];
    for (let index = 0; index < count; index++) {
      const name = roomName(count, index);
      let id = existing.get(name);
      if (id === undefined) {
        const payload = { kind: 'public', name, request_id: `create-${index}` };
        const answer = await client.request('room_create', payload, ['room', 'error'], { sameRequest: true });
        id = (answer.room as { room_id?: number } | undefined)?.room_id;
        if (id === undefined) throw new Error(`bench rooms: could not create ${name}: ${JSON.stringify(answer)}`);
      }
      ids.push(id);
    }
    return ids;
  } finally {
    client.close();
  }
}
