import type { ServerFrame } from '../../../src/protocol/server-events.js';
import { TestClient, uniqueNickname } from '../../helpers/client.js';
import { DeliveryLog } from './delivery-log.js';

export interface ResumingOptions {
  /** Where to connect (called on every attempt: a scenario may spread clients or go through nginx). */
  url: () => string;
  /** On a lost connection, reconnect and `resume`; off for readers that must be served without reconnecting. */
  reconnect: boolean;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * A chat user over a real WebSocket that behaves like the web client: it keeps its session token, and
 * when the connection drops it reconnects with back-off and resumes from the newest seq it holds in
 * each of its rooms. Every message it is shown is recorded in `log`.
 */
export class ResumingClient {
  readonly log = new DeliveryLog();
  readonly nickname = uniqueNickname('fault');
  /** Rooms named in `resume` (the default room 1 plus any the scenario joins). */
  readonly rooms = new Set<number>([1]);
  /** Milliseconds from each unasked-for disconnect to `resumed` on a new connection. */
  readonly failovers: number[] = [];
  /** Connections that ended without the client asking: server crash, stop, or drop. */
  unexpectedCloses = 0;
  /** Resumes refused with a reason (e.g. `unavailable` while the database is down). */
  readonly refusals: string[] = [];
  connection: TestClient | undefined;
  userId = 0;
  private token = '';
  private stopped = false;
  private leaving = false;
  private lostAt = 0;
  private readonly frameListeners: Array<(frame: ServerFrame) => void> = [];
  private readonly readyListeners: Array<() => void> = [];

  constructor(private readonly options: ResumingOptions) {}

  /** Frames of every connection this client opens, as they arrive. */
  onFrame(listener: (frame: ServerFrame) => void): void {
    this.frameListeners.push(listener);
  }

  /** Called after each successful resume (a sender re-sends what is still unacknowledged). */
  onReady(listener: () => void): void {
    this.readyListeners.push(listener);
  }

  async signUp(): Promise<this> {
    const client = await TestClient.connect(this.options.url());
    this.attach(client);
    await client.signup(this.nickname);
    this.token = client.token;
    this.userId = client.userId;
    this.connection = client;
    return this;
  }

  async join(roomId: number): Promise<void> {
    await this.connection?.expectReply('room_join', { room_id: roomId }, 'room');
    this.rooms.add(roomId);
  }

  get isConnected(): boolean {
    return this.connection?.isOpen === true;
  }

  /** Drops the connection as a user closing the lid would; it comes back through `resume`. */
  dropConnection(): void {
    const client = this.connection;
    if (!client) return;
    this.leaving = true;
    client.socket.terminate();
  }

  /** Closes for good. */
  stop(): void {
    this.stopped = true;
    this.connection?.close();
  }

  private attach(client: TestClient): void {
    client.onFrame((frame) => {
      if (frame.kind === 'send') this.log.record(frame.payload.messages);
      for (const listener of this.frameListeners) listener(frame);
    });
    client.socket.once('close', () => this.lost(client));
  }

  private lost(client: TestClient): void {
    if (client !== this.connection) return;
    this.connection = undefined;
    if (this.stopped) return;
    const asked = this.leaving;
    this.leaving = false;
    if (!asked) this.unexpectedCloses++;
    this.lostAt = performance.now();
    if (this.options.reconnect) void this.reconnect(asked);
  }

  private sinceSeq(): Record<string, number> {
    return Object.fromEntries([...this.rooms].map((room) => [String(room), this.log.lastSeq(room)]));
  }

  private async reconnect(asked: boolean): Promise<void> {
    let delay = 50;
    while (!this.stopped) {
      const client = await TestClient.connect(this.options.url()).catch(() => undefined);
      if (client) {
        this.attach(client);
        const resumed = await this.resume(client).catch(() => false);
        if (this.stopped) return client.close();
        if (resumed && client.isOpen) {
          this.connection = client;
          if (!asked) this.failovers.push(Math.round(performance.now() - this.lostAt));
          for (const listener of this.readyListeners) listener();
          return;
        }
        client.socket.terminate();
      }
      await sleep(delay);
      delay = Math.min(delay * 2, 1_000);
    }
  }

  private async resume(client: TestClient): Promise<boolean> {
    const reply = await client.call('resume', { token: this.token, since_seq: this.sinceSeq() }, 10_000);
    if (reply.kind !== 'authorize' || !reply.payload.allowed) {
      this.refusals.push(reply.kind === 'authorize' ? String(reply.payload.reason) : reply.kind);
      return false;
    }
    await client.next('resumed', () => true, 30_000);
    return true;
  }
}
