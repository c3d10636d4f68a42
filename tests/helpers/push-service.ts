import { createDecipheriv, createECDH, createPublicKey, hkdfSync, randomBytes, verify } from 'node:crypto';
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';

/** One push as a browser's push service received it, decrypted with the subscription's private key. */
export interface ReceivedPush {
  path: string;
  headers: IncomingHttpHeaders;
  payload: Record<string, unknown>;
  /** The VAPID token's claims, after its ES256 signature was checked against `k`. */
  vapid: { aud: string; exp: number; sub: string; publicKey: string };
}

export type TestSubscription = {
  endpoint: string;
  keys: { p256dh: string; auth: string };
};

const b64 = (buffer: Buffer) => buffer.toString('base64url');

/**
 * A push service on loopback (RFC 8030) that holds the subscriptions'
 * private keys: it decrypts each aes128gcm body itself (RFC 8291, written
 * here from the RFC, not with the sender's library) and checks the VAPID
 * signature (RFC 8292). `status` decides its answer per path.
 */
export class TestPushService {
  readonly received: ReceivedPush[] = [];
  /** Path → HTTP status to answer; 201 by default; 0 never answers. */
  readonly status = new Map<string, number>();
  attempts = 0;
  private readonly keys = new Map<string, { ecdh: ReturnType<typeof createECDH>; auth: Buffer }>();
  private server!: Server;
  base = '';

  async start(): Promise<this> {
    this.server = createServer((request, response) => {
      const chunks: Buffer[] = [];
      request.on('data', (chunk: Buffer) => chunks.push(chunk));
      request.on('end', () => {
        this.attempts += 1;
        const path = request.url ?? '';
        const status = this.status.get(path) ?? 201;
        if (status === 0) return;
        if (status === 201) this.received.push(this.open(path, request.headers, Buffer.concat(chunks)));
        response.writeHead(status).end();
      });
    });
    await new Promise<void>((resolve) => this.server.listen(0, '127.0.0.1', resolve));
    this.base = `http://127.0.0.1:${(this.server.address() as { port: number }).port}`;
    return this;
  }

  subscription(path: string): TestSubscription {
    const ecdh = createECDH('prime256v1');
    ecdh.generateKeys();
    const auth = randomBytes(16);
    this.keys.set(path, { ecdh, auth });
    return { endpoint: `${this.base}${path}`, keys: { p256dh: b64(ecdh.getPublicKey()), auth: b64(auth) } };
  }

  close(): void {
    this.server.closeAllConnections();
    this.server.close();
  }

  private open(path: string, headers: IncomingHttpHeaders, body: Buffer): ReceivedPush {
    const keys = this.keys.get(path);
    if (!keys) throw new Error(`push to unknown subscription ${path}`);
    return { path, headers, payload: JSON.parse(decrypt(body, keys.ecdh, keys.auth)), vapid: checkVapid(String(headers.authorization)) };
  }
}

/** RFC 8291 §3 and RFC 8188: one aes128gcm record. */
function decrypt(body: Buffer, receiver: ReturnType<typeof createECDH>, authSecret: Buffer): string {
  const salt = body.subarray(0, 16);
  const idLength = body.readUInt8(20);
  const senderPublic = body.subarray(21, 21 + idLength);
  const record = body.subarray(21 + idLength);
  const shared = receiver.computeSecret(senderPublic);
  const keyInfo = Buffer.concat([Buffer.from('WebPush: info\0'), receiver.getPublicKey(), senderPublic]);
  const ikm = Buffer.from(hkdfSync('sha256', shared, authSecret, keyInfo, 32));
  const key = Buffer.from(hkdfSync('sha256', ikm, salt, Buffer.from('Content-Encoding: aes128gcm\0'), 16));
  const nonce = Buffer.from(hkdfSync('sha256', ikm, salt, Buffer.from('Content-Encoding: nonce\0'), 12));
  const decipher = createDecipheriv('aes-128-gcm', key, nonce);
  decipher.setAuthTag(record.subarray(record.length - 16));
  const padded = Buffer.concat([decipher.update(record.subarray(0, record.length - 16)), decipher.final()]);
  let end = padded.length - 1;
  while (end >= 0 && padded[end] === 0) end -= 1;
  if (padded[end] !== 2) throw new Error('not the last record of an aes128gcm body');
  return padded.subarray(0, end).toString('utf8');
}

function checkVapid(authorization: string): ReceivedPush['vapid'] {
  const match = /^vapid t=([^,]+),\s*k=(\S+)$/.exec(authorization);
  if (!match) throw new Error(`not a VAPID authorization: ${authorization}`);
  const [header, claims, signature] = (match[1] as string).split('.') as [string, string, string];
  const raw = Buffer.from(match[2] as string, 'base64url');
  const key = createPublicKey({
    key: { kty: 'EC', crv: 'P-256', x: b64(raw.subarray(1, 33)), y: b64(raw.subarray(33, 65)) },
    format: 'jwk',
  });
  const valid = verify(
    'sha256',
    Buffer.from(`${header}.${claims}`),
    { key, dsaEncoding: 'ieee-p1363' },
    Buffer.from(signature, 'base64url'),
  );
  if (!valid) throw new Error('VAPID signature does not verify');
  return { ...JSON.parse(Buffer.from(claims, 'base64url').toString()), publicKey: match[2] as string };
}
