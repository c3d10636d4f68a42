import { createHash, randomBytes } from 'node:crypto';
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { TestClient } from '../helpers/client.js';
import { availableStores } from '../helpers/stores.js';
import { getFile, gifFile, HTML_PAGE, jpegWithGps, pixelBomb, pngFile, SVG_IMAGE, upload } from './file-fixtures.js';
import { useFilesServer } from './files-server.js';

const stores = await availableStores();
const MiB = 1024 * 1024;

/** Every file under a directory, recursively (what is on disk). */
async function filesUnder(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { recursive: true, withFileTypes: true }).catch(() => []);
  return entries.filter((entry) => entry.isFile()).map((entry) => join(entry.parentPath, entry.name));
}

describe.each(stores)('uploads on %s', (store) => {
  const { server, dataDir } = useFilesServer(store);
  const base = () => server().url;
  const user = async () => (await TestClient.connect(server().wsUrl)).signup();

  it('a PNG: sniffed type, size, thumbnail; served inline with the safe headers', async () => {
    const anna = await user();
    const png = await pngFile(1600, 1000);
    const { status, body } = await upload(base(), anna.token, 'Screenshot 2026 — été.png', png, 'text/html');
    expect(status).toBe(201);
    expect(body).toMatchObject({ name: 'Screenshot 2026 — été.png', size: png.length, mime: 'image/png', width: 1600, height: 1000 });
    const { response, bytes } = await getFile(base(), body.url, { authorization: `Bearer ${anna.token}` });
    expect(response.status).toBe(200);
    expect(bytes.equals(png)).toBe(true);
    expect(response.headers.get('content-type')).toBe('image/png');
    expect(response.headers.get('x-content-type-options')).toBe('nosniff');
    expect(response.headers.get('content-security-policy')).toBe("default-src 'none'; sandbox");
    expect(response.headers.get('cache-control')).toBe('private, max-age=31536000, immutable');
    expect(response.headers.get('content-disposition')).toBe(
      `inline; filename="Screenshot 2026 _ _t_.png"; filename*=UTF-8''${encodeURIComponent('Screenshot 2026 — été.png')}`,
    );
    const thumb = await getFile(base(), body.thumb_url as string, { authorization: `Bearer ${anna.token}` });
    expect(thumb.response.headers.get('content-type')).toBe('image/webp');
    const meta = await sharp(thumb.bytes).metadata();
    expect(meta).toMatchObject({ format: 'webp', width: 800, height: 500 });
  });

  it('a JPEG with EXIF GPS: what is served has no metadata and is turned upright', async () => {
    const anna = await user();
    const jpeg = await jpegWithGps();
    expect(jpeg.includes('SecretCam')).toBe(true);
    const { body } = await upload(base(), anna.token, 'IMG_0001.JPG', jpeg);
    expect(body).toMatchObject({ mime: 'image/jpeg', width: 48, height: 64 });
    for (const path of [body.url, body.thumb_url as string]) {
      const { bytes } = await getFile(base(), path, { authorization: `Bearer ${anna.token}` });
      expect(bytes.includes('SecretCam')).toBe(false);
      const meta = await sharp(bytes).metadata();
      expect(meta.exif).toBeUndefined();
      expect(meta.orientation ?? 1).toBe(1);
      expect([meta.width, meta.height]).toEqual([48, 64]);
    }
    // Stored under the hash of the cleaned bytes: the original is nowhere on disk, under its name or in any file.
    const original = createHash('sha256').update(jpeg).digest('hex');
    for (const path of await filesUnder(join(dataDir(), 'files'))) {
      expect(path).not.toContain(original);
      expect((await readFile(path)).includes('SecretCam')).toBe(false);
    }
  });

  it('a GIF gets a thumbnail; a 5 MiB file is a download served in ranges', async () => {
    const anna = await user();
    const gif = await upload(base(), anna.token, 'anim.gif', await gifFile());
    expect(gif.body).toMatchObject({ mime: 'image/gif', width: 40, height: 30, thumb_url: expect.any(String) });

    const big = randomBytes(5 * MiB);
    const { status, body } = await upload(base(), anna.token, 'data.bin', big);
    expect(status).toBe(201);
    expect(body).toMatchObject({ size: big.length, mime: 'application/octet-stream' });
    expect(body.thumb_url).toBeUndefined();
    const auth = { authorization: `Bearer ${anna.token}` };
    const whole = await getFile(base(), body.url, auth);
    expect(whole.bytes.equals(big)).toBe(true);
    expect(whole.response.headers.get('content-disposition')).toMatch(/^attachment; /);
    const part = await getFile(base(), body.url, { ...auth, range: 'bytes=1000-1999' });
    expect(part.response.status).toBe(206);
    expect(part.response.headers.get('content-range')).toBe(`bytes 1000-1999/${big.length}`);
    expect(part.bytes.equals(big.subarray(1000, 2000))).toBe(true);
    const tail = await getFile(base(), body.url, { ...auth, range: 'bytes=-10' });
    expect(tail.bytes.equals(big.subarray(big.length - 10))).toBe(true);
    expect((await getFile(base(), body.url, { ...auth, range: `bytes=${big.length}-` })).response.status).toBe(416);
  });

  it('25 MiB + 1 byte: 413 with a JSON error, and nothing of it on disk or in the database', async () => {
    const anna = await user();
    const before = await filesUnder(join(dataDir(), 'files'));
    const response = await upload(base(), anna.token, 'huge.bin', randomBytes(25 * MiB + 1)).catch((error: unknown) => ({ error }));
    expect(response).toMatchObject({ status: 413, body: { error: 'too_large' } });
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(await filesUnder(join(dataDir(), 'files'))).toEqual(before);
    const rows = await server().server.store.db.selectFrom('uploads').select('id').where('user_id', '=', anna.userId).execute();
    expect(rows).toEqual([]);
  });

  it('HTML named photo.png and an SVG are downloads, never rendered; no thumbnail', async () => {
    const anna = await user();
    const auth = { authorization: `Bearer ${anna.token}` };
    for (const [name, bytes] of [
      ['photo.png', HTML_PAGE],
      ['logo.svg', SVG_IMAGE],
    ] as const) {
      const { body } = await upload(base(), anna.token, name, bytes, 'image/png');
      expect(body.mime).not.toMatch(/^image\/png|html|svg/);
      expect(body.thumb_url).toBeUndefined();
      const { response } = await getFile(base(), body.url, auth);
      expect(response.headers.get('content-disposition')).toMatch(/^attachment; /);
      expect(response.headers.get('content-type')).not.toMatch(/html|svg/);
      expect(response.headers.get('x-content-type-options')).toBe('nosniff');
      expect(response.headers.get('content-security-policy')).toContain('sandbox');
    }
  });

  it('a pixel bomb, a truncated image and 0 bytes are kept as plain files, without blowing up memory', async () => {
    const anna = await user();
    const rssBefore = process.memoryUsage().rss;
    const bomb = await upload(base(), anna.token, 'bomb.png', pixelBomb());
    expect(bomb.status).toBe(201);
    expect(bomb.body).toMatchObject({ mime: 'image/png' });
    expect(bomb.body.width).toBeUndefined();
    expect(process.memoryUsage().rss - rssBefore).toBeLessThan(200 * MiB);
    const { response } = await getFile(base(), bomb.body.url, { authorization: `Bearer ${anna.token}` });
    expect(response.headers.get('content-disposition')).toMatch(/^attachment; /);

    const png = await pngFile(400, 400);
    const truncated = await upload(base(), anna.token, 'cut.png', png.subarray(0, Math.floor(png.length / 2)));
    expect(truncated.status).toBe(201);
    expect(truncated.body.thumb_url).toBeUndefined();

    const empty = await upload(base(), anna.token, 'empty.txt', new Uint8Array(0));
    expect(empty.body).toMatchObject({ size: 0, mime: 'application/octet-stream' });
    expect((await getFile(base(), empty.body.url, { authorization: `Bearer ${anna.token}` })).bytes.length).toBe(0);
  });

  it('a path-traversal name is reduced to its last segment; nothing is written outside DATA_DIR/files', async () => {
    const anna = await user();
    for (const [raw, kept] of [
      ['../../../etc/passwd', 'passwd'],
      ['..\\..\\boot.ini', 'boot.ini'],
      ['a\u202Egnp.exe', 'agnp.exe'],
      ['..', 'file'],
    ]) {
      const { body } = await upload(base(), anna.token, raw as string, Buffer.from('x'));
      expect(body.name).toBe(kept);
    }
    for (const path of await filesUnder(dataDir())) expect(path.startsWith(dataDir())).toBe(true);
  });

  it('without a session token nothing is read or kept: 401', async () => {
    const { status, body } = await upload(base(), '', 'a.txt', Buffer.from('hello'));
    expect(status).toBe(401);
    expect(body.error).toBe('not_authorized');
  });
});
