import { createHash } from 'node:crypto';
import { createReadStream, createWriteStream } from 'node:fs';
import { rename, rm, stat } from 'node:fs/promises';
import { type Readable, Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { fileTypeFromFile } from 'file-type';
import sharp, { type Sharp } from 'sharp';
import { Semaphore } from '../lib/semaphore.js';

/** Raster types served inline and thumbnailed, when they decode. Never SVG: it is a document that runs scripts. */
export const RASTER_TYPES: ReadonlySet<string> = new Set(['image/png', 'image/jpeg', 'image/gif', 'image/webp', 'image/avif']);

export interface IntakeLimits {
  /** Decoding stops above this many pixels (width × height × frames): a small file can claim a huge image. */
  maxInputPixels: number;
  thumbWidth: number;
  thumbHeight: number;
}

export interface Received {
  path: string;
  size: number;
  sha256: string;
}

export interface Inspected extends Received {
  mime: string;
  /** For images that decoded: their displayed size, and a thumbnail (webp) at `thumbPath`. */
  image?: { width: number; height: number; thumbPath: string };
}

/** Streams a source into `path`, hashing on the way; nothing is held in memory beyond a chunk. */
export async function receiveToFile(source: Readable, path: string): Promise<Received> {
  const hash = createHash('sha256');
  let size = 0;
  const tap = new Transform({
    transform(chunk: Buffer, _encoding, done) {
      hash.update(chunk);
      size += chunk.length;
      done(null, chunk);
    },
  });
  await pipeline(source, tap, createWriteStream(path, { flags: 'wx' }));
  return { path, size, sha256: hash.digest('hex') };
}

async function hashFile(path: string): Promise<Received> {
  const hash = createHash('sha256');
  await pipeline(createReadStream(path), hash);
  return { path, size: (await stat(path)).size, sha256: hash.digest('hex') };
}

/**
 * What a received file really is, judged from its bytes (never its name or
 * the client's Content-Type), and for raster images: metadata stripped (EXIF
 * with GPS, XMP, IPTC) and a thumbnail. sharp decodes on libuv's thread pool,
 * off the event loop; the semaphore bounds how many images decode at once.
 */
export class FileIntake {
  private readonly decoding = new Semaphore(2);

  constructor(
    private readonly limits: IntakeLimits,
    private readonly tempPath: () => string,
  ) {}

  async inspect(received: Received): Promise<Inspected> {
    const sniffed = received.size === 0 ? undefined : await fileTypeFromFile(received.path).catch(() => undefined);
    const mime = sniffed?.mime ?? 'application/octet-stream';
    if (!RASTER_TYPES.has(mime)) return { ...received, mime };
    const image = await this.decoding.run(() => this.prepareImage(received, mime)).catch(() => undefined);
    // An image that does not decode within the bounds (truncated, a pixel bomb) is kept as a plain file.
    if (!image) return { ...received, mime };
    return { ...image.file, mime, image: image.image };
  }

  private async prepareImage(received: Received, mime: string): Promise<{ file: Received; image: Inspected['image'] }> {
    const options = { limitInputPixels: this.limits.maxInputPixels, animated: mime === 'image/gif' || mime === 'image/webp' };
    const meta = await sharp(received.path, options).metadata();
    const frames = meta.pages ?? 1;
    if (!meta.width || !meta.height || meta.width * (meta.pageHeight ?? meta.height) * frames > this.limits.maxInputPixels) {
      throw new Error('image over the pixel bound');
    }
    let file = received;
    if (meta.exif || meta.xmp || meta.iptc || (meta.orientation ?? 1) !== 1) {
      // Re-encoded with the rotation applied and no metadata (sharp keeps none unless asked): the bytes we
      // serve never say where a photo was taken. The price: such images (phone photos) are re-compressed.
      const cleaned = this.tempPath();
      const pipelineOut = sharp(received.path, options).rotate();
      await formatted(pipelineOut, mime).toFile(cleaned);
      await rm(received.path, { force: true });
      await rename(cleaned, received.path);
      file = await hashFile(received.path);
    }
    const thumbPath = this.tempPath();
    const thumb = await sharp(file.path, { limitInputPixels: this.limits.maxInputPixels })
      .rotate()
      .resize(this.limits.thumbWidth, this.limits.thumbHeight, { fit: 'inside', withoutEnlargement: true })
      .webp({ quality: 80 })
      .toFile(thumbPath)
      .catch(async (error: unknown) => {
        await rm(thumbPath, { force: true });
        throw error;
      });
    const after = file === received ? meta : await sharp(file.path, options).metadata();
    const swapped = (after.orientation ?? 1) >= 5;
    const width = after.width ?? thumb.width;
    const height = after.pageHeight ?? after.height ?? thumb.height;
    return { file, image: { width: swapped ? height : width, height: swapped ? width : height, thumbPath } };
  }
}

function formatted(image: Sharp, mime: string): Sharp {
  switch (mime) {
    case 'image/jpeg':
      return image.jpeg({ quality: 90 });
    case 'image/png':
      return image.png();
    case 'image/gif':
      return image.gif();
    case 'image/webp':
      return image.webp({ quality: 90 });
    default:
      return image.avif({ quality: 70 });
  }
}
