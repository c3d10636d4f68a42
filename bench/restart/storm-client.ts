import WebSocket from 'ws';
import { type ErrorCode, RETRYABLE_ERROR_CODES } from '../../src/protocol/errors.js';
import { retryDelay } from '../../src/protocol/reconnect.js';
import type { StormAccount } from './seed.js';

type Frame = { kind: string; payload: Record<string, unknown> };

/** What a storm client reports to its worker. */
export interface StormClientEvents {
  resumed(micros: number): void;
  refused(reason: string): void;
  dropped(): void;
}

/** Resume refusals a client retries: the protocol's retryable codes, and a connection cap that frees up. */
const RETRY_REFUSALS = new Set<string>([...RETRYABLE_ERROR_CODES, 'too_many_connections' satisfies ErrorCode]);

/** How long a refused connection stands for the outcome of another attempt to the same server. */
const REFUSAL_FRESH_MS = 50;

/**
 * What a generator process last learned about the server's port. While the server is down, each of a
 * worker's thousands of clients retries on its own backoff, and every real attempt builds an HTTP
 * request, a socket and an error with its stack: a core per worker, taken from the server that is
 * starting on the same 2 cores (the profile of a storm worker: 95 % busy for the whole outage, 15 % of
 * it in connect, 19 % in GC). Clients on real machines pay that on their own CPUs. So an attempt made
 * within REFUSAL_FRESH_MS of a refusal counts as refused without touching the network: each client's
 * schedule of attempts, and so the arrival pattern when the server is back, stays the web page's.
 */
export class Reachability {
  private refusedAt = Number.NEGATIVE_INFINITY;

  refused(now = performance.now()): void {
    this.refusedAt = now;
  }

  reached(): void {
    this.refusedAt = Number.NEGATIVE_INFINITY;
  }

  get knownDown(): boolean {
    return performance.now() - this.refusedAt < REFUSAL_FRESH_MS;
  }
}

/**
 * A signed-in client as the web page behaves after a server restart: it
 * reconnects with the page's jittered backoff, resumes with its token from the
 * newest seq it holds, honours `retry_after_ms`, and checks that what it is
 * sent continues its room's seq with no gap and no duplicate.
 */
export class StormClient {
  lastSeq = 0;
  live = false;
  gaveUp = false;
  duplicates = 0;
  gaps = 0;
  private attempt = 0;
  private socket: WebSocket | undefined;
  private openedAt = 0;
  /** The server's `retry_after_ms` from the refusal that ended the last attempt. */
  private retryAfter: number | undefined;
  /** A message to post (once, with a client_id) after the next resume; `posted` holds its ack's seq. */
  private post: { content: string; clientId: string } | undefined;
  posted: number | undefined;

  constructor(
    private readonly url: string,
    readonly account: StormAccount,
    private readonly events: StormClientEvents,
    private readonly reachability = new Reachability(),
  ) {}

  /** Opens a socket and resumes; resolves once this attempt ended (resumed, refused or dropped). */
  connect(): Promise<void> {
    if (this.reachability.knownDown) {
      this.closed();
      return Promise.resolve();
    }
    return new Promise((settle) => {
      this.openedAt = performance.now();
      // No explicit source address: binding one makes the kernel search for a free port on every attempt
      // (Node has no IP_BIND_ADDRESS_NO_PORT), 83 % of a storm worker's CPU while thousands reconnect.
      // 10 000 clients fit in one address's ephemeral ports; loopback reuses TIME_WAIT ports (tcp_tw_reuse).
      const socket = new WebSocket(`${this.url}/connect`, {
        perMessageDeflate: false,
        handshakeTimeout: 30_000,
      });
      this.socket = socket;
      socket.on('message', (data: Buffer) => {
        const frame = JSON.parse(data.toString('utf8')) as Frame;
        if (this.onFrame(frame)) settle();
      });
      socket.on('upgrade', () => this.reachability.reached());
      socket.on('error', (error: NodeJS.ErrnoException) => {
        if (error.code === 'ECONNREFUSED') this.reachability.refused();
      });
      socket.on('close', () => {
        settle();
        this.closed();
      });
    });
  }

  /** Posts `content` as soon as this client is signed in, again after each reconnect until it is acknowledged. */
  postOnce(content: string, clientId: string): void {
    this.post = { content, clientId };
    if (this.live) this.sendPost();
  }

  private sendPost(): void {
    if (!this.post || this.posted !== undefined) return;
    const payload = { room_id: this.account.roomId, content: this.post.content, client_id: this.post.clientId, request_id: 'post' };
    this.socket?.send(JSON.stringify({ kind: 'message', payload }));
  }

  close(): void {
    this.gaveUp = true;
    this.socket?.terminate();
  }

  /** True when this attempt is over (resumed or refused). */
  private onFrame({ kind, payload }: Frame): boolean {
    switch (kind) {
      case 'initial':
        this.socket?.send(
          JSON.stringify({ kind: 'resume', payload: { token: this.account.token, since_seq: { [this.account.roomId]: this.lastSeq } } }),
        );
        return false;
      case 'authorize':
        if (payload.allowed === true) return false;
        return this.refused(String(payload.reason), payload.retry_after_ms as number | undefined);
      case 'error':
        if (payload.request_id === 'post') {
          // The post failed for now (e.g. the database is still warming up): the same client_id goes again.
          this.events.refused(`message ${String(payload.code)}`);
          setTimeout(() => this.sendPost(), retryDelay(0, payload.retry_after_ms as number | undefined));
          return false;
        }
        return this.refused(String(payload.code), payload.retry_after_ms as number | undefined);
      case 'resumed':
        this.live = true;
        this.attempt = 0;
        this.events.resumed((performance.now() - this.openedAt) * 1000);
        this.sendPost();
        return true;
      case 'ack':
        if (payload.request_id === 'post') this.posted = payload.seq as number;
        return false;
      case 'send':
        for (const message of payload.messages as Array<{ room_id: number; seq: number }>) this.received(message);
        return false;
      default:
        return false;
    }
  }

  private received(message: { room_id: number; seq: number }): void {
    if (message.room_id !== this.account.roomId) return;
    if (message.seq <= this.lastSeq) this.duplicates += 1;
    else {
      if (message.seq > this.lastSeq + 1) this.gaps += message.seq - this.lastSeq - 1;
      this.lastSeq = message.seq;
    }
  }

  private refused(reason: string, retryAfterMs: number | undefined): boolean {
    this.events.refused(reason);
    if (!RETRY_REFUSALS.has(reason)) {
      this.gaveUp = true;
      this.socket?.terminate();
      return true;
    }
    this.retryAfter = retryAfterMs;
    this.socket?.terminate();
    return true;
  }

  private closed(): void {
    this.socket = undefined;
    const wasLive = this.live;
    this.live = false;
    if (wasLive) this.events.dropped();
    if (this.gaveUp) return;
    const delay = retryDelay(this.attempt, this.retryAfter);
    this.retryAfter = undefined;
    this.attempt += 1;
    setTimeout(() => void this.connect(), delay);
  }
}
