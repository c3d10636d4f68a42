import { describe, expect, it } from 'vitest';
import { useServer } from '../helpers/suite.js';

describe('HTTP: web client, health, headers (PGlite)', () => {
  const server = useServer('pglite');

  it('serves the web client at / with a strict Content-Security-Policy', async () => {
    const response = await fetch(`${server().url}/`);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/text\/html/);
    expect(response.headers.get('content-security-policy')).toContain("script-src 'self'");
    expect(response.headers.get('x-content-type-options')).toBe('nosniff');
    const html = await response.text();
    // Every script is a file of our own: no inline script the policy would have to allow.
    expect(html).not.toMatch(/<script(?![^>]*\bsrc=)[^>]*>/);
  });

  it('answers /health with liveness only: no counts without the metrics token', async () => {
    const response = await fetch(`${server().url}/health`);
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ status: 'ok' });
  });

  it('answers unknown paths with 404, not the app', async () => {
    expect((await fetch(`${server().url}/no/such/page`)).status).toBe(404);
  });
});
