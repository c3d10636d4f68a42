import parsePrometheusTextFormat, { type MetricFamily } from 'parse-prometheus-text-format';
import { describe, expect, it } from 'vitest';
import { scrape as scrapeSamples, serverPhases } from '../../bench/lib/server-metrics.js';
import { TestClient } from '../helpers/client.js';
import { useServer } from '../helpers/suite.js';

const TOKEN = 'metrics-token-for-tests-0123456789';

async function scrape(url: string, token = TOKEN): Promise<MetricFamily[]> {
  const response = await fetch(`${url}/metrics`, { headers: { authorization: `Bearer ${token}` } });
  expect(response.status).toBe(200);
  expect(response.headers.get('content-type')).toMatch(/^text\/plain; version=0\.0\.4/);
  return parsePrometheusTextFormat(await response.text());
}

function value(families: MetricFamily[], name: string, labels: Record<string, string> = {}): number {
  const family = families.find((f) => f.name === name);
  if (!family) throw new Error(`no metric ${name}`);
  const sample = family.metrics.find((m) => Object.entries(labels).every(([key, v]) => m.labels?.[key] === v));
  if (!sample) return 0;
  return Number(sample.value ?? sample.count);
}

describe('GET /metrics without METRICS_TOKEN', () => {
  const server = useServer('pglite');
  it('is not served at all', async () => {
    const response = await fetch(`${server().url}/metrics`, { headers: { authorization: `Bearer ${TOKEN}` } });
    expect(response.status).toBe(404);
  });
});

describe('GET /metrics with METRICS_TOKEN', () => {
  const server = useServer('pglite', { METRICS_TOKEN: TOKEN, FRAMES_PER_SECOND: '20', FRAMES_BURST: '20' });

  it('refuses a missing or wrong token', async () => {
    expect((await fetch(`${server().url}/metrics`)).status).toBe(401);
    const wrong = await fetch(`${server().url}/metrics`, { headers: { authorization: 'Bearer not-the-token-at-all' } });
    expect(wrong.status).toBe(401);
  });

  it('serves the Prometheus text format whose numbers move with the traffic', async () => {
    const url = server().url;
    const before = await scrape(url);
    const alice = await (await TestClient.connect(server().wsUrl)).signup();
    const bob = await (await TestClient.connect(server().wsUrl)).signup();
    const anonymous = await TestClient.connect(server().wsUrl);
    for (let i = 0; i < 10; i++) await alice.expectReply('message', { content: `counted ${i}` }, 'ack');
    await bob.next('send', () => bob.messages().filter((m) => m.content.startsWith('counted')).length === 10);
    const guesser = await TestClient.connect(server().wsUrl);
    guesser.send('signin', { nickname: alice.nickname, password: 'wrong password here' });
    await guesser.next('authorize');
    const flooder = await TestClient.connect(server().wsUrl);
    for (let i = 0; i < 30; i++) flooder.send('ping', {});
    await flooder.next('error', (p) => p.code === 'rate_limited');
    const after = await scrape(url);

    const moved = (name: string, labels?: Record<string, string>) => value(after, name, labels) - value(before, name, labels);
    expect(moved('chat_messages_committed_total')).toBeGreaterThanOrEqual(10);
    expect(moved('chat_commit_batch_size')).toBeGreaterThanOrEqual(1);
    expect(moved('chat_commit_seconds')).toBeGreaterThanOrEqual(1);
    // Per-phase timings (issue 14): each fan-out tick and each sign-in is timed.
    expect(moved('chat_fanout_flush_seconds')).toBeGreaterThanOrEqual(1);
    expect(moved('chat_signin_seconds')).toBeGreaterThanOrEqual(3);
    // Each of the ten reached at least alice and bob: at least one frame each, with its bytes.
    expect(moved('chat_fanout_frames_total')).toBeGreaterThanOrEqual(20);
    expect(moved('chat_fanout_bytes_total')).toBeGreaterThan(20 * 100);
    expect(moved('chat_signin_failures_total')).toBeGreaterThanOrEqual(1);
    expect(moved('chat_rate_limited_total', { kind: 'frame' })).toBeGreaterThanOrEqual(1);
    expect(value(after, 'chat_connections', { state: 'signed_in' })).toBeGreaterThanOrEqual(2);
    expect(value(after, 'chat_connections', { state: 'anonymous' })).toBeGreaterThanOrEqual(1);
    expect(value(after, 'chat_signed_in_users')).toBeGreaterThanOrEqual(2);
    expect(value(after, 'chat_database_up')).toBe(1);
    expect(value(after, 'chat_redis_up')).toBe(1);
    for (const name of ['chat_send_buffer_drops_total', 'chat_bus_publish_failures_total', 'chat_nodejs_eventloop_lag_seconds']) {
      expect(
        after.some((family) => family.name === name),
        name,
      ).toBe(true);
    }
    const histogram = after.find((family) => family.name === 'chat_commit_seconds');
    expect(histogram?.type).toBe('HISTOGRAM');
    anonymous.close();
  });

  it("gives the bench one step's commits, flushes and event-loop delay from two scrapes", async () => {
    const alice = await (await TestClient.connect(server().wsUrl)).signup();
    const bob = await (await TestClient.connect(server().wsUrl)).signup();
    const before = await scrapeSamples(server().url, TOKEN);
    // One at a time, each acknowledged before the next: five commits of one message.
    for (let i = 0; i < 5; i++) await alice.expectReply('message', { content: `phase ${i}` }, 'ack');
    await bob.next('send', () => bob.messages().filter((m) => m.content.startsWith('phase')).length === 5);
    const after = await scrapeSamples(server().url, TOKEN);
    if (!before || !after) throw new Error('the server did not answer /metrics');

    const phases = serverPhases(before, after);
    expect(phases.commits).toBe(5);
    expect(phases.batchMean).toBe(1);
    expect(phases.commitMeanMs).toBeGreaterThan(0);
    // Every one of the five fell under the reported bound, so it is at least their mean.
    expect(phases.commitP99Ms).toBeGreaterThanOrEqual(phases.commitMeanMs ?? Number.POSITIVE_INFINITY);
    expect(phases.flushes).toBeGreaterThanOrEqual(5);
    expect(phases.flushMeanMs).toBeGreaterThan(0);
    expect(phases.loopDelay.p99).toBeGreaterThanOrEqual(phases.loopDelay.p50);
    expect(phases.loopDelay.max).toBeGreaterThanOrEqual(phases.loopDelay.p99);
    expect(await scrapeSamples(server().url, 'a-wrong-token-of-enough-length')).toBeNull();
  });
});
