import type { BenchConfig } from '../lib/config.js';
import { endProgress, log } from '../lib/log.js';
import type { ProbeSummary } from '../lib/probe.js';
import { nowMicros, round } from '../lib/stats.js';
import type { ConnectSummary, TargetSession } from './session.js';
import { describeStep, runStep, type StepResult } from './step.js';

export interface SigninStallResult {
  burst: number;
  connect: ConnectSummary;
  burstSeconds: number;
  /** Ping round trip while the burst was being verified: the event-loop-delay proxy (target p99 < 50 ms). */
  probeDuringBurst: ProbeSummary;
  /** The chat step the burst ran inside. */
  step: StepResult;
}

/**
 * `signinBurst` connections sign in at once (argon2 verification each) while
 * chat runs at the base rate; the probe and the chat latency show whether
 * the event loop stalls. The new connections join the room but are not counted.
 */
export async function signinStall(session: TargetSession, config: BenchConfig): Promise<SigninStallResult> {
  log(`[${session.target.id}] sign-in burst: ${config.signinBurst} concurrent sign-ins during chat at ${config.baseRate} msg/s`);
  session.useAccountsFrom(config.subscribers);
  let connect: ConnectSummary | undefined;
  let from = 0;
  let to = 0;
  const step = await runStep(session, config.baseRate, {
    label: 'sign-in burst',
    durationMs: Math.max(4000, config.stepSeconds * 1000),
    during: async () => {
      await new Promise((resolve) => setTimeout(resolve, 1000));
      from = nowMicros();
      connect = await session.connect(config.signinBurst, 'extra', config.signinBurst, 'burst');
      to = nowMicros();
    },
  });
  endProgress();
  if (!connect) throw new Error('sign-in burst did not run');
  const probeDuringBurst = session.probe.window(from, to);
  log(`[${session.target.id}] ${describeStep(step)}`);
  log(
    `[${session.target.id}] burst: ${connect.connected}/${config.signinBurst} signed in in ${round((to - from) / 1e6)} s ` +
      `(sign-in p50/p99 ${connect.latency.p50}/${connect.latency.p99} ms); ping p99 during it ${probeDuringBurst.p99} ms`,
  );
  return { burst: config.signinBurst, connect, burstSeconds: round((to - from) / 1e6), probeDuringBurst, step };
}
