import { type ChildProcess, spawn } from 'node:child_process';
import { createWriteStream, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { freePort, portAccepts } from '../../helpers/private-services.js';
import { REPO_ROOT } from './chat-process.js';
import { NGINX_BINARY } from './requirements.js';
import { sleep } from './scenario-run.js';

export const NGINX_TEMPLATE = join(REPO_ROOT, 'deploy/nginx/cerulean-chalice.conf.template');

/** What `envsubst '${CHAT_LISTEN} ${CHAT_UPSTREAMS}'` does to the repo's template, and nothing else. */
export function renderNginxTemplate(listen: string, upstreamPorts: number[]): string {
  const upstreams = upstreamPorts.map((port) => `server 127.0.0.1:${port} max_fails=0;`).join(' ');
  const values: Record<string, string> = { CHAT_LISTEN: listen, CHAT_UPSTREAMS: upstreams };
  return readFileSync(NGINX_TEMPLATE, 'utf8').replace(/\$\{(CHAT_LISTEN|CHAT_UPSTREAMS)\}/g, (_, name: string) => values[name] ?? '');
}

/**
 * The scaffolding every nginx.conf has (events, http, where pid, logs and temp files go), all inside
 * the scenario's own directory, around the repo's rendered site file.
 */
function mainConfig(dir: string, site: string): string {
  return `worker_processes 1;
pid ${join(dir, 'nginx.pid')};
error_log ${join(dir, 'nginx-error.log')} info;
events { worker_connections 4096; }
http {
  access_log ${join(dir, 'nginx-access.log')};
  client_body_temp_path ${join(dir, 'client_body')};
  proxy_temp_path ${join(dir, 'proxy')};
  fastcgi_temp_path ${join(dir, 'fastcgi')};
  uwsgi_temp_path ${join(dir, 'uwsgi')};
  scgi_temp_path ${join(dir, 'scgi')};
  include ${site};
}
`;
}

export interface Nginx {
  readonly port: number;
  readonly wsUrl: string;
  stop(): Promise<void>;
}

/** Real nginx as a non-daemon child, on a free port, load balancing over the given chat processes. */
export async function startNginx(dir: string, upstreamPorts: number[]): Promise<Nginx> {
  const port = await freePort();
  const site = join(dir, 'cerulean-chalice.conf');
  writeFileSync(site, renderNginxTemplate(`127.0.0.1:${port}`, upstreamPorts));
  const conf = join(dir, 'nginx.conf');
  writeFileSync(conf, mainConfig(dir, site));
  const child: ChildProcess = spawn(NGINX_BINARY, ['-p', dir, '-c', conf, '-g', 'daemon off;'], { stdio: ['ignore', 'pipe', 'pipe'] });
  const log = createWriteStream(join(dir, 'nginx-stderr.log'));
  child.stdout?.pipe(log);
  child.stderr?.pipe(log);
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const deadline = Date.now() + 10_000;
  while (!(await portAccepts(port))) {
    if (child.exitCode !== null || Date.now() > deadline) {
      child.kill('SIGKILL');
      throw new Error(`nginx did not start; see ${dir}/nginx-stderr.log and nginx-error.log`);
    }
    await sleep(50);
  }
  return {
    port,
    wsUrl: `ws://127.0.0.1:${port}/connect`,
    stop: async () => {
      if (child.exitCode !== null) return;
      child.kill('SIGTERM');
      await Promise.race([exited, sleep(5_000)]);
      child.kill('SIGKILL');
    },
  };
}
