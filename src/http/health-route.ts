import { createHash, timingSafeEqual } from 'node:crypto';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { sql } from 'kysely';
import type { Bus } from '../bus/bus.js';
import type { Hub } from '../hub/hub.js';
import type { Store } from '../storage/store.js';

export interface HealthRouteOptions {
  store: Store;
  bus: Bus;
  hub: Hub;
  /** How long the database may take to answer `select 1` before /ready says it is unreachable. */
  dbTimeoutMs: number;
  /** Unlocks the details; unset, they are never shown. */
  metricsToken: string | undefined;
  /** Log lines dropped because the log reader fell behind. */
  droppedLogLines: () => number;
  /** Web Pushes waiting to be sent (or retried). */
  pushQueueDepth: () => number;
}

const digest = (value: string) => createHash('sha256').update(value).digest();

/** Compares digests, so neither the token's length nor its prefix leaks through timing. */
export function hasToken(request: FastifyRequest, token: string | undefined): boolean {
  const header = request.headers.authorization;
  if (!token || !header?.startsWith('Bearer ')) return false;
  return timingSafeEqual(digest(header.slice('Bearer '.length)), digest(token));
}

export async function databaseAnswers(store: Store, timeoutMs: number): Promise<boolean> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<false>((resolve) => {
    timer = setTimeout(() => resolve(false), timeoutMs);
  });
  const probe = sql`select 1`.execute(store.db).then(
    () => true,
    () => false,
  );
  try {
    return await Promise.race([probe, timeout]);
  } finally {
    clearTimeout(timer);
  }
}

/**
 * GET /health: liveness only (the process answers HTTP), public and minimal.
 * GET /ready: 200 when the database answers within DB_TIMEOUT_MS and the bus
 * is connected, else 503 naming what is down; a load balancer sends no new
 * clients to a process that is not ready. Both add details (connections,
 * store, bus kind, uptime) only for `Authorization: Bearer <METRICS_TOKEN>`.
 */
export function registerHealthRoute(app: FastifyInstance, options: HealthRouteOptions): void {
  const details = (request: FastifyRequest) =>
    hasToken(request, options.metricsToken)
      ? {
          store: options.store.kind,
          bus_kind: options.bus.kind,
          connections: options.hub.size,
          uptime_s: Math.round(process.uptime()),
          log_lines_dropped: options.droppedLogLines(),
          push_queue: options.pushQueueDepth(),
        }
      : {};

  app.get('/health', async (request) => ({ status: 'ok', ...details(request) }));

  app.get('/ready', async (request, reply) => {
    const database = (await databaseAnswers(options.store, options.dbTimeoutMs)) ? 'ok' : 'unreachable';
    const bus = options.bus.isConnected() ? 'ok' : 'disconnected';
    const ready = database === 'ok' && bus === 'ok';
    return reply.code(ready ? 200 : 503).send({ status: ready ? 'ok' : 'unavailable', database, bus, ...details(request) });
  });
}
