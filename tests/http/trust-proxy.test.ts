import { describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { useServer } from '../helpers/suite.js';

/** Opens a raw handshake claiming to be forwarded for `client`; resolves with the HTTP status or 101. */
function handshake(url: string, client: string): Promise<{ status: number; socket?: WebSocket }> {
  return new Promise((resolve) => {
    const socket = new WebSocket(url, { headers: { 'x-forwarded-for': client } });
    socket.once('open', () => resolve({ status: 101, socket }));
    socket.once('unexpected-response', (_request, response) => resolve({ status: response.statusCode ?? 0 }));
    socket.once('error', () => resolve({ status: 0 }));
  });
}

describe('the client address behind a reverse proxy', () => {
  const trusting = useServer('pglite', { MAX_CONNECTIONS_PER_ADDRESS: '1', TRUST_PROXY: '127.0.0.1' });
  const plain = useServer('pglite', { MAX_CONNECTIONS_PER_ADDRESS: '1' });

  it('counts per forwarded client when the proxy is trusted', async () => {
    const first = await handshake(trusting().wsUrl, '203.0.113.5');
    const other = await handshake(trusting().wsUrl, '198.51.100.7');
    const again = await handshake(trusting().wsUrl, '203.0.113.5');
    expect([first.status, other.status, again.status]).toEqual([101, 101, 429]);
    for (const { socket } of [first, other]) socket?.close();
  });

  it('ignores X-Forwarded-For from anyone not listed: the header cannot buy a fresh address', async () => {
    const first = await handshake(plain().wsUrl, '203.0.113.5');
    const other = await handshake(plain().wsUrl, '198.51.100.7');
    expect([first.status, other.status]).toEqual([101, 429]);
    first.socket?.close();
  });
});
