import type { BenchConfig } from '../lib/config.js';
import { endProgress, log } from '../lib/log.js';
import type { Target } from '../lib/targets.js';
import { type ConnectSummary, TargetSession } from './session.js';
import { type SigninStallResult, signinStall } from './signin.js';
import { describeStep, runStep, type StepResult, settle } from './step.js';

export interface ThroughputResult {
  target: string;
  startupMs: number;
  connect: ConnectSummary[];
  steps: StepResult[];
  /** Highest rate that kept up (≥ 99.9 % delivered, p99 < 100 ms), null when none did. */
  sustainedRate: number | null;
  /** Lowest rate that did not keep up, when one was found. */
  failedRate: number | null;
  /** The step at the base rate (the retry when the first try fell behind): the CPU-per-delivery comparison point. */
  base: StepResult | null;
  /** Our server at half the sustained rate (target: p99 < 50 ms). */
  half: StepResult | null;
  signin: SigninStallResult | null;
  shutdown: { graceful: boolean; ms: number } | null;
}

/** Rates double until one falls behind, then bisect (geometric mean) until the bracket is within 20 %. */
function nextRate(current: number, good: number | null, bad: number | null, config: BenchConfig): number | null {
  if (bad === null) return current * 2 <= config.maxRate ? current * 2 : null;
  if (good === null) return current / 2 >= 5 ? Math.round(current / 2) : null;
  if (bad / good <= 1.2) return null;
  return Math.round(Math.sqrt(good * bad));
}

export async function throughputPhase(target: Target, config: BenchConfig, runId: string, withSignin: boolean): Promise<ThroughputResult> {
  log(`[${target.id}] throughput: starting ${target.label}`);
  const session = await TargetSession.open(target, config, 'throughput', runId);
  const result: ThroughputResult = {
    target: target.id,
    startupMs: session.server.startupMs,
    connect: [],
    steps: [],
    sustainedRate: null,
    failedRate: null,
    base: null,
    half: null,
    signin: null,
    shutdown: null,
  };
  try {
    log(
      `[${target.id}] listening after ${session.server.startupMs} ms; signing in ${config.subscribers} connections (${config.senders} of them send)`,
    );
    result.connect.push(await session.connect(config.senders, 'sender', config.senders, 'senders'));
    result.connect.push(await session.connect(config.subscribers - config.senders, 'receiver', 32, 'subscribers'));
    endProgress();
    const [senders, receivers] = result.connect;
    log(
      `[${target.id}] ${session.tracked} in the room (${receivers?.perSecond} sign-ins/s, failures ${JSON.stringify({ ...senders?.failures, ...receivers?.failures })})`,
    );
    if (session.tracked < config.subscribers * 0.99)
      throw new Error(`only ${session.tracked} of ${config.subscribers} connections signed in`);

    const search = await searchSustainedRate(session, config);
    result.steps.push(...search.steps);
    const { good, bad } = search;
    // The base-rate comparison uses the retry when the first try fell behind (outside load), as the search does.
    result.base = result.steps.find((s) => s.targetRate === config.baseRate && s.keepsUp) ?? result.steps[0] ?? null;
    result.sustainedRate = good;
    result.failedRate = bad;
    if (target.id === 'ours' && good !== null && !config.quick) {
      const half = await runStep(session, Math.round(good / 2), { label: 'half rate', durationMs: config.stepSeconds * 1000 });
      endProgress();
      log(`[${target.id}] ${describeStep(half)}`);
      result.half = half;
    }
    if (withSignin) result.signin = await signinStall(session, config);
  } finally {
    result.shutdown = await session.close();
  }
  log(`[${target.id}] sustained ${result.sustainedRate ?? 'none'} msg/s (first failing rate ${result.failedRate ?? 'not reached'})`);
  return result;
}

export interface RateSearch {
  steps: StepResult[];
  /** Highest rate that kept up and lowest that did not (null: none found). */
  good: number | null;
  bad: number | null;
}

/** Doubles the rate from the base until a step falls behind, then bisects: the rate this session sustains. */
export async function searchSustainedRate(session: TargetSession, config: BenchConfig): Promise<RateSearch> {
  const target = session.target;
  const steps: StepResult[] = [];
  let rate: number | null = config.baseRate;
  let good: number | null = null;
  let bad: number | null = null;
  let searched = 0;
  while (rate !== null && searched < config.maxSteps) {
    searched += 1;
    let step = await runStep(session, rate, { label: `step ${searched}`, durationMs: config.stepSeconds * 1000 });
    endProgress();
    log(`[${target.id}] ${describeStep(step)}`);
    steps.push(step);
    // The machine is shared: one bad second of outside load can spoil a p99. A step that falls behind
    // without losing anything gets one more try; the rate counts as kept up if either try kept up.
    if (!step.keepsUp && step.missing === 0 && step.closedConnections === 0 && !config.quick) {
      await settle(session);
      step = await runStep(session, rate, { label: `step ${searched} again`, durationMs: config.stepSeconds * 1000 });
      endProgress();
      log(`[${target.id}] ${describeStep(step)}`);
      steps.push(step);
    }
    if (step.keepsUp) good = Math.max(good ?? 0, rate);
    else {
      bad = Math.min(bad ?? Number.POSITIVE_INFINITY, rate);
      await settle(session);
    }
    if (step.closedConnections > 0) {
      log(`[${target.id}] ${step.closedConnections} connections were closed by the server (slow consumer?): search stops`);
      break;
    }
    rate = nextRate(rate, good, bad, config);
  }
  return { steps, good, bad };
}
