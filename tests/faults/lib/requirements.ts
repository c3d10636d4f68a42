import { accessSync, constants, readdirSync } from 'node:fs';
import { delimiter, join } from 'node:path';
import { redisAvailable } from '../../helpers/redis.js';
import { availableStores, IN_CI } from '../../helpers/stores.js';

/** What a fault scenario needs on the machine besides Node. */
export type Need = 'shared-postgres' | 'shared-redis' | 'postgres-binaries' | 'redis-server' | 'nginx' | 'ss';

function executable(path: string): boolean {
  try {
    accessSync(path, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

const onPath = (name: string) => (process.env.PATH ?? '').split(delimiter).some((dir) => executable(join(dir, name)));

function postgresBinaries(): boolean {
  try {
    return readdirSync('/usr/lib/postgresql').some((version) => executable(join('/usr/lib/postgresql', version, 'bin', 'initdb')));
  } catch {
    return false;
  }
}

export const NGINX_BINARY = ['/usr/sbin/nginx', '/usr/local/sbin/nginx'].find(executable) ?? 'nginx';

const checks: Record<Need, () => Promise<boolean> | boolean> = {
  'shared-postgres': async () => (await availableStores()).includes('postgres'),
  'shared-redis': () => redisAvailable(),
  'postgres-binaries': postgresBinaries,
  'redis-server': () => onPath('redis-server'),
  nginx: () => executable(NGINX_BINARY) || onPath('nginx'),
  ss: () => onPath('ss'),
};

/**
 * Whether a scenario can run here. On a developer machine a missing piece skips it with a warning;
 * under CI=true it fails the run instead, so CI can never pass by silently skipping a fault test.
 */
export async function canRun(scenario: string, needs: Need[]): Promise<boolean> {
  const missing: Need[] = [];
  for (const need of needs) if (!(await checks[need]())) missing.push(need);
  if (missing.length === 0) return true;
  const message = `${scenario}: missing ${missing.join(', ')} (.ci/run installs them)`;
  if (IN_CI) throw new Error(`CI=true but ${message}`);
  console.warn(`skipping ${message}`);
  return false;
}
