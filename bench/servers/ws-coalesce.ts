import { startWsBaseline } from './ws-baseline.js';

/** Baseline ("the limit"): bare ws, all messages of a 5 ms tick in one frame per socket. */
startWsBaseline(Number(process.env.BASELINE_TICK_MS ?? 5));
