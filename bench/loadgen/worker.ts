import { serveCommands } from '../lib/serve-commands.js';
import { Histogram, nowMicros } from '../lib/stats.js';
import { BenchClient } from './client.js';
import type { Command, ConnectCommand, ConnectReport, EndReport, PollReport, ProgressEvent } from './ipc.js';
import { SenderGroup } from './senders.js';
import { Tracker } from './tracker.js';

/**
 * One load-generator process, driven by the orchestrator over IPC. It holds
 * up to a few thousand connections (the open-file limit is per process) and
 * reports counts and histograms, never per-message data.
 */
const tracker = new Tracker();
const clients: BenchClient[] = [];
const senderClients: BenchClient[] = [];
/** The room each sender posts to, parallel to senderClients (empty: the default room). */
const senderRooms: number[] = [];
const runId = process.env.BENCH_RUN_ID ?? Date.now().toString(36);
let senders: SenderGroup | undefined;
let lastSend: Promise<unknown> | undefined;
let cpuAtBegin = 0;

const cpuSeconds = () => {
  const usage = process.cpuUsage();
  return (usage.user + usage.system) / 1e6;
};

async function connect(command: ConnectCommand): Promise<ConnectReport> {
  const started = performance.now();
  const latency = new Histogram();
  const failures: Record<string, number> = {};
  const joined: Record<string, number> = {};
  let connected = 0;
  let signedUp = 0;
  let next = 0;
  const progress = setInterval(() => {
    const failed = Object.values(failures).reduce((sum, count) => sum + count, 0);
    process.send?.({ event: 'progress', connected, failed } satisfies ProgressEvent);
  }, 1000);
  const lane = async () => {
    while (next < command.nicknames.length) {
      const index = next++;
      const address = command.localAddresses[index % command.localAddresses.length];
      const url = command.urls[command.urlIndexes?.[index] ?? index % command.urls.length] as string;
      const client = new BenchClient(url, command.protocol, address);
      const room = command.rooms?.[index];
      // Tracked before the sign-in: a `send` frame may arrive in the same read as `authorize`.
      const track = command.role === 'extra' ? undefined : tracker.add(room ?? null);
      client.onSend = track?.onFrame;
      const result = await client.signin(command.nicknames[index] as string, command.password, command.signup);
      const refusal = result.allowed ? await joinRoom(client, room) : (result.reason ?? 'refused');
      if (refusal !== null) {
        track?.release();
        failures[refusal] = (failures[refusal] ?? 0) + 1;
        client.close();
        continue;
      }
      if (room !== undefined) joined[room] = (joined[room] ?? 0) + 1;
      connected += 1;
      if (result.signedUp) signedUp += 1;
      latency.record(result.micros);
      clients.push(client);
      if (command.role === 'sender') {
        senderClients.push(client);
        if (room !== undefined) senderRooms.push(room);
      }
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, command.concurrency) }, lane));
  clearInterval(progress);
  if (command.role === 'sender') senders = new SenderGroup(senderClients, runId, senderRooms);
  return {
    attempted: command.nicknames.length,
    connected,
    signedUp,
    failures,
    latency: latency.toJSON(),
    seconds: (performance.now() - started) / 1000,
    joined,
    senderRooms,
  };
}

/** Joins the room (a member already is one: the answer is the same); null when in, else why not. */
async function joinRoom(client: BenchClient, room: number | undefined): Promise<string | null> {
  if (room === undefined) return null;
  const answer = await client.request('room_join', { room_id: room, request_id: 'join' }, ['room', 'error'], { sameRequest: true });
  if (answer.room) return null;
  return `join: ${String(answer.code ?? (answer.__closed ? 'closed' : answer.__timeout ? 'timeout' : 'refused'))}`;
}

const closedCount = () => clients.filter((client) => client.closed).length;

async function handle(command: Command): Promise<unknown> {
  switch (command.cmd) {
    case 'connect':
      return connect(command);
    case 'begin':
      tracker.begin(command.step, command.senders, command.senderRooms);
      cpuAtBegin = cpuSeconds();
      return {};
    case 'send': {
      if (!senders) throw new Error('this generator has no senders');
      const run = senders.run(command.step, command.rate, command.durationMs);
      lastSend = run;
      return run;
    }
    case 'poll':
      return {
        delivered: tracker.deliveredSoFar,
        idleMs: tracker.lastDeliveryMicros === 0 ? 1e9 : (nowMicros() - tracker.lastDeliveryMicros) / 1000,
        closed: closedCount(),
      } satisfies PollReport;
    case 'end': {
      const send = senders && lastSend ? senders.snapshot(command.sent, 0) : null;
      lastSend = undefined;
      return {
        delivery: tracker.report(command.sent),
        send,
        cpuSeconds: cpuSeconds() - cpuAtBegin,
        closed: closedCount(),
      } satisfies EndReport;
    }
    case 'exit':
      for (const client of clients) client.close();
      setTimeout(() => process.exit(0), 50);
      return {};
  }
}

serveCommands<Command>(handle);
