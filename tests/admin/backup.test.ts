import { execFileSync } from 'node:child_process';
import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runAdminCli } from '../helpers/admin-cli.js';
import { availableStores, freshStoreLocation, type StoreLocation } from '../helpers/stores.js';

const stores = await availableStores();
const CLI_TEST_MS = 600_000;

describe('backup and restore with the admin CLI', () => {
  let dir: string;
  const locations: StoreLocation[] = [];
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'cc-backup-'));
  });
  afterAll(async () => {
    for (const location of locations) await location.dispose();
    await rm(dir, { recursive: true, force: true });
  });

  it(
    'PGlite: a tarball with progress, restored into an empty DATA_DIR only',
    async () => {
      const source = await freshStoreLocation('pglite');
      locations.push(source);
      expect((await runAdminCli(source.env, ['create-admin', 'keeper', '--password-stdin'], 'keeper password')).code).toBe(0);
      const backup = await runAdminCli(source.env, ['backup', '--out', join(dir, 'pglite')]);
      expect(backup.code).toBe(0);
      expect(backup.stderr).toMatch(/backup: \d+ of \d+ MiB/);
      const [file] = await readdir(join(dir, 'pglite'));
      expect(file).toMatch(/^chat-pglite-.*\.tar\.gz$/);
      const path = join(dir, 'pglite', file as string);
      expect((await runAdminCli(source.env, ['restore', path])).code).toBe(1);
      const target = { DATA_DIR: join(dir, 'restored') };
      const restored = await runAdminCli(target, ['restore', path]);
      expect(restored).toMatchObject({ code: 0 });
      expect(restored.stdout).toMatch(/1 accounts/);
      const listed = await runAdminCli(target, ['list-users']);
      expect(listed.stdout).toMatch(/^1\tadmin\tkeeper\t/);
    },
    CLI_TEST_MS,
  );

  it.runIf(stores.includes('postgres'))(
    'PostgreSQL: pg_dump in its custom format, which pg_restore reads',
    async () => {
      const source = await freshStoreLocation('postgres');
      locations.push(source);
      expect((await runAdminCli(source.env, ['create-admin', 'keeper', '--password-stdin'], 'keeper password')).code).toBe(0);
      const backup = await runAdminCli(source.env, ['backup', '--out', join(dir, 'postgres')]);
      expect(backup.code).toBe(0);
      const [file] = await readdir(join(dir, 'postgres'));
      const listing = execFileSync('pg_restore', ['--list', join(dir, 'postgres', file as string)], { encoding: 'utf8' });
      expect(listing).toMatch(new RegExp(`TABLE DATA ${source.env.DATABASE_SCHEMA} users`));
      expect(listing).toMatch(/TABLE DATA \S+ audit_log/);
    },
    CLI_TEST_MS,
  );
});
