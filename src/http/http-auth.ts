import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Actor } from '../domain/actor.js';
import { isDomainError } from '../domain/errors.js';
import type { SessionService } from '../domain/session-service.js';

/** The cookie an <img> carries to /files: the session token itself, so revoking the session revokes it. */
export const FILES_COOKIE = 'cc_files';

function cookieToken(request: FastifyRequest): string | undefined {
  for (const part of (request.headers.cookie ?? '').split(';')) {
    const [name, ...value] = part.trim().split('=');
    if (name === FILES_COOKIE) return decodeURIComponent(value.join('='));
  }
  return undefined;
}

export function bearerToken(request: FastifyRequest): string | undefined {
  const header = request.headers.authorization;
  return header?.startsWith('Bearer ') ? header.slice('Bearer '.length).trim() : undefined;
}

/**
 * The signed-in user of an HTTP request: a Bearer session token (programs,
 * the page's fetches) or, when `cookie` is allowed (only under /files), the
 * files cookie. Undefined when neither names a live session.
 */
export async function authenticate(request: FastifyRequest, sessions: SessionService, cookie = false): Promise<Actor | undefined> {
  const token = bearerToken(request) ?? (cookie ? cookieToken(request) : undefined);
  if (!token || token.length > 128) return undefined;
  try {
    return await sessions.resume(token);
  } catch (error) {
    if (isDomainError(error)) return undefined;
    throw error;
  }
}

/** A JSON refusal in the shape every HTTP error of ours has. */
export function refuse(reply: FastifyReply, status: number, code: string, message: string) {
  return reply.code(status).type('application/json; charset=utf-8').send({ error: code, message });
}
