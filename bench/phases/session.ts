import { ensureBenchRooms, placeInRoom } from '../lib/bench-rooms.js';
import type { BenchConfig } from '../lib/config.js';
import { log, progress } from '../lib/log.js';
import { Probe } from '../lib/probe.js';
import { freePort } from '../lib/proc.js';
import { ServerGroup } from '../lib/server-group.js';
import type { ServerProcess } from '../lib/server-process.js';
import { Histogram, type LatencySummary, round } from '../lib/stats.js';
import { BENCH_PASSWORD, nickname, type Target } from '../lib/targets.js';
import { Worker } from '../lib/workers.js';
import type { Role } from '../loadgen/ipc.js';

export interface ConnectSummary {
  attempted: number;
  connected: number;
  signedUp: number;
  failures: Record<string, number>;
  seconds: number;
  perSecond: number;
  latency: LatencySummary;
}

const live = new Set<ServerProcess>();
/** If the orchestrator dies, no server outlives it (workers exit with their IPC channel). */
process.once('exit', () => {
  for (const server of live) {
    try {
      process.kill(-server.pid, 'SIGKILL');
    } catch {
      // already gone
    }
  }
});

/** Step numbers are unique within a run: they are part of each message's client_id, which the server deduplicates. */
let stepCounter = 0;

/** One started server with its probe and generator processes. */
export class TargetSession {
  /** Tracked connections (receivers + senders) in the room. */
  tracked = 0;
  senders = 0;
  /** After `useRooms`: the room each sender posts to, in sending order; null: all post to the default room. */
  senderRooms: number[] | null = null;
  private accountCursor = 0;
  private roomIds: number[] | null = null;
  /** Tracked connections per room, after `useRooms`. */
  private readonly roomMembers = new Map<number, number>();

  private constructor(
    readonly target: Target,
    readonly config: BenchConfig,
    readonly server: ServerGroup,
    /** Where clients connect: one URL per server process, spread round robin. */
    readonly urls: string[],
    readonly probe: Probe,
    readonly receivers: Worker[],
    readonly sender: Worker,
  ) {}

  /** `processes` > 1: a cluster on one PostgreSQL schema, fanning out over Redis (REDIS_URL, else the local Redis). */
  static async open(
    target: Target,
    config: BenchConfig,
    tag: string,
    runId: string,
    receiverWorkers = config.workers,
    processes = 1,
  ): Promise<TargetSession> {
    const specs = [];
    for (let index = 0; index < processes; index++) {
      const spec = target.spec(await freePort(), processes > 1 ? `${tag}-p${index + 1}` : tag);
      if (processes > 1) spec.env = { ...spec.env, REDIS_URL: process.env.REDIS_URL ?? 'redis://127.0.0.1:6379' };
      specs.push(spec);
    }
    const server = await ServerGroup.start(specs);
    for (const member of server.members) live.add(member);
    const urls = specs.map((spec) => `ws://127.0.0.1:${spec.port}`);
    try {
      const probe = await Probe.open(urls[0] as string, target.protocol);
      const receivers = Array.from({ length: receiverWorkers }, (_, index) => Worker.start(`gen-${index + 1}`, runId));
      const sender = Worker.start('gen-senders', runId);
      return new TargetSession(target, config, server, urls, probe, receivers, sender);
    } catch (error) {
      await server.stop();
      for (const member of server.members) live.delete(member);
      throw error;
    }
  }

  newStep(): number {
    stepCounter += 1;
    return stepCounter;
  }

  get workers(): Worker[] {
    return [this.sender, ...this.receivers];
  }

  /**
   * From now on each connection also joins one of `count` small rooms
   * (`placeInRoom`) and senders post to theirs; call before connecting.
   */
  async useRooms(count: number): Promise<void> {
    this.roomIds = await ensureBenchRooms(this.urls[0] as string, this.target.protocol, count);
    this.senderRooms = [];
  }

