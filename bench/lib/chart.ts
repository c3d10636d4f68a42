import type { StepResult } from '../phases/step.js';

export interface Series {
  label: string;
  color: string;
  steps: StepResult[];
}

const WIDTH = 760;
const HEIGHT = 440;
const PAD = { left: 64, right: 200, top: 40, bottom: 52 };
export const escapeXml = (text: string) => text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
const TICKS = [1, 2, 5];

function logTicks(min: number, max: number): number[] {
  const ticks: number[] = [];
  for (let decade = 10 ** Math.floor(Math.log10(min)); decade <= max; decade *= 10) {
    for (const tick of TICKS) if (decade * tick >= min && decade * tick <= max) ticks.push(decade * tick);
  }
  return ticks;
}

/**
 * End-to-end latency (p99 solid, p50 dashed) against send rate, both axes
 * logarithmic; a filled marker is a step that kept up, a hollow one fell behind.
 */
export function latencyChart(series: Series[], title: string): string {
  const points = series.flatMap((s) => s.steps);
  const rates = points.map((p) => Math.max(1, p.rate));
  const xMin = 10 ** Math.floor(Math.log10(Math.min(...rates, 10)));
  const xMax = 10 ** Math.ceil(Math.log10(Math.max(...rates, 100)));
  const yMin = 0.1;
  const yMax = 10 ** Math.ceil(Math.log10(Math.max(...points.map((p) => p.e2e.p99), 200)));
  const plotW = WIDTH - PAD.left - PAD.right;
  const plotH = HEIGHT - PAD.top - PAD.bottom;
  const x = (rate: number) =>
    PAD.left + ((Math.log10(Math.max(rate, xMin)) - Math.log10(xMin)) / (Math.log10(xMax) - Math.log10(xMin))) * plotW;
  const y = (ms: number) => {
    const clamped = Math.min(Math.max(ms, yMin), yMax);
    return PAD.top + plotH - ((Math.log10(clamped) - Math.log10(yMin)) / (Math.log10(yMax) - Math.log10(yMin))) * plotH;
  };
  const out: string[] = [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${WIDTH}" height="${HEIGHT}" viewBox="0 0 ${WIDTH} ${HEIGHT}" font-family="sans-serif" font-size="12">`,
    `<rect width="${WIDTH}" height="${HEIGHT}" fill="white"/>`,
    `<text x="${PAD.left}" y="22" font-size="14" font-weight="bold">${escapeXml(title)}</text>`,
  ];
  for (const tick of logTicks(xMin, xMax)) {
    out.push(`<line x1="${x(tick)}" y1="${PAD.top}" x2="${x(tick)}" y2="${PAD.top + plotH}" stroke="#eee"/>`);
    out.push(`<text x="${x(tick)}" y="${PAD.top + plotH + 16}" text-anchor="middle">${tick}</text>`);
  }
  for (const tick of logTicks(yMin, yMax)) {
    out.push(`<line x1="${PAD.left}" y1="${y(tick)}" x2="${PAD.left + plotW}" y2="${y(tick)}" stroke="#eee"/>`);
    out.push(`<text x="${PAD.left - 6}" y="${y(tick) + 4}" text-anchor="end">${tick}</text>`);
  }
  out.push(`<rect x="${PAD.left}" y="${PAD.top}" width="${plotW}" height="${plotH}" fill="none" stroke="#999"/>`);
  out.push(`<line x1="${PAD.left}" y1="${y(100)}" x2="${PAD.left + plotW}" y2="${y(100)}" stroke="#c00" stroke-dasharray="2,3"/>`);
  out.push(`<text x="${PAD.left + 4}" y="${y(100) - 4}" fill="#c00" font-size="11">100 ms: keep-up limit for p99</text>`);
  out.push(`<text x="${PAD.left + plotW / 2}" y="${HEIGHT - 12}" text-anchor="middle">send rate (messages/s, log)</text>`);
  out.push(`<text transform="translate(16 ${PAD.top + plotH / 2}) rotate(-90)" text-anchor="middle">end-to-end latency (ms, log)</text>`);
  series.forEach((s, index) => {
    const steps = [...s.steps].sort((a, b) => a.rate - b.rate);
    if (steps.length === 0) return;
    const path = (pick: (step: StepResult) => number) =>
      steps.map((step) => `${x(step.rate).toFixed(1)},${y(pick(step)).toFixed(1)}`).join(' ');
    out.push(`<polyline points="${path((step) => step.e2e.p99)}" fill="none" stroke="${s.color}" stroke-width="2"/>`);
    out.push(
      `<polyline points="${path((step) => step.e2e.p50)}" fill="none" stroke="${s.color}" stroke-width="1" stroke-dasharray="4,3"/>`,
    );
    for (const step of steps) {
      const fill = step.keepsUp ? s.color : 'white';
      out.push(
        `<circle cx="${x(step.rate).toFixed(1)}" cy="${y(step.e2e.p99).toFixed(1)}" r="4" fill="${fill}" stroke="${s.color}" stroke-width="1.5"/>`,
      );
    }
    const ly = PAD.top + 16 + index * 20;
    const lx = PAD.left + plotW + 14;
    out.push(`<line x1="${lx}" y1="${ly - 4}" x2="${lx + 22}" y2="${ly - 4}" stroke="${s.color}" stroke-width="2"/>`);
    out.push(`<text x="${lx + 28}" y="${ly}">${escapeXml(s.label)}</text>`);
  });
  const ny = PAD.top + 16 + series.length * 20 + 10;
  const lx = PAD.left + plotW + 14;
  out.push(`<text x="${lx}" y="${ny}" font-size="11" fill="#555">solid: p99, dashed: p50</text>`);
  out.push(`<text x="${lx}" y="${ny + 15}" font-size="11" fill="#555">filled: kept up, hollow: fell behind</text>`);
  out.push('</svg>');
  return `${out.join('\n')}\n`;
}
