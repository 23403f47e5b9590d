// Discovery speed: 10,000 run folders (nested 4 deep, mixed formats, made from the repo's MIT example and
// test runs) are discovered in a fresh process, so its peak memory is discovery's own.
// Standalone: `node dist/bench/discovery.bench.js` (after `npm run build`).
import { spawnSync } from 'node:child_process';
import {
  existsSync,
  linkSync,
  copyFileSync,
  mkdirSync,
  mkdtempSync,
  rmSync,
  readdirSync,
  statSync,
} from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { discoverAll, type DiscoveredRun } from '../src/core/discovery/index.js';
import '../src/core/init.js';

const here = fileURLToPath(import.meta.url);
const repo = path.resolve(path.dirname(here), '../..');

export interface DiscoveryBenchResult {
  runs: number;
  expected: number;
  seconds: number;
  /** CPU time of the discovering process (user + system): wall time on a busy machine overstates it. */
  cpuSeconds: number;
  runsPerSec: number;
  /** The same walk without reading steps and verdicts (detection only). */
  detectOnlySeconds: number;
  peakRssMB: number;
  formats: Record<string, number>;
}

/** Small single-run templates, one or two per format, from examples/ and test/fixtures/. */
async function templates(maxBytes: number): Promise<DiscoveredRun[]> {
  const roots = ['examples', 'test/fixtures'].map((d) => path.join(repo, d)).filter((d) => existsSync(d));
  const { runs } = await discoverAll(roots, { concurrency: 4 });
  const usable = runs
    .filter((r) => !r.path.includes('!') && !r.path.includes('#') && r.size <= maxBytes && r.steps !== null)
    .sort((a, b) => a.size - b.size);
  const perFormat = new Map<string, DiscoveredRun[]>();
  for (const r of usable) {
    const list = perFormat.get(r.format) ?? [];
    if (list.length < 2) list.push(r);
    perFormat.set(r.format, list);
  }
  return [...perFormat.values()].flat();
}

/** Hard links where possible (no data copied), else copies: the tree reads like real copies either way. */
function cloneInto(src: string, dest: string): void {
  if (statSync(src).isDirectory()) {
    mkdirSync(dest, { recursive: true });
    for (const name of readdirSync(src)) cloneInto(path.join(src, name), path.join(dest, name));
    return;
  }
  try {
    linkSync(src, dest);
  } catch {
    copyFileSync(src, dest);
  }
}

/** root/aN/bN/cN/runN: 10 x 10 x 10 x 10 = 10,000 runs; single-file runs sit alone in their slot folder. */
export function generateTree(root: string, runs: DiscoveredRun[], count: number): void {
  for (let i = 0; i < count; i++) {
    const t = runs[i % runs.length];
    const slot = path.join(
      root,
      `a${Math.floor(i / 1000) % 10}`,
      `b${Math.floor(i / 100) % 10}`,
      `c${Math.floor(i / 10) % 10}`,
      `run${i}`,
    );
    if (statSync(t.path).isDirectory()) cloneInto(t.path, slot);
    else {
      mkdirSync(slot, { recursive: true });
      cloneInto(t.path, path.join(slot, path.basename(t.path)));
    }
  }
}

/** Child side: discover root and print {runs, seconds, rssMB, formats}. */
async function measure(root: string): Promise<void> {
  const started = performance.now();
  const cpu0 = process.cpuUsage();
  const { runs } = await discoverAll([root]);
  const seconds = (performance.now() - started) / 1000;
  const cpu = process.cpuUsage(cpu0);
  const cpuSeconds = (cpu.user + cpu.system) / 1e6;
  const formats: Record<string, number> = {};
  for (const r of runs) formats[r.format] = (formats[r.format] ?? 0) + 1;
  const rssMB = process.resourceUsage().maxRSS / 1024;
  const quickStart = performance.now();
  await discoverAll([root], { summarize: false });
  const detectOnlySeconds = (performance.now() - quickStart) / 1000;
  process.stdout.write(
    JSON.stringify({ runs: runs.length, seconds, cpuSeconds, detectOnlySeconds, rssMB, formats }) + '\n',
  );
}

export async function benchDiscovery(count = 10_000): Promise<DiscoveryBenchResult | null> {
  const runs = await templates(120 * 1024);
  if (!runs.length) return null;
  const root = mkdtempSync(path.join(os.tmpdir(), 'ct-bench-disc-'));
  try {
    generateTree(root, runs, count);
    const r = spawnSync(process.execPath, [here, '--measure', root], {
      encoding: 'utf8',
      maxBuffer: 16 * 2 ** 20,
    });
    if (r.status !== 0) throw new Error(`discovery bench child failed: ${r.stderr.split('\n')[0]}`);
    const o = JSON.parse(r.stdout.trim().split('\n').pop()!);
    return {
      runs: o.runs,
      expected: count,
      seconds: Number(o.seconds.toFixed(2)),
      cpuSeconds: Number(o.cpuSeconds.toFixed(2)),
      runsPerSec: Math.round(o.runs / o.seconds),
      detectOnlySeconds: Number(o.detectOnlySeconds.toFixed(2)),
      peakRssMB: Math.round(o.rssMB),
      formats: o.formats,
    };
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
}

if (process.argv[1] && path.resolve(process.argv[1]) === here) {
  const i = process.argv.indexOf('--measure');
  const job =
    i > 0
      ? measure(process.argv[i + 1])
      : benchDiscovery().then((r) => console.log(JSON.stringify(r, null, 2)));
  job.catch((e: unknown) => {
    console.error(e);
    process.exit(1);
  });
}
