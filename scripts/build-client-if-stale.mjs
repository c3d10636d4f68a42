#!/usr/bin/env node
// Builds the web client (vite build → dist/client) only when it is missing or
// older than its sources; `prestart` and `pretest` run this. One line of output either way.
import { readdirSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const output = join(root, 'dist/client/index.html');
const sources = ['src/client', 'src/protocol', 'vite.config.ts', 'tsconfig.base.json'].map((path) => join(root, path));

/** The newest modification time under a file or directory, and the file it belongs to. */
function newest(path) {
  const stat = statSync(path, { throwIfNoEntry: false });
  if (!stat) return { time: 0, path };
  if (!stat.isDirectory()) return { time: stat.mtimeMs, path };
  let best = { time: 0, path };
  for (const entry of readdirSync(path)) {
    const found = newest(join(path, entry));
    if (found.time > best.time) best = found;
  }
  return best;
}

const built = statSync(output, { throwIfNoEntry: false })?.mtimeMs ?? 0;
const source = sources.map(newest).reduce((a, b) => (b.time > a.time ? b : a));

if (built > 0 && built >= source.time) {
  console.log('web client is up to date (dist/client)');
} else {
  const why = built === 0 ? 'dist/client is missing' : `${relative(root, source.path)} changed`;
  const started = Date.now();
  const { build } = await import('vite');
  try {
    await build({ configFile: join(root, 'vite.config.ts'), logLevel: 'warn' });
  } catch (error) {
    console.error(`web client build failed (${why}):`, error instanceof Error ? error.message : error);
    process.exit(1);
  }
  console.log(`web client built in ${Date.now() - started} ms (${why})`);
}
