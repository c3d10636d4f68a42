import type { ClientKind, ClientPayload } from '../protocol/client-frames.js';
import { retryDelay } from '../protocol/reconnect.js';
import type { ServerFrame } from '../protocol/server-events.js';

export interface ConnectionEvents {
  /** A frame from the server; `initial` comes first on every new socket. */
  frame(frame: ServerFrame): void;
  /** The socket is gone; a new one opens at `retryAt` (ms since epoch). */
  closed(retryAt: number): void;
}

/** The server closes a connection after 100 s without a frame; a protocol ping every 30 s keeps it open. */
const PING_EVERY_MS = 30_000;
/** A handshake that has not finished by then is abandoned, as a black-holed connection may never fail on its own. */
const CONNECT_TIMEOUT_MS = 10_000;
/** ws(s)://<this host>/connect: the page and the socket share an origin, which the server's Origin check expects. */
export function defaultSocketUrl(): string {
  return `${location.protocol === 'https:' ? 'wss' : 'ws'}://${location.host}/connect`;
}

/** 128 random bits as hex; crypto.randomUUID exists only in secure contexts, getRandomValues everywhere. */
export function randomId(): string {
  return Array.from(crypto.getRandomValues(new Uint8Array(16)), (byte) => byte.toString(16).padStart(2, '0')).join('');
}

/**
 * One logical connection over a succession of WebSockets: it reconnects with
 * jittered exponential backoff, pings, and notices a silent peer. It knows
 * nothing of sign-in or messages; the session does.
 */
export class Connection {
  private socket: WebSocket | null = null;
  private attempt = 0;
  private retryTimer: ReturnType<typeof setTimeout> | undefined;
  private pingTimer: ReturnType<typeof setInterval> | undefined;
  private lastFrameAt = 0;
  private lastPingAt = 0;
  private requests = 0;

  constructor(
    private readonly url: string,
    private readonly events: ConnectionEvents,
  ) {}

  start(): void {
    // The network is back, or the person looks at the page again: a waiting retry goes now.
    window.addEventListener('online', () => this.reconnectNow());
    document.addEventListener('visibilitychange', () => {
      if (document.visibilityState === 'visible') this.reconnectNow();
    });
    this.open();
  }

  get isOpen(): boolean {
    return this.socket?.readyState === WebSocket.OPEN;
  }

  /** Request ids are unique for the page's lifetime, so a reply can never match a request from an older socket. */
  nextRequestId(): string {
    this.requests += 1;
    return `r${this.requests}`;
  }

  /** Returns false when there is no open socket; the caller keeps what it meant to send. */
  send<K extends ClientKind>(kind: K, payload: ClientPayload<K>): boolean {
    if (!this.socket || !this.isOpen) return false;
    this.socket.send(JSON.stringify({ kind, payload }));
    return true;
  }

  /** The session calls this once a socket proved usable, so the next failure starts the backoff over. */
  markHealthy(): void {
    this.attempt = 0;
  }

  /** Drops the current socket (if any) and opens a new one: at once, or after the backoff delay (or the server's `retry_after_ms`). */
  restart(immediately = false, retryAfterMs?: number): void {
    this.drop(immediately, retryAfterMs);
  }

  /** Tries at once when waiting to retry ("Reconnect now"); does nothing while a socket is open or opening. */
  reconnectNow(): void {
    if (this.socket) return;
    clearTimeout(this.retryTimer);
    this.open();
  }

  private open(): void {
    this.retryTimer = undefined;
    const socket = new WebSocket(this.url);
    this.socket = socket;
    const connectTimer = setTimeout(() => {
      if (this.socket === socket && socket.readyState === WebSocket.CONNECTING) this.drop();
    }, CONNECT_TIMEOUT_MS);
    socket.onopen = () => {
      clearTimeout(connectTimer);
      this.lastFrameAt = Date.now();
      this.lastPingAt = 0;
      this.pingTimer = setInterval(() => this.ping(), PING_EVERY_MS);
    };
    socket.onmessage = (event) => {
      this.lastFrameAt = Date.now();
      if (typeof event.data !== 'string') return;
      let frame: ServerFrame;
      try {
        frame = JSON.parse(event.data) as ServerFrame;
      } catch {
        return;
      }
      this.events.frame(frame);
    };
    socket.onclose = () => this.drop();
  }

  private ping(): void {
    // Not a frame since the previous ping, a whole interval ago (background tabs may stretch it to a
    // minute): the peer vanished without a close, which the browser can take many minutes to notice.
    if (this.lastPingAt > this.lastFrameAt) {
      this.drop();
      return;
    }
    this.lastPingAt = Date.now();
    this.send('ping', { request_id: this.nextRequestId() });
  }

  /** Forgets the socket at once, without waiting for a close handshake a vanished peer will never finish. */
  private drop(immediately = false, retryAfterMs?: number): void {
    const socket = this.socket;
    if (!socket) return;
    this.socket = null;
    socket.onopen = socket.onmessage = socket.onclose = null;
    if (socket.readyState <= WebSocket.OPEN) socket.close();
    clearInterval(this.pingTimer);
    const delay = immediately ? 0 : retryDelay(this.attempt, retryAfterMs);
    if (!immediately) this.attempt += 1;
    this.retryTimer = setTimeout(() => this.open(), delay);
    this.events.closed(Date.now() + delay);
  }
}
