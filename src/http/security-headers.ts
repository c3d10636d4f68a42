import type { FastifyInstance } from 'fastify';

/**
 * Defence in depth for the web client: the page renders user content as
 * text only, and the Content-Security-Policy would still refuse any script
 * or style that is not one of our own files, should markup ever slip in.
 * connect-src 'self' admits the same-origin WebSocket (CSP Level 3).
 */
const HEADERS = {
  'content-security-policy':
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; object-src 'none'; base-uri 'none'; frame-ancestors 'none'; form-action 'self'",
  'x-content-type-options': 'nosniff',
  'referrer-policy': 'no-referrer',
  'x-frame-options': 'DENY',
} as const;

/** A route that sets one of these itself (files: a sandboxing CSP) keeps its own. */
export function registerSecurityHeaders(app: FastifyInstance): void {
  app.addHook('onSend', async (_request, reply) => {
    for (const [name, value] of Object.entries(HEADERS)) if (!reply.hasHeader(name)) reply.header(name, value);
  });
}
