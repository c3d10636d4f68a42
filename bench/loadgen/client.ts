import WebSocket from 'ws';

/**
 * `chat`: our protocol (`{kind, payload}` JSON text frames on /connect),
 * spoken by our server and the two bare-ws baselines. `socketio`: the same
 * kinds as Socket.IO events, spoken as raw Engine.IO v4 frames over one
 * WebSocket, so the generator stays as lean as for the others.
 */
export type Protocol = 'chat' | 'socketio';

export type Payload = Record<string, unknown>;

const SEND_PREFIX: Record<Protocol, Buffer> = {
  chat: Buffer.from('{"kind":"send"'),
  socketio: Buffer.from('42["send"'),
};

const READY_KIND = '__ready';

interface Waiter {
  finish: (payload: Payload) => void;
  /** Set: only an answer carrying this request_id finishes the wait. */
  requestId: unknown;
}

export interface SigninResult {
  allowed: boolean;
  reason?: string;
  signedUp: boolean;
  micros: number;
}

export class BenchClient {
  readonly ws: WebSocket;
  /** Called with each raw `send` frame (chat messages), unparsed. */
  onSend: ((data: Buffer) => void) | undefined;
  /** Called with every other frame, parsed. */
  onControl: ((kind: string, payload: Payload) => void) | undefined;
  closed = false;
  private readonly waiters = new Map<string, Waiter>();
  private readonly ready: Promise<Payload>;

  constructor(
    baseUrl: string,
    readonly protocol: Protocol,
    localAddress?: string,
  ) {
    const url = protocol === 'socketio' ? `${baseUrl}/socket.io/?EIO=4&transport=websocket` : `${baseUrl}/connect`;
    this.ws = new WebSocket(url, { perMessageDeflate: false, skipUTF8Validation: true, handshakeTimeout: 60_000, localAddress });
    this.ready = this.waitFor([protocol === 'socketio' ? READY_KIND : 'initial'], 60_000);
    const prefix = SEND_PREFIX[protocol];
    this.ws.on('message', (data: Buffer) => {
      if (data.length > prefix.length && data.compare(prefix, 0, prefix.length, 0, prefix.length) === 0) {
        this.onSend?.(data);
        return;
      }
      this.control(data.toString('utf8'));
    });
    this.ws.on('error', () => {});
    this.ws.on('close', () => {
      this.closed = true;
      for (const waiter of this.waiters.values()) waiter.finish({ __closed: true });
      this.waiters.clear();
    });
  }

  /** Resolves true once the server greeted the connection (`initial`, or Socket.IO's connect). */
  async opened(): Promise<boolean> {
    const ready = await this.ready;
    return !ready.__closed && !ready.__timeout;
  }

  send(kind: string, payload: Payload): void {
    if (this.ws.readyState !== WebSocket.OPEN) return;
    this.ws.send(this.protocol === 'socketio' ? `42${JSON.stringify([kind, payload])}` : JSON.stringify({ kind, payload }));
  }

  /** Connects, then signs in; with `signupIfUnknown`, signs up when the nickname does not exist yet. */
  async signin(nickname: string, password: string, signupIfUnknown: boolean): Promise<SigninResult> {
    const started = performance.now();
    const ready = await this.ready;
    if (ready.__closed || ready.__timeout)
      return { allowed: false, reason: ready.__closed ? 'closed' : 'timeout', signedUp: false, micros: 0 };
    const attempt = (kind: 'signin' | 'signup') => this.request(kind, { nickname, password, request_id: kind }, ['authorize', 'error']);
    let answer = await attempt('signin');
    let signedUp = false;
    if (answer.allowed !== true && answer.reason === 'bad_credentials' && signupIfUnknown) {
      answer = await attempt('signup');
      signedUp = true;
      // Two connections of one new account raced to create it: the loser signs in.
      if (answer.allowed !== true && answer.reason === 'nickname_taken') {
        answer = await attempt('signin');
        signedUp = false;
      }
    }
    const micros = (performance.now() - started) * 1000;
    if (answer.allowed === true) return { allowed: true, signedUp, micros };
    const reason = String(answer.reason ?? answer.code ?? (answer.__closed ? 'closed' : answer.__timeout ? 'timeout' : 'refused'));
    return { allowed: false, reason, signedUp, micros };
  }

  /**
   * Sends a frame and resolves with the payload of the first answer of one of `answers`
   * (`__closed` / `__timeout` set when none came). With `sameRequest`, only an answer carrying the
   * payload's request_id counts: a room join also brings a `room` frame from the bus, maybe first.
   * One request per answer kind at a time.
   */
  request(
    kind: string,
    payload: Payload,
    answers: string[],
    options: { timeoutMs?: number; sameRequest?: boolean } = {},
  ): Promise<Payload> {
    const requestId = options.sameRequest ? payload.request_id : undefined;
    const answer = this.waitFor(answers, options.timeoutMs ?? 120_000, requestId);
    this.send(kind, payload);
    return answer;
  }

  close(): void {
    this.ws.terminate();
  }

  private waitFor(kinds: string[], timeoutMs: number, requestId?: unknown): Promise<Payload> {
    return new Promise((resolve) => {
      const timer = setTimeout(() => finish({ __timeout: true }), timeoutMs);
      const finish = (payload: Payload) => {
        clearTimeout(timer);
        for (const kind of kinds) this.waiters.delete(kind);
        resolve(payload);
      };
      for (const kind of kinds) this.waiters.set(kind, { finish, requestId });
    });
  }

  private control(text: string): void {
    let kind: string;
    let payload: Payload;
    try {
      if (this.protocol === 'socketio') {
        if (text === '2') return void this.ws.send('3');
        if (text.startsWith('0')) return void this.ws.send('40');
        if (text.startsWith('40')) [kind, payload] = [READY_KIND, {}];
        else if (text.startsWith('42')) [kind, payload] = JSON.parse(text.slice(2)) as [string, Payload];
        else return;
      } else {
        ({ kind, payload } = JSON.parse(text) as { kind: string; payload: Payload });
      }
    } catch {
      return;
    }
    const waiter = this.waiters.get(kind);
    if (waiter && (waiter.requestId === undefined || payload?.request_id === waiter.requestId)) return waiter.finish(payload ?? {});
    this.onControl?.(kind, payload ?? {});
  }
}
