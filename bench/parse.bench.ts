// Parse throughput per format over the fixtures, and a synthetic 100,000-step run (time, peak RSS).
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { openRun } from '../src/core/formats/open.js';
import { clearReadCache } from '../src/core/io/read.js';
import { EXPECTED } from '../test-scripts/conformance-table.js';

const repo = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
export const fixturesDir = process.env.CODETRACER_FIXTURES ?? path.resolve(repo, '../shared/fixtures');

export interface FormatThroughput {
  format: string;
  runs: number;
  mb: number;
  mbPerSec: number;
  stepsPerSec: number;
}

function sourceBytes(sources: string[]): number {
  let n = 0;
  for (const s of new Set(sources)) {
    const p = s.replace(/#\d+$/, '');
    try {
      n += statSync(p).size;
    } catch {
      // archive or virtual source: not counted
    }
  }
  return n;
}

export async function benchParse(minMs = 400): Promise<FormatThroughput[]> {
  if (!existsSync(fixturesDir)) return [];
  const byFormat = new Map<string, string[]>();
  for (const e of EXPECTED) {
    const addr = path.join(fixturesDir, e.path);
    const [t] = await openRun(addr).catch(() => []);
    if (!t) continue;
    const list = byFormat.get(t.format) ?? [];
    list.push(addr);
    byFormat.set(t.format, list);
  }
  const out: FormatThroughput[] = [];
  for (const [format, addrs] of byFormat) {
    let bytes = 0;
    let steps = 0;
    let iters = 0;
    const t0 = performance.now();
    while (performance.now() - t0 < minMs || iters === 0) {
      for (const a of addrs) {
        // Multi-run files count their bytes once per run parsed, as each run re-reads the file. The read
        // cache is emptied first: each iteration measures a cold read and parse, not a cache hit.
        clearReadCache();
        const trajs = await openRun(a);
        for (const t of trajs) {
          steps += t.steps.length;
          bytes += a.includes('#') ? sourceBytes(t.sources) / 3 : sourceBytes(t.sources);
        }
      }
      iters++;
    }
    const secs = (performance.now() - t0) / 1000;
    out.push({
      format,
      runs: addrs.length,
      mb: bytes / iters / 2 ** 20,
      mbPerSec: bytes / 2 ** 20 / secs,
      stepsPerSec: steps / secs,
    });
  }
  return out.sort((a, b) => b.mb - a.mb);
}

/** Build a mini-SWE-agent traj.json with n steps from the real messages of a fixture run. */
export function buildSyntheticMiniswe(n: number, dir: string): string | null {
  const candidates = [
    path.join(
      fixturesDir,
      'miniswe_swebench/django__django-16560/trajs/django__django-16560/django__django-16560.traj.json',
    ),
    path.join(
      repo,
      'test/fixtures/miniswe/django__django-11163/trajs/django__django-11163/django__django-11163.traj.json',
    ),
  ];
  const src = candidates.find((p) => existsSync(p));
  if (!src) return null;
  const data = JSON.parse(readFileSync(src, 'utf8'));
  const msgs: { role: string; content: string }[] = data.messages;
  const head = msgs.slice(0, 2);
  const pairs: unknown[][] = [];
  for (let i = 2; i + 1 < msgs.length; i++) {
    if (
      msgs[i].role === 'assistant' &&
      msgs[i + 1].role === 'user' &&
      typeof msgs[i].content === 'string' &&
      msgs[i].content.includes('```')
    ) {
      pairs.push([msgs[i], msgs[i + 1]]);
    }
  }
  const body: unknown[] = [];
  for (let i = 0; i < n; i++) body.push(...pairs[i % pairs.length]);
  const out = path.join(dir, 'synthetic-100k.traj.json');
  writeFileSync(out, JSON.stringify({ ...data, messages: [...head, ...body] }));
  return out;
}

export interface BigRunResult {
  steps: number;
  fileMB: number;
  loadSeconds: number;
  peakRssMB: number;
}

/** Load the synthetic run in a fresh process so peak RSS is the load's own. */
export function benchBigRun(n = 100_000): BigRunResult | null {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'ct-bench-'));
  try {
    const file = buildSyntheticMiniswe(n, dir);
    if (!file) return null;
    const script = `
      const { openRun } = await import(${JSON.stringify(path.join(repo, 'dist/src/core/formats/open.js'))});
      const t0 = performance.now();
      const [t] = await openRun(${JSON.stringify(file)});
      const secs = (performance.now() - t0) / 1000;
      console.log(JSON.stringify({ steps: t.steps.length, secs, rss: process.resourceUsage().maxRSS / 1024 }));`;
    const r = spawnSync(process.execPath, ['--input-type=module', '-e', script], { encoding: 'utf8' });
    if (r.status !== 0) throw new Error(r.stderr);
    const o = JSON.parse(r.stdout.trim().split('\n').pop()!);
    return { steps: o.steps, fileMB: statSync(file).size / 2 ** 20, loadSeconds: o.secs, peakRssMB: o.rss };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
