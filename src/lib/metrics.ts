import { Counter, collectDefaultMetrics, Histogram, Registry } from 'prom-client';

/**
 * Every metric the hot paths record, in one place (Centrifuge keeps its metrics in one file too). They are
 * per process, like the process itself: each process of a deployment is scraped on its own. What depends on
 * one server's parts (connections, users, database and Redis up) is added by the /metrics route at scrape
 * time (http/metrics-route.ts). Hot paths only call `inc`/`observe` on instruments without labels, or with
 * one label of a handful of values; the fan-out counts per room and frame, not per socket write.
 */
export const processRegistry = new Registry();

collectDefaultMetrics({ register: processRegistry, prefix: 'chat_', eventLoopMonitoringPrecision: 20 });

export const messagesCommitted = new Counter({
  name: 'chat_messages_committed_total',
  help: 'Messages committed to the database (new messages, not edits or duplicates)',
  registers: [processRegistry],
});

export const commitBatchSize = new Histogram({
  name: 'chat_commit_batch_size',
  help: 'Messages per group commit (one statement, one transaction)',
  buckets: [1, 2, 4, 8, 16, 32, 64, 128, 256],
  registers: [processRegistry],
});

export const commitLatency = new Histogram({
  name: 'chat_commit_seconds',
  help: 'Time from a group commit starting to its result (the database round trip)',
  buckets: [0.001, 0.002, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
  registers: [processRegistry],
});

export const fanoutFrames = new Counter({
  name: 'chat_fanout_frames_total',
  help: 'Frames written to sockets by the fan-out (one per socket per room per tick)',
  registers: [processRegistry],
});

export const fanoutBytes = new Counter({
  name: 'chat_fanout_bytes_total',
  help: 'Bytes written to sockets by the fan-out',
  registers: [processRegistry],
});

export const sendBufferDrops = new Counter({
  name: 'chat_send_buffer_drops_total',
  help: 'Connections dropped because their send buffer passed SEND_BUFFER_LIMIT_BYTES (a client that stopped reading)',
  registers: [processRegistry],
});

export const busPublishFailures = new Counter({
  name: 'chat_bus_publish_failures_total',
  help: 'Bus events Redis did not take (other processes fill what they missed from the database)',
  registers: [processRegistry],
});

export const rateLimited = new Counter({
  name: 'chat_rate_limited_total',
  help: 'Requests refused with rate_limited, by client kind ("frame": the frame allowance itself)',
  labelNames: ['kind'],
  registers: [processRegistry],
});

export const signinFailures = new Counter({
  name: 'chat_signin_failures_total',
  help: 'Sign-ins refused for a wrong nickname or password',
  registers: [processRegistry],
});

const PHASE_BUCKETS = [0.0001, 0.0005, 0.001, 0.002, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1];

export const fanoutFlushSeconds = new Histogram({
  name: 'chat_fanout_flush_seconds',
  help: 'Time one fan-out flush (a tick: encoding and writing every room queued) holds the event loop',
  buckets: PHASE_BUCKETS,
  registers: [processRegistry],
});

export const signinSeconds = new Histogram({
  name: 'chat_signin_seconds',
  help: 'Time a sign-in or resume waited for admission plus its checks (SIGNIN_CONCURRENCY at once)',
  buckets: [...PHASE_BUCKETS, 2.5, 5, 10],
  registers: [processRegistry],
});

export const signinShed = new Counter({
  name: 'chat_signin_shed_total',
  help: 'Sign-ins and resumes refused at once with retry_after_ms because SIGNIN_QUEUE was full',
  registers: [processRegistry],
});

/**
 * A registry's current values by series, named as the Prometheus text format names them
 * (`chat_connections{state="signed_in"}`, `chat_commit_seconds_count`). Histogram buckets are left out:
 * a reader that wants a mean has the sum and the count.
 */
export async function seriesValues(registry: Registry): Promise<Record<string, number>> {
  const values: Record<string, number> = {};
  for (const metric of await registry.getMetricsAsJSON()) {
    for (const sample of metric.values) {
      const name = (sample as { metricName?: string }).metricName ?? metric.name;
      if (name.endsWith('_bucket')) continue;
      const labels = Object.entries(sample.labels)
        .map(([label, value]) => `${label}="${value}"`)
        .join(',');
      values[labels === '' ? name : `${name}{${labels}}`] = sample.value;
    }
  }
  return values;
}
