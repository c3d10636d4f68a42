import type { FastifyInstance } from 'fastify';
import { Gauge, Registry } from 'prom-client';
import type { Bus } from '../bus/bus.js';
import type { Hub } from '../hub/hub.js';
import { processRegistry } from '../lib/metrics.js';
import type { Store } from '../storage/store.js';
import { databaseAnswers, hasToken } from './health-route.js';

export interface MetricsRouteOptions {
  store: Store;
  bus: Bus;
  hub: Hub;
  dbTimeoutMs: number;
  metricsToken: string | undefined;
}

/** This server's gauges, read when scraped: nothing on the hot path keeps them. */
export function serverRegistry(options: Omit<MetricsRouteOptions, 'metricsToken'>): Registry {
  const registry = new Registry();
  const { hub, bus, store } = options;
  new Gauge({
    name: 'chat_connections',
    help: 'Open WebSocket connections, by state',
    labelNames: ['state'],
    registers: [registry],
    collect() {
      const census = hub.census();
      this.set({ state: 'signed_in' }, census.signedIn);
      this.set({ state: 'anonymous' }, census.anonymous);
    },
  });
  new Gauge({
    name: 'chat_signed_in_users',
    help: 'Distinct users signed in on this process',
    registers: [registry],
    collect() {
      this.set(hub.census().users);
    },
  });
  new Gauge({
    name: 'chat_redis_up',
    help: '1 when the Redis bus is connected (always 1 with the in-process bus)',
    registers: [registry],
    collect() {
      this.set(bus.kind === 'memory' || bus.isConnected() ? 1 : 0);
    },
  });
  new Gauge({
    name: 'chat_database_up',
    help: '1 when the database answered select 1 within DB_TIMEOUT_MS at this scrape',
    registers: [registry],
    async collect() {
      this.set((await databaseAnswers(store, options.dbTimeoutMs)) ? 1 : 0);
    },
  });
  return registry;
}

/** Everything GET /metrics serves (and `admin_stats` reads): the process's instruments and this server's gauges. */
export function chatMetrics(options: Omit<MetricsRouteOptions, 'metricsToken'>): Registry {
  return Registry.merge([processRegistry, serverRegistry(options)]);
}

/**
 * GET /metrics in the Prometheus text format. Not served at all (404) unless METRICS_TOKEN is set, and then
 * only to `Authorization: Bearer <METRICS_TOKEN>` (401 otherwise): connection counts and rates tell an
 * outsider how busy, and how full, the server is.
 */
export function registerMetricsRoute(app: FastifyInstance, metrics: Registry, metricsToken: string | undefined): void {
  app.get('/metrics', async (request, reply) => {
    if (!metricsToken) return reply.code(404).send({ error: 'not_found', message: 'set METRICS_TOKEN to serve /metrics' });
    if (!hasToken(request, metricsToken)) {
      return reply
        .code(401)
        .header('www-authenticate', 'Bearer')
        .send({ error: 'unauthorized', message: 'Authorization: Bearer <METRICS_TOKEN>' });
    }
    return reply.type(metrics.contentType).send(await metrics.metrics());
  });
}
