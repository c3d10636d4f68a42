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
      const client = new BenchClient(command.urls[index % command.urls.length] as string, command.protocol, address);
      // Tracked before the sign-in: a `send` frame may arrive in the same read as `authorize`.
      const track = command.role === 'extra' ? undefined : tracker.add();
      client.onSend = track?.onFrame;
      const result = await client.signin(command.nicknames[index] as string, command.password, command.signup);
      if (!result.allowed) {
        track?.release();
        const reason = result.reason ?? 'refused';
        failures[reason] = (failures[reason] ?? 0) + 1;
        client.close();
        continue;
      }
      connected += 1;
      if (result.signedUp) signedUp += 1;
      latency.record(result.micros);
      clients.push(client);
      if (command.role === 'sender') senderClients.push(client);
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, command.concurrency) }, lane));
  clearInterval(progress);
  if (command.role === 'sender') senders = new SenderGroup(senderClients, runId);
  return {
    attempted: command.nicknames.length,
    connected,
    signedUp,
    failures,
    latency: latency.toJSON(),
    seconds: (performance.now() - started) / 1000,
  };
}

const closedCount = () => clients.filter((client) => client.closed).length;

async function handle(command: Command): Promise<unknown> {
  switch (command.cmd) {
    case 'connect':
      return connect(command);
    case 'begin':
      tracker.begin(command.step, command.senders);
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