  private placements(roomIds: number[], accounts: number[]): { rooms: number[]; urlIndexes: number[] } {
    const places = accounts.map((account) => placeInRoom(roomIds, account, this.urls.length));
    return { rooms: places.map((place) => place.room), urlIndexes: places.map((place) => place.process) };
  }

  /** Deliveries a step should bring: each sender's messages × the tracked connections of the room it posts to. */
  expectedDeliveries(sent: number[]): number {
    const { senderRooms } = this;
    if (senderRooms === null) return sent.reduce((total, n) => total + n, 0) * this.tracked;
    return sent.reduce((total, n, sender) => total + n * (this.roomMembers.get(senderRooms[sender] as number) ?? 0), 0);
  }

  /**
   * Signs in `count` more connections, spread over the receiver processes
   * (or all on the sender process for role "sender"), `concurrency` sign-ins
   * in flight per process. Accounts are reused round robin. After `useRooms`,
   * each joins its account's room.
   */
  async connect(count: number, role: Role, concurrency: number, label: string, localAddresses = ['127.0.0.1']): Promise<ConnectSummary> {
    const workers = role === 'sender' ? [this.sender] : this.receivers;
    const shares = workers.map((_, index) => Math.floor(count / workers.length) + (index < count % workers.length ? 1 : 0));
    const started = performance.now();
    const ticker = setInterval(() => {
      const done = workers.reduce((sum, worker) => sum + worker.progress.connected, 0);
      const failed = workers.reduce((sum, worker) => sum + worker.progress.failed, 0);
      progress(
        `  [${this.target.id}] ${label}: ${done}/${count} signed in, ${failed} failed, ${Math.round((performance.now() - started) / 1000)} s`,
      );
    }, 2000);
    try {
      const reports = await Promise.all(
        workers.map((worker, index) => {
          worker.progress = { connected: 0, failed: 0 };
          const accounts = Array.from({ length: shares[index] as number }, () => this.accountCursor++ % this.config.accounts);
          const { roomIds } = this;
          return worker.connect({
            urls: this.urls,
            protocol: this.target.protocol,
            nicknames: accounts.map(nickname),
            ...(roomIds ? this.placements(roomIds, accounts) : {}),
            password: BENCH_PASSWORD,
            signup: true,
            concurrency,
            role,
            localAddresses,
          });
        }),
      );
      const latency = new Histogram();
      const failures: Record<string, number> = {};
      for (const report of reports) {
        latency.merge(report.latency);
        for (const [reason, n] of Object.entries(report.failures)) failures[reason] = (failures[reason] ?? 0) + n;
      }
      const connected = reports.reduce((sum, report) => sum + report.connected, 0);
      const seconds = (performance.now() - started) / 1000;
      if (Object.keys(failures).length > 0)
        log(`  [${this.target.id}] ${label}: ${count - connected} of ${count} sign-ins failed: ${JSON.stringify(failures)}`);
      if (role !== 'extra') this.tracked += connected;
      if (role === 'sender') this.senders += connected;
      for (const report of role === 'extra' ? [] : reports) {
        for (const [room, n] of Object.entries(report.joined))
          this.roomMembers.set(Number(room), (this.roomMembers.get(Number(room)) ?? 0) + n);
        if (role === 'sender' && this.senderRooms) this.senderRooms = report.senderRooms;
      }
      return {
        attempted: count,
        connected,
        signedUp: reports.reduce((sum, report) => sum + report.signedUp, 0),
        failures,
        seconds: round(seconds),
        perSecond: round(connected / seconds, 1),
        latency: latency.summary(),
      };
    } finally {
      clearInterval(ticker);
    }
  }

  /** Skips accounts (so a burst signs in accounts that are not connected yet). */
  useAccountsFrom(index: number): void {
    this.accountCursor = index;
  }

  /** Stops the server first: our server announces each departure to the room, so clients leaving first would cost O(N²) frames. */
  async close(): Promise<{ graceful: boolean; ms: number }> {
    const stopped = await this.server.stop();
    for (const member of this.server.members) live.delete(member);
    this.probe.close();
    await Promise.all(this.workers.map((worker) => worker.exit()));
    return stopped;
  }
}
