import { randomBytes } from 'node:crypto';
import WebSocket from 'ws';
import type { ServerFrame, ServerKind, ServerPayloads } from '../../src/protocol/server-events.js';

type FrameOf<K extends ServerKind> = { kind: K; payload: ServerPayloads[K] };

/**
 * A protocol client over a real WebSocket, speaking raw JSON as a seed
 * client would. Every frame is recorded; `next` waits for one that matches.
 */
export class TestClient {
  readonly frames: ServerFrame[] = [];
  connectionId = '';
  userId = 0;
  nickname = '';
  /** The session token from the last `authorize` that granted one. */
  token = '';
  private cursor = 0;
  private readonly listeners: Array<(frame: ServerFrame) => void> = [];
  private calls = 0;
  private waiters: Array<() => void> = [];
  closed: { code: number; reason: string } | undefined;

  private constructor(readonly socket: WebSocket) {
    socket.on('message', (data) => {
      const frame = JSON.parse(data.toString()) as ServerFrame;
      this.frames.push(frame);
      for (const listener of this.listeners) listener(frame);
      this.wake();
    });
    socket.on('close', (code, reason) => {
      this.closed = { code, reason: reason.toString() };
      this.wake();
    });
  }

  /** `from` picks the client's own address (any of 127.0.0.0/8 on Linux), to act as several hosts. */
  static async connect(wsUrl: string, headers: Record<string, string> = {}, from?: string): Promise<TestClient> {
    const socket = new WebSocket(wsUrl, { headers, ...(from ? { localAddress: from } : {}) });
    const client = new TestClient(socket);
    await new Promise<void>((resolve, reject) => {
      socket.once('open', () => resolve());
      socket.once('error', reject);
    });
    client.connectionId = (await client.next('initial')).payload.connection_id;
    return client;
  }

  /** Calls `listener` with every frame received from now on, as it arrives. */
  onFrame(listener: (frame: ServerFrame) => void): void {
    this.listeners.push(listener);
  }

  get isOpen(): boolean {
    return this.socket.readyState === WebSocket.OPEN;
  }

  send(kind: string, payload: Record<string, unknown> = {}): void {
    this.socket.send(JSON.stringify({ kind, payload }));
  }

  sendRaw(data: string | Buffer, binary = false): void {
    this.socket.send(data, { binary });
  }

  /** Waits for the next frame of this kind (after those already consumed) that matches. */
  async next<K extends ServerKind>(
    kind: K,
    match: (payload: ServerPayloads[K]) => boolean = () => true,
    timeoutMs = 5_000,
  ): Promise<FrameOf<K>> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      for (let i = this.cursor; i < this.frames.length; i++) {
        const frame = this.frames[i] as ServerFrame;
        if (frame.kind === kind && match(frame.payload as ServerPayloads[K])) {
          this.cursor = i + 1;
          return frame as FrameOf<K>;
        }
      }
      if (this.closed) throw new Error(`socket closed (${this.closed.code}) while waiting for ${kind}`);
      const left = deadline - Date.now();
      if (left <= 0) throw new Error(`timed out waiting for ${kind}; got ${JSON.stringify(this.frames.slice(this.cursor)).slice(0, 500)}`);
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, left);
        this.waiters.push(() => {
          clearTimeout(timer);
          resolve();
        });
      });
    }
  }

  /**
   * Sends a frame with a fresh request_id and resolves with the first reply
   * carrying it back, whatever its kind (the answer, or an `error`).
   */
  async call(kind: string, payload: Record<string, unknown> = {}, timeoutMs = 5_000): Promise<ServerFrame> {
    const requestId = `call-${++this.calls}`;
    const start = this.frames.length;
    this.send(kind, { ...payload, request_id: requestId });
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const found = this.frames.slice(start).find((frame) => (frame.payload as { request_id?: string }).request_id === requestId);
      if (found) return found;
      if (this.closed) throw new Error(`socket closed while waiting for the reply to ${kind}`);
      if (Date.now() > deadline) throw new Error(`no reply to ${kind} within ${timeoutMs} ms`);
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, 50);
        this.waiters.push(() => {
          clearTimeout(timer);
          resolve();
        });
      });
    }
  }

  /** Like `call`, but fails unless the reply is of the expected kind. */
  async expectReply<K extends ServerKind>(kind: string, payload: Record<string, unknown>, replyKind: K): Promise<ServerPayloads[K]> {
    const frame = await this.call(kind, payload);
    if (frame.kind !== replyKind) throw new Error(`${kind} answered ${frame.kind}: ${JSON.stringify(frame.payload)}`);
    return frame.payload as ServerPayloads[K];
  }

  /** Every frame of a kind received so far, consumed or not. */
  all<K extends ServerKind>(kind: K): FrameOf<K>[] {
    return this.frames.filter((frame) => frame.kind === kind) as FrameOf<K>[];
  }

  /** Messages received in `send` frames so far, in arrival order. */
  messages() {
    return this.all('send').flatMap((frame) => frame.payload.messages);
  }

  async signup(nickname = uniqueNickname(), password = 'correct horse battery'): Promise<this> {
    this.send('signup', { connection_id: this.connectionId, nickname, password });
    const reply = await this.next('authorize');
    if (!reply.payload.allowed) throw new Error(`signup refused: ${reply.payload.reason}`);
    this.userId = reply.payload.user_id as number;
    this.nickname = nickname;
    this.token = reply.payload.token ?? '';
    return this;
  }

  async waitClosed(timeoutMs = 5_000): Promise<{ code: number; reason: string }> {
    const deadline = Date.now() + timeoutMs;
    while (!this.closed && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 20));
    if (!this.closed) throw new Error('socket did not close');
    return this.closed;
  }

  close(): void {
    this.socket.close();
  }

  private wake(): void {
    const waiters = this.waiters;
    this.waiters = [];
    for (const wake of waiters) wake();
  }
}

/**
 * Signs up the first account of a fresh server, which makes it the server's admin; fails if
 * `authorize` grants any other role (the server was not fresh, so the test's premise is wrong).
 */
export async function signUpFirstAdmin(wsUrl: string, nickname = `first_${Date.now()}`): Promise<TestClient> {
  const admin = await (await TestClient.connect(wsUrl)).signup(nickname);
  const role = admin.all('authorize')[0]?.payload.role;
  if (role !== 'admin') throw new Error(`the first account was granted ${role}, not admin`);
  return admin;
}

export function uniqueNickname(prefix = 'user'): string {
  return `${prefix}_${randomBytes(5).toString('hex')}`;
}
