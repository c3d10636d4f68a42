import type { FastifyInstance } from 'fastify';
import type { SessionService } from '../domain/session-service.js';
import { authenticate, bearerToken, FILES_COOKIE, refuse } from './http-auth.js';

/**
 * POST /api/session: the page trades its session token (Bearer) for a
 * cookie that only /files sees, because <img> cannot send a header.
 * HttpOnly (no script reads it), SameSite=Strict (no other site's page sends
 * it), Path=/files (no other route receives it). It holds the session token,
 * so revoking the session revokes the cookie. DELETE clears it (sign-out).
 */
export function registerSessionCookieRoute(app: FastifyInstance, sessions: SessionService): void {
  const cookie = (value: string, maxAge: number, secure: boolean) =>
    `${FILES_COOKIE}=${encodeURIComponent(value)}; Path=/files; HttpOnly; SameSite=Strict; Max-Age=${maxAge}${secure ? '; Secure' : ''}`;
  app.post('/api/session', async (request, reply) => {
    const actor = await authenticate(request, sessions);
    if (!actor) return refuse(reply, 401, 'invalid_token', 'send Authorization: Bearer <session token>');
    reply.header('set-cookie', cookie(bearerToken(request) as string, 30 * 24 * 60 * 60, request.protocol === 'https'));
    return reply.code(204).send();
  });
  app.delete('/api/session', async (request, reply) => {
    reply.header('set-cookie', cookie('', 0, request.protocol === 'https'));
    return reply.code(204).send();
  });
}
