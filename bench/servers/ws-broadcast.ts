import { startWsBaseline } from './ws-baseline.js';

/** Baseline: bare ws, one frame per message per socket. */
startWsBaseline(0);
