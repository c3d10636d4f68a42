import { createServer, type Server, type ServerResponse } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isPublicAddress } from '../../src/net/address-policy.js';
import { GuardedFetcher, type GuardedRequest, OutboundError } from '../../src/net/guarded-fetch.js';

describe('which addresses the server may reach', () => {
  it('admits public unicast only', () => {
    for (const address of ['8.8.8.8', '1.1.1.1', '93.184.216.34', '2606:4700:4700::1111', '2a00:1450:4001:80b::200e']) {
      expect(isPublicAddress(address), address).toBe(true);
    }
    const refused = [
      '127.0.0.1',
      '127.8.9.1',
      '10.0.0.1',
      '172.16.5.4',
      '172.31.255.255',
      '192.168.1.1',
      '169.254.169.254',
      '100.64.0.1',
      '0.0.0.0',
      '224.0.0.1',
      '255.255.255.255',
      '192.0.2.1',
      '::1',
      '::',
      'fe80::1',
      'fc00::1',
      'fd12:3456::1',
      'ff02::1',
      '::ffff:127.0.0.1',
      '::ffff:10.0.0.1',
      '::ffff:7f00:1',
      '64:ff9b::a00:1',
      '2002:a00:1::1',
      'not an address',
    ];
    for (const address of refused) expect(isPublicAddress(address), address).toBe(false);
  });

  it('admits loopback, and nothing else private, only under the test switch', () => {
    expect(isPublicAddress('127.0.0.1', true)).toBe(true);
    expect(isPublicAddress('::1', true)).toBe(true);
    expect(isPublicAddress('::ffff:127.0.0.1', true)).toBe(true);
    for (const address of ['10.0.0.1', '169.254.169.254', '192.168.0.1', 'fd00::1'])
      expect(isPublicAddress(address, true), address).toBe(false);
  });
});

describe('the guarded fetcher against a fixture server on loopback', () => {
  let server: Server;
  let base: string;
  const routes: Record<string, (response: ServerResponse) => void> = {
    '/page': (response) => response.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end('<title>Hello</title>'),
    '/hop': (response) => response.writeHead(302, { location: '/page' }).end(),
    '/loop': (response) => response.writeHead(302, { location: '/loop' }).end(),
    '/to-metadata': (response) => response.writeHead(302, { location: 'http://169.254.169.254/latest/meta-data/' }).end(),
    '/to-private': (response) => response.writeHead(301, { location: 'http://10.0.0.1/' }).end(),
    '/image': (response) => response.writeHead(200, { 'content-type': 'image/png' }).end(Buffer.alloc(10)),
    '/huge': (response) => {
      response.writeHead(200, { 'content-type': 'text/html' });
      const chunk = Buffer.alloc(64 * 1024, 'a');
      let sent = 0;
      const more = () => {
        while (sent < 10 * 1024 * 1024) {
          sent += chunk.length;
          if (!response.write(chunk)) return void response.once('drain', more);
        }
        response.end();
      };
      more();
    },
    '/slow': (response) => {
      response.writeHead(200, { 'content-type': 'text/html' });
      const drip = setInterval(() => response.write('.'), 200);
      response.once('close', () => clearInterval(drip));
    },
  };

  beforeAll(async () => {
    server = createServer((request, response) => (routes[request.url ?? ''] ?? ((r) => r.writeHead(404).end()))(response));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    base = `http://127.0.0.1:${(server.address() as { port: number }).port}`;
  });
  afterAll(() => {
    server.closeAllConnections();
    server.close();
  });

  const testing = new GuardedFetcher({ allowLoopback: true, userAgent: 'cerulean-chalice-test' });
  const production = new GuardedFetcher({ allowLoopback: false, userAgent: 'cerulean-chalice-test' });
  const html = (url: string, extra: Partial<GuardedRequest> = {}): GuardedRequest => ({
    url,
    maxBytes: 1024 * 1024,
    timeoutMs: 2_000,
    acceptContentType: (type) => type.startsWith('text/html'),
    ...extra,
  });
  const refusal = (promise: Promise<unknown>) =>
    promise.then(
      () => 'fetched',
      (error: unknown) => (error instanceof OutboundError ? error.reason : `unexpected: ${String(error)}`),
    );

  it('fetches a page, following a redirect, under the test switch', async () => {
    const response = await testing.fetch(html(`${base}/hop`));
    expect(response.status).toBe(200);
    expect(response.body.toString()).toBe('<title>Hello</title>');
    expect(response.url).toBe(`${base}/page`);
  });

  it('refuses loopback, and names that resolve to it, without the test switch', async () => {
    expect(await refusal(production.fetch(html(`${base}/page`)))).toBe('address');
    expect(await refusal(production.fetch(html(`${base.replace('127.0.0.1', 'localhost')}/page`)))).toBe('address');
    expect(await refusal(production.fetch(html('http://[::1]/')))).toBe('address');
  });

  it('checks every redirect again: metadata and private addresses are never contacted', async () => {
    expect(await refusal(testing.fetch(html(`${base}/to-metadata`)))).toBe('address');
    expect(await refusal(testing.fetch(html(`${base}/to-private`)))).toBe('address');
    expect(await refusal(testing.fetch(html(`${base}/loop`)))).toBe('redirects');
  });

  it('refuses other schemes, credentials in URLs, plain http to public hosts unless allowed, and unwanted types', async () => {
    expect(await refusal(testing.fetch(html('file:///etc/passwd')))).toBe('scheme');
    expect(await refusal(testing.fetch(html('ftp://example.com/')))).toBe('scheme');
    expect(await refusal(testing.fetch(html('http://user:pw@127.0.0.1/')))).toBe('bad_url');
    expect(await refusal(production.fetch(html('http://8.8.8.8/')))).toBe('scheme');
    expect(await refusal(testing.fetch(html(`${base}/image`)))).toBe('content_type');
  });

  it('reads at most maxBytes of a 10 MiB page and gives up on a server that dribbles', async () => {
    const huge = await testing.fetch(html(`${base}/huge`));
    expect(huge.truncated).toBe(true);
    expect(huge.body.length).toBe(1024 * 1024);
    const started = Date.now();
    expect(await refusal(testing.fetch(html(`${base}/slow`, { timeoutMs: 1_000 })))).toBe('timeout');
    expect(Date.now() - started).toBeLessThan(3_000);
  });
});
