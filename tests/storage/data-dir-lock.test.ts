import { spawn } from 'node:child_process';
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { type ChildServer, killChild, startChildServer } from '../helpers/child-server.js';
import { freshStoreLocation, type StoreLocation } from '../helpers/stores.js';

/** A pid that certainly belonged to a process and is certainly dead now. */
async function deadPid(): Promise<number> {
  const child = spawn('true');
  await new Promise((resolve) => child.once('exit', resolve));
  return child.pid as number;
}

describe('one server process per PGlite DATA_DIR', () => {
  const locations: StoreLocation[] = [];
  const children: ChildServer[] = [];
  const location = async () => {
    const made = await freshStoreLocation('pglite');
    locations.push(made);
    return made;
  };
  afterAll(async () => {
    for (const child of children) await killChild(child);
    for (const made of locations) await made.dispose();
  });

  it('refuses to start a second server on the same DATA_DIR, naming the owner, and leaves the first serving', async () => {
    const { env } = await location();
    const first = await startChildServer(env);
    children.push(first);
    const second = await startChildServer(env, { noWait: true });
    children.push(second);
    expect(await second.exited).toBe(1);
    expect(second.stderr()).toContain(`in use by another server process (pid ${first.process.pid}`);
    expect((await fetch(`${first.url}/ready`)).status).toBe(200);

    // Once the first stops, the directory is free again.
    first.process.kill('SIGTERM');
    expect(await first.exited).toBe(0);
    const third = await startChildServer(env);
    children.push(third);
    expect((await fetch(`${third.url}/ready`)).status).toBe(200);
  }, 90_000);

  it('takes over a stale lock left by a process that died', async () => {
    const { env } = await location();
    const lockFile = join(env.DATA_DIR as string, 'server.lock');
    // A first start creates the directory's database; then a crash leaves its lock behind.
    const crashed = await startChildServer(env);
    crashed.process.kill('SIGKILL');
    await crashed.exited;
    expect(Number.parseInt(await readFile(lockFile, 'utf8'), 10)).toBe(crashed.process.pid);
    await writeFile(lockFile, `${await deadPid()}\n`);

    const server = await startChildServer(env);
    children.push(server);
    expect((await fetch(`${server.url}/ready`)).status).toBe(200);
    expect(Number.parseInt(await readFile(lockFile, 'utf8'), 10)).toBe(server.process.pid);
  }, 90_000);
});
