import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { isDomainError } from '../domain/errors.js';
import type { FileService } from '../domain/file-service.js';
import type { SessionService } from '../domain/session-service.js';
import { FILE_ID_PATTERN } from '../protocol/message.js';
import type { BlobKind } from '../storage/blob-store.js';
import { contentDisposition, parseRange } from './content-headers.js';
import { authenticate, refuse } from './http-auth.js';

export interface FileRouteOptions {
  files: FileService;
  sessions: SessionService;
}

/**
 * A served file can never act as a page of ours: the type is the sniffed one
 * and the browser may not guess another (nosniff), a document opened anyway
 * runs sandboxed with nothing allowed, and only raster images that decoded
 * are shown inline; everything else (SVG, HTML, PDF...) is a download.
 */
const FILE_HEADERS = {
  'x-content-type-options': 'nosniff',
  'content-security-policy': "default-src 'none'; sandbox",
  // Immutable: a URL always names the same bytes. Private: never kept by a shared cache.
  'cache-control': 'private, max-age=31536000, immutable',
  'accept-ranges': 'bytes',
  'cross-origin-resource-policy': 'same-origin',
} as const;

/**
 * GET /files/<id>/<name> and GET /files/thumbs/<id>.webp, for the uploader
 * and the members of a room holding a message with the file. Everyone else,
 * signed in or not, gets the same 404 as for a file that does not exist.
 */
export function registerFileRoutes(app: FastifyInstance, options: FileRouteOptions): void {
  const { files, sessions } = options;
  const notFound = (reply: FastifyReply) => refuse(reply, 404, 'not_found', 'no such file');

  const serve = async (request: FastifyRequest, reply: FastifyReply, id: string, kind: BlobKind) => {
    if (!FILE_ID_PATTERN.test(id)) return notFound(reply);
    const actor = await authenticate(request, sessions, true);
    if (!actor) return notFound(reply);
    let row: Awaited<ReturnType<FileService['access']>>;
    try {
      row = await files.access(actor, id);
    } catch (error) {
      if (isDomainError(error) && error.code === 'not_found') return notFound(reply);
      throw error;
    }
    const image = row.width !== null;
    if (kind === 'thumb' && !image) return notFound(reply);
    const size = await files.blobs.size(kind, row.sha256);
    if (size === undefined) return notFound(reply);
    const etag = `"${kind}-${row.sha256}"`;
    reply.headers(FILE_HEADERS).header('etag', etag);
    if (kind === 'thumb') reply.type('image/webp').header('content-disposition', contentDisposition('inline', `${row.name}.webp`));
    else reply.type(row.mime).header('content-disposition', contentDisposition(image ? 'inline' : 'attachment', row.name));
    if (request.headers['if-none-match'] === etag) return reply.code(304).send();
    const range = parseRange(request.headers.range, size);
    if (range === 'unsatisfiable') return reply.code(416).header('content-range', `bytes */${size}`).send();
    if (range) {
      reply
        .code(206)
        .header('content-range', `bytes ${range.start}-${range.end}/${size}`)
        .header('content-length', range.end - range.start + 1);
      return reply.send(files.blobs.read(kind, row.sha256, range));
    }
    reply.header('content-length', size);
    return reply.send(files.blobs.read(kind, row.sha256));
  };

  // A preview image belongs to a public web page, not to a room: any signed-in user may load it by its hash.
  app.get<{ Params: { file: string } }>('/files/previews/:file', async (request, reply) => {
    const sha256 = /^([0-9a-f]{64})\.webp$/.exec(request.params.file)?.[1];
    if (!sha256 || !(await authenticate(request, sessions, true))) return notFound(reply);
    const size = await files.blobs.size('preview', sha256);
    if (size === undefined) return notFound(reply);
    reply.headers(FILE_HEADERS).type('image/webp').header('content-length', size);
    return reply.send(files.blobs.read('preview', sha256));
  });
  app.get<{ Params: { file: string } }>('/files/thumbs/:file', (request, reply) => {
    const id = request.params.file.endsWith('.webp') ? request.params.file.slice(0, -'.webp'.length) : '';
    return serve(request, reply, id, 'thumb');
  });
  app.get<{ Params: { id: string; name: string } }>('/files/:id/:name', (request, reply) =>
    serve(request, reply, request.params.id, 'file'),
  );
}
