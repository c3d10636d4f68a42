import { randomBytes } from 'node:crypto';
import { readdir } from 'node:fs/promises';
import { request } from 'node:http';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { type ChildServer, killChild, startChildServer } from '../helpers/child-server.js';
import { TestClient } from '../helpers/client.js';
import { freshStoreLocation, type StoreLocation } from '../helpers/stores.js';
import { getFile, upload } from './file-fixtures.js';

async function filesIn(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { recursive: true, withFileTypes: true }).catch(() => []);
  return entries.filter((entry) => entry.isFile()).map((entry) => join(entry.parentPath, entry.name));
}

describe('kill -9 during an upload', () => {
  let location: StoreLocation | undefined;
  const children: ChildServer[] = [];
  afterAll(async () => {
    for (const child of children) await killChild(child);
    await location?.dispose();
  });

  it('leaves no file that is ever served, and the restarted server is clean', async () => {
    location = await freshStoreLocation('pglite');
    const { env } = location;
    const filesDir = join(env.DATA_DIR as string, 'files');
    const first = await startChildServer(env);
    children.push(first);
    const anna = await (await TestClient.connect(first.wsUrl)).signup();
    anna.close();

    // A multipart body sent slowly by hand: 4 MiB arrive, then the server dies mid-file.
    const boundary = 'crash-boundary';
    const outgoing = request(`${first.url}/api/uploads`, {
      method: 'POST',
      headers: { authorization: `Bearer ${anna.token}`, 'content-type': `multipart/form-data; boundary=${boundary}` },
    });
    outgoing.on('error', () => {});
    outgoing.write(
      `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="half.bin"\r\nContent-Type: application/octet-stream\r\n\r\n`,
    );
    for (let i = 0; i < 4; i++) outgoing.write(randomBytes(1024 * 1024));
    const deadline = Date.now() + 20_000;
    while ((await filesIn(join(filesDir, 'tmp'))).length === 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
    expect(await filesIn(join(filesDir, 'tmp'))).toHaveLength(1);
    first.process.kill('SIGKILL');
    await first.exited;
    outgoing.destroy();

    // Nothing outside tmp/ (the only place files are served from is file/ and thumb/).
    expect((await filesIn(filesDir)).every((path) => path.includes(`${join(filesDir, 'tmp')}`))).toBe(true);

    const second = await startChildServer(env);
    children.push(second);
    const again = await (await TestClient.connect(second.wsUrl)).signup();
    const done = await upload(second.url, again.token, 'after.txt', Buffer.from('after the crash'));
    expect(done.status).toBe(201);
    const { bytes } = await getFile(second.url, done.body.url, { authorization: `Bearer ${again.token}` });
    expect(bytes.toString()).toBe('after the crash');
    // The half file is in no served place and belongs to no upload.
    expect((await filesIn(join(filesDir, 'file'))).length).toBe(1);
    again.close();
  }, 120_000);
});
