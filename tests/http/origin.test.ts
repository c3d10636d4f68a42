import { request } from 'node:http';
import { describe, expect, it } from 'vitest';
import { useServer } from '../helpers/suite.js';

/**
 * A WebSocket handshake with forged headers, as an attacker's page (or a rebound DNS name) would send
 * it; `Host: undefined` sends none at all.
 */
function handshake(url: string, headers: Record<string, string | undefined>): Promise<{ status: number; message?: string }> {
  const { Host, ...others } = headers;
  return new Promise((resolve, reject) => {
    const req = request(`${url}/connect`, {
      agent: false,
      setHost: Host !== undefined,
      headers: {
        Connection: 'Upgrade',
        Upgrade: 'websocket',
        'Sec-WebSocket-Version': '13',
        'Sec-WebSocket-Key': 'dGhlIHNhbXBsZSBub25jZQ==',
        ...others,
        ...(Host === undefined ? {} : { Host }),
      },
    });
    req.on('upgrade', (_response, socket) => {
      socket.destroy();
      resolve({ status: 101 });
    });
    req.on('response', (response) => {
      let body = '';
      response.on('data', (chunk) => {
        body += chunk;
      });
      response.on('end', () => resolve({ status: response.statusCode ?? 0, message: (JSON.parse(body) as { message: string }).message }));
    });
    req.on('error', reject);
    req.end();
  });
}

describe('Origin and Host checks without PUBLIC_URL (PGlite)', () => {
  const server = useServer('pglite');
  const port = () => new URL(server().url).port;

  it('admits a page served from a loopback name or an IP literal, on the same scheme, host and port', async () => {
    for (const host of [`127.0.0.1:${port()}`, `localhost:${port()}`, `[::1]:${port()}`, `192.0.2.7:${port()}`]) {
      expect(await handshake(server().url, { Host: host, Origin: `http://${host}` }), host).toEqual({ status: 101 });
    }
  });

  it('admits programs that send no Origin, whatever the Host', async () => {
    expect(await handshake(server().url, { Host: 'evil.example' })).toEqual({ status: 101 });
  });

  it('refuses another scheme or port of our own host', async () => {
    const host = `127.0.0.1:${port()}`;
    expect((await handshake(server().url, { Host: host, Origin: `https://${host}` })).status).toBe(403);
    expect((await handshake(server().url, { Host: host, Origin: `http://127.0.0.1:${Number(port()) + 1}` })).status).toBe(403);
    expect((await handshake(server().url, { Host: host, Origin: `http://localhost:${port()}` })).status).toBe(403);
  });

  it('refuses a DNS-rebinding pair (Origin and Host both the attacker name) and says PUBLIC_URL serves a domain', async () => {
    const refused = await handshake(server().url, { Host: `evil.example:${port()}`, Origin: `http://evil.example:${port()}` });
    expect(refused.status).toBe(403);
    expect(refused.message).toMatch(/PUBLIC_URL=https:\/\/evil\.example/);
  });

  it('refuses Origin null and a browser handshake without Host', async () => {
    expect((await handshake(server().url, { Host: `127.0.0.1:${port()}`, Origin: 'null' })).status).toBe(403);
    expect((await handshake(server().url, { Host: undefined, Origin: `http://127.0.0.1:${port()}` })).status).toBe(403);
  });
});

describe('Origin and Host checks with PUBLIC_URL (PGlite)', () => {
  const server = useServer('pglite', { PUBLIC_URL: 'https://chat.example.com', ALLOWED_ORIGINS: 'https://app.example.com' });

  it('admits the public origin at the public host (default port written or not) and a listed origin', async () => {
    for (const host of ['chat.example.com', 'CHAT.example.com:443']) {
      expect(await handshake(server().url, { Host: host, Origin: 'https://chat.example.com' }), host).toEqual({ status: 101 });
    }
    expect(await handshake(server().url, { Host: 'chat.example.com', Origin: 'https://app.example.com' })).toEqual({ status: 101 });
  });

  it('refuses the public host over the other scheme, another Host, and the loopback page', async () => {
    expect((await handshake(server().url, { Host: 'chat.example.com', Origin: 'http://chat.example.com' })).status).toBe(403);
    const rebound = await handshake(server().url, { Host: 'evil.example', Origin: 'https://chat.example.com' });
    expect(rebound).toMatchObject({ status: 403, message: expect.stringMatching(/served at https:\/\/chat\.example\.com/) });
    const loopback = new URL(server().url).host;
    expect((await handshake(server().url, { Host: loopback, Origin: `http://${loopback}` })).status).toBe(403);
    expect((await handshake(server().url, { Host: 'app.example.com', Origin: 'https://app.example.com' })).status).toBe(403);
  });
});
