import { existsSync } from 'node:fs';
import { sep } from 'node:path';
import fastifyStatic from '@fastify/static';
import type { FastifyInstance } from 'fastify';

/**
 * The web client, built by Vite into dist/client, with its service worker at /sw.js (scope /, the
 * whole app) and the app manifest at /manifest.webmanifest.
 */
export async function registerStaticClient(app: FastifyInstance, root: string): Promise<void> {
  if (!existsSync(root)) {
    app.log.warn({ root }, 'web client is not built; run `npm run build:client`');
    app.get('/', async (_request, reply) => reply.code(503).type('text/plain').send('web client is not built: run `npm run build:client`'));
    return;
  }
  await app.register(fastifyStatic, {
    root,
    index: 'index.html',
    setHeaders: (response, path) => {
      // The browser checks the worker for updates against this; a cached copy would pin an old one.
      if (path.endsWith(`${sep}sw.js`)) response.setHeader('cache-control', 'no-cache');
      if (path.endsWith('.webmanifest')) response.setHeader('content-type', 'application/manifest+json');
    },
  });
  // Room and message addresses (/r/<room>, /r/<room>/<seq>) are the page itself, which opens what they name.
  app.get('/r/*', (_request, reply) => reply.sendFile('index.html'));
}
