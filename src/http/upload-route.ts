import fastifyMultipart from '@fastify/multipart';
import type { FastifyInstance } from 'fastify';
import { isDomainError } from '../domain/errors.js';
import { type FileService, UploadTooLarge } from '../domain/file-service.js';
import type { SessionService } from '../domain/session-service.js';
import { authenticate, refuse } from './http-auth.js';

export interface UploadRouteOptions {
  files: FileService;
  sessions: SessionService;
  maxUploadBytes: number;
}

/** Room for the multipart framing around the file (boundaries, part headers). */
const MULTIPART_OVERHEAD = 64 * 1024;

/**
 * POST /api/uploads: one file per request (multipart field `file`), with the
 * session token as `Authorization: Bearer`. The file streams to a temporary
 * file; a body over MAX_UPLOAD_BYTES is cut at the limit, answered 413 and
 * nothing of it is kept. Every refusal closes the connection, so a body the
 * server does not want is never read to its end.
 */
export async function registerUploadRoute(app: FastifyInstance, options: UploadRouteOptions): Promise<void> {
  const { files, sessions, maxUploadBytes } = options;
  await app.register(async (scope) => {
    await scope.register(fastifyMultipart, {
      throwFileSizeLimit: false,
      limits: { fileSize: maxUploadBytes, files: 1, fields: 4, parts: 5, fieldSize: 1024, headerPairs: 100 },
    });
    scope.post('/api/uploads', async (request, reply) => {
      const closing = (status: number, code: string, message: string) => {
        reply.header('connection', 'close');
        return refuse(reply, status, code, message);
      };
      const declared = Number(request.headers['content-length'] ?? 0);
      if (declared > maxUploadBytes + MULTIPART_OVERHEAD) return closing(413, 'too_large', `files are limited to ${maxUploadBytes} bytes`);
      const actor = await authenticate(request, sessions);
      if (!actor) return closing(401, 'not_authorized', 'send Authorization: Bearer <session token>');
      if (!request.isMultipart()) return closing(415, 'invalid_payload', 'send multipart/form-data with one file');
      try {
        files.checkRate(actor);
        const part = await request.file();
        if (!part) return closing(400, 'invalid_payload', 'no file in the form');
        // Cut at the limit at once: the rest of an oversized body is never read.
        part.file.once('limit', () => part.file.destroy(new UploadTooLarge('over the limit')));
        const attachment = await files.upload(actor, { stream: part.file, name: part.filename, truncated: () => part.file.truncated });
        return reply.code(201).send(attachment);
      } catch (error) {
        if (error instanceof UploadTooLarge) return closing(413, 'too_large', `files are limited to ${maxUploadBytes} bytes`);
        if (isDomainError(error) && error.code === 'rate_limited') return closing(429, error.code, error.message);
        if (request.raw.destroyed || request.raw.aborted) return reply;
        throw error;
      }
    });
  });
}
