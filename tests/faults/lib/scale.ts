/**
 * How big each fault scenario runs. `npm test` runs the short form so CI exercises every scenario in a
 * few minutes; `npm run faults` the full form of issue 13, whose table docs/reliability.md publishes;
 * `FAULTS_SOAK_MINUTES` lengthens the churn run for a soak.
 */
export type ScaleName = 'short' | 'full';

export interface Scale {
  name: ScaleName;
  killNine: { postgresKills: number; pgliteKills: number; senders: number; readers: number };
  postgresOutage: { outageMs: number; terminations: number };
  redisOutage: { outageMs: number };
  nginx: { kills: number; clientsPerRoom: number; sendersPerRoom: number };
  churn: { durationMs: number; senders: number; readers: number };
  sigterm: { clients: number; senders: number };
  slowConsumer: { baselineMs: number; slowMs: number };
  fuzz: { decoderRuns: number; socketFrames: number };
}

const SHORT: Scale = {
  name: 'short',
  killNine: { postgresKills: 3, pgliteKills: 2, senders: 5, readers: 2 },
  postgresOutage: { outageMs: 3_000, terminations: 2 },
  redisOutage: { outageMs: 3_000 },
  nginx: { kills: 3, clientsPerRoom: 10, sendersPerRoom: 3 },
  churn: { durationMs: 15_000, senders: 5, readers: 10 },
  sigterm: { clients: 100, senders: 10 },
  slowConsumer: { baselineMs: 4_000, slowMs: 10_000 },
  fuzz: { decoderRuns: 10_000, socketFrames: 2_000 },
};

const FULL: Scale = {
  name: 'full',
  killNine: { postgresKills: 20, pgliteKills: 10, senders: 5, readers: 2 },
  postgresOutage: { outageMs: 15_000, terminations: 5 },
  redisOutage: { outageMs: 10_000 },
  nginx: { kills: 10, clientsPerRoom: 10, sendersPerRoom: 3 },
  churn: { durationMs: 120_000, senders: 5, readers: 10 },
  sigterm: { clients: 500, senders: 20 },
  slowConsumer: { baselineMs: 10_000, slowMs: 30_000 },
  fuzz: { decoderRuns: 10_000, socketFrames: 5_000 },
};

function soakMinutes(): number | undefined {
  const raw = process.env.FAULTS_SOAK_MINUTES;
  if (raw === undefined || raw === '') return undefined;
  const minutes = Number(raw);
  if (!Number.isFinite(minutes) || minutes <= 0) throw new Error(`FAULTS_SOAK_MINUTES=${raw}: a positive number of minutes`);
  return minutes;
}

/** FAULTS_SCALE=full|short (default short); FAULTS_SOAK_MINUTES=N makes the churn run last N minutes. */
export function currentScale(): Scale {
  const name = process.env.FAULTS_SCALE ?? 'short';
  if (name !== 'short' && name !== 'full') throw new Error(`FAULTS_SCALE=${name}: expected short or full`);
  const scale = structuredClone(name === 'full' ? FULL : SHORT);
  const soak = soakMinutes();
  if (soak !== undefined) scale.churn.durationMs = soak * 60_000;
  return scale;
}
