import type { FastifyInstance } from 'fastify';

/** GET /api/push/key: the VAPID public key a browser subscribes with (public by design). */
export function registerPushKeyRoute(app: FastifyInstance, publicKey: string): void {
  app.get('/api/push/key', async () => ({ public_key: publicKey }));
}
