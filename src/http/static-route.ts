import { existsSync } from 'node:fs';
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
      if (path.endsWith('.webmanifest')) response.setHeader('content-type', 'application/manifest+json');
    },
  });
  // The browser checks the worker for updates against this; a cached copy would pin an old one.
  app.addHook('onSend', async (request, reply) => {
    if (request.url === '/sw.js') reply.header('cache-control', 'no-cache');
  });
  // Room and message addresses (/r/<room>, /r/<room>/<seq>) are the page itself, which opens what they name.
  app.get('/r/*', (_request, reply) => reply.sendFile('index.html'));
}
