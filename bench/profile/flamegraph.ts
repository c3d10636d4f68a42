import { readFileSync, writeFileSync } from 'node:fs';
import { basename } from 'node:path';
import { escapeXml } from '../lib/chart.js';

/**
 * A V8 CPU profile (`node --cpu-prof`) as a flame graph SVG, and its hottest functions by self time.
 * Usage: npx tsx bench/profile/flamegraph.ts PROFILE.cpuprofile OUT.svg ["title"]
 * Idle time is left out: widths are shares of the time the process was busy. Hover a box for its figures.
 */

interface CallFrame {
  functionName: string;
  url: string;
  lineNumber: number;
}
interface ProfileNode {
  id: number;
  callFrame: CallFrame;
  children?: number[];
}
interface CpuProfile {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
}

interface Frame {
  name: string;
  where: string;
  selfUs: number;
  totalUs: number;
  children: Frame[];
}

const WIDTH = 1200;
const ROW = 17;
const MIN_SHARE = 0.002;

function label(frame: CallFrame): { name: string; where: string } {
  const name = frame.functionName || '(anonymous)';
  if (!frame.url) return { name, where: '' };
  const path = frame.url.replace(/^file:\/\//, '');
  const short = path.includes('node_modules/')
    ? path.slice(path.lastIndexOf('node_modules/') + 13)
    : path.replace(/^.*?\/(src|bench)\//, '$1/');
  return { name, where: `${short}:${frame.lineNumber + 1}` };
}

function buildTree(profile: CpuProfile): Frame {
  const selfUs = new Map<number, number>();
  profile.samples.forEach((id, index) => {
    selfUs.set(id, (selfUs.get(id) ?? 0) + (profile.timeDeltas[index] ?? 0));
  });
  const byId = new Map(profile.nodes.map((node) => [node.id, node]));
  const build = (node: ProfileNode): Frame => {
    const children = (node.children ?? [])
      .map((id) => byId.get(id))
      .filter((child): child is ProfileNode => !!child && child.callFrame.functionName !== '(idle)')
      .map(build);
    const own = selfUs.get(node.id) ?? 0;
    const totalUs = own + children.reduce((sum, child) => sum + child.totalUs, 0);
    return { ...label(node.callFrame), selfUs: own, totalUs, children: children.sort((a, b) => b.totalUs - a.totalUs) };
  };
  const root = profile.nodes[0] as ProfileNode;
  return { ...build(root), name: 'all busy time', where: '' };
}

function color(frame: Frame): string {
  if (frame.where.startsWith('src/')) return '#5b8def';
  if (frame.where.startsWith('node:') || frame.where === '') return frame.name.startsWith('(') ? '#b0b0b0' : '#e8a33d';
  return '#6dbf6d';
}

function depthOf(frame: Frame, minUs: number): number {
  const deeper = frame.children.filter((child) => child.totalUs >= minUs).map((child) => depthOf(child, minUs));
  return 1 + Math.max(0, ...deeper);
}

export function flameGraphSvg(profile: CpuProfile, title: string): string {
  const root = buildTree(profile);
  const minUs = root.totalUs * MIN_SHARE;
  const height = (depthOf(root, minUs) + 2) * ROW;
  const boxes: string[] = [];
  const draw = (frame: Frame, x: number, depth: number) => {
    const width = (frame.totalUs / root.totalUs) * WIDTH;
    const y = height - (depth + 1) * ROW;
    const share = ((100 * frame.totalUs) / root.totalUs).toFixed(1);
    const tip = `${frame.name} ${frame.where} — ${share} % of busy time (self ${((100 * frame.selfUs) / root.totalUs).toFixed(1)} %)`;
    const text =
      width > 40 ? `<text x="${(x + 3).toFixed(1)}" y="${y + 12}">${escapeXml(frame.name.slice(0, Math.floor(width / 6.5)))}</text>` : '';
    boxes.push(
      `<g><title>${escapeXml(tip)}</title><rect x="${x.toFixed(1)}" y="${y}" width="${Math.max(width - 0.5, 0.5).toFixed(1)}" height="${ROW - 1}" fill="${color(frame)}"/>${text}</g>`,
    );
    let childX = x;
    for (const child of frame.children) {
      if (child.totalUs < minUs) continue;
      draw(child, childX, depth + 1);
      childX += (child.totalUs / root.totalUs) * WIDTH;
    }
  };
  draw(root, 0, 0);
  return [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${WIDTH}" height="${height}" font-family="monospace" font-size="11">`,
    `<rect width="100%" height="100%" fill="#fff"/>`,
    `<text x="4" y="13" font-size="13">${escapeXml(title)} (${(root.totalUs / 1e6).toFixed(1)} s busy; blue: src/, green: node_modules, orange: Node internals, grey: VM)</text>`,
    ...boxes,
    '</svg>',
  ].join('\n');
}

/** The functions with the most self time, as "share name where" lines. */
export function hottest(profile: CpuProfile, count = 15): string[] {
  const root = buildTree(profile);
  const self = new Map<string, number>();
  const walk = (frame: Frame) => {
    const key = `${frame.name} ${frame.where}`;
    self.set(key, (self.get(key) ?? 0) + frame.selfUs);
    for (const child of frame.children) walk(child);
  };
  walk(root);
  return [...self.entries()]
    .sort((a, b) => b[1] - a[1])
    .slice(0, count)
    .map(([key, us]) => `${((100 * us) / root.totalUs).toFixed(1).padStart(5)} %  ${key}`);
}

if (process.argv[1] && basename(process.argv[1]).startsWith('flamegraph')) {
  const [input, output, title] = process.argv.slice(2);
  if (!input || !output) {
    console.error('usage: flamegraph.ts PROFILE.cpuprofile OUT.svg ["title"]');
    process.exit(2);
  }
  const profile = JSON.parse(readFileSync(input, 'utf8')) as CpuProfile;
  writeFileSync(output, flameGraphSvg(profile, title ?? basename(input)));
  console.log(hottest(profile).join('\n'));
}
