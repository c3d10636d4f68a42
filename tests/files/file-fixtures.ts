import { deflateSync } from 'node:zlib';
import sharp from 'sharp';

/** Real image files made by sharp (libvips), as a camera or a browser would make them. */
export async function pngFile(width = 320, height = 200): Promise<Buffer> {
  return sharp({ create: { width, height, channels: 3, background: '#3a7' } })
    .png()
    .toBuffer();
}

/** A JPEG with the camera's make and a GPS position in EXIF, rotated by its orientation tag (6: 90° clockwise). */
export async function jpegWithGps(): Promise<Buffer> {
  return sharp({ create: { width: 64, height: 48, channels: 3, background: '#c33' } })
    .jpeg()
    .withMetadata({ orientation: 6 })
    .withExifMerge({ IFD0: { Make: 'SecretCam' }, IFD3: { GPSLatitudeRef: 'N', GPSLatitude: '55/1 45/1 0/1' } })
    .toBuffer();
}

export async function gifFile(): Promise<Buffer> {
  return sharp({ create: { width: 40, height: 30, channels: 4, background: '#00f' } })
    .gif()
    .toBuffer();
}

/**
 * A PNG whose header claims 20000×20000 pixels (400 MP, 1.6 GB decoded) in a
 * few hundred bytes: a decoder that trusts the header allocates it all.
 */
export function pixelBomb(): Buffer {
  const chunk = (type: string, data: Buffer) => {
    const length = Buffer.alloc(4);
    length.writeUInt32BE(data.length);
    const body = Buffer.concat([Buffer.from(type, 'latin1'), data]);
    const crc = Buffer.alloc(4);
    crc.writeUInt32BE(crc32(body));
    return Buffer.concat([length, body, crc]);
  };
  const header = Buffer.alloc(13);
  header.writeUInt32BE(20_000, 0);
  header.writeUInt32BE(20_000, 4);
  header.set([8, 2, 0, 0, 0], 8);
  // One row of zeros, compressed: the rest of the image is "missing", as in a real bomb it would be zeros too.
  const rows = deflateSync(Buffer.alloc(1 + 20_000 * 3));
  return Buffer.concat([
    Buffer.from([137, 80, 78, 71, 13, 10, 26, 10]),
    chunk('IHDR', header),
    chunk('IDAT', rows),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

function crc32(data: Buffer): number {
  let crc = ~0;
  for (const byte of data) {
    crc ^= byte;
    for (let bit = 0; bit < 8; bit++) crc = (crc >>> 1) ^ (0xedb88320 & -(crc & 1));
  }
  return ~crc >>> 0;
}

export const HTML_PAGE = Buffer.from('<!doctype html><html><body><script>document.title = "pwned"</script><h1>hi</h1></body></html>');
export const SVG_IMAGE = Buffer.from(
  '<?xml version="1.0"?><svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"><script>alert(1)</script><rect width="10" height="10"/></svg>',
);

/** Uploads one file as the page does: multipart, session token as Bearer. */
export async function upload(baseUrl: string, token: string, name: string, bytes: Uint8Array, type = 'application/octet-stream') {
  const form = new FormData();
  form.append('file', new Blob([new Uint8Array(bytes)], { type }), name);
  const response = await fetch(`${baseUrl}/api/uploads`, {
    method: 'POST',
    headers: token ? { authorization: `Bearer ${token}` } : {},
    body: form,
  });
  return {
    status: response.status,
    body: (await response.json()) as Record<string, unknown> & { file_id: string; url: string; thumb_url?: string },
  };
}

export async function getFile(baseUrl: string, path: string, headers: Record<string, string> = {}) {
  const response = await fetch(`${baseUrl}${path}`, { headers });
  return { response, bytes: Buffer.from(await response.arrayBuffer()) };
}
