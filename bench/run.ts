// `npm run bench`: every benchmark, one table each, with the machine and Node version.
import os from 'node:os';
import { benchBigRun, benchParse } from './parse.bench.js';

type Optional = () => Promise<unknown>;

async function optional(modPath: string, fn: string): Promise<Optional | null> {
  try {
    const m = await import(modPath);
    return typeof m[fn] === 'function' ? m[fn] : null;
  } catch {
    return null;
  }
}

function machine(): string {
  const cpu = os.cpus()[0]?.model ?? 'unknown CPU';
  return `${os.cpus().length} x ${cpu}, ${(os.totalmem() / 2 ** 30).toFixed(0)} GiB, Node ${process.version}, ${os.platform()} ${os.release()}`;
}

async function main(): Promise<void> {
  console.log(`machine: ${machine()}`);

  console.log('\n## Parse throughput per format (fixtures)');
  const rows = await benchParse();
  if (!rows.length) console.log('(../shared/fixtures not found)');
  console.log('format           runs     MB    MB/s    steps/s');
  for (const r of rows) {
    console.log(
      `${r.format.padEnd(16)} ${String(r.runs).padStart(4)} ${r.mb.toFixed(2).padStart(6)} ${r.mbPerSec.toFixed(1).padStart(7)} ${r.stepsPerSec.toFixed(0).padStart(10)}`,
    );
  }

  console.log('\n## Synthetic 100,000-step run (mini-SWE-agent traj.json built from real steps)');
  const big = benchBigRun();
  if (big) {
    console.log(
      `steps ${big.steps}, file ${big.fileMB.toFixed(0)} MB, load ${big.loadSeconds.toFixed(2)} s (target < 3 s), peak RSS ${big.peakRssMB.toFixed(0)} MB (target < 1024 MB)`,
    );
  } else console.log('(no source run found)');

  const extra: [string, string, string][] = [
    ['Discovery (10,000 generated run dirs)', './discovery.bench.js', 'benchDiscovery'],
    ['Heuristic diagnoser (500-step run)', './heuristic.bench.js', 'benchHeuristic'],
    ['LLM diagnosis (first request size, loop overhead)', './llm.bench.js', 'benchLlm'],
    ['TUI (10,000-step run)', './tui.bench.js', 'benchTui'],
    ['Batch (200 runs, scripted server)', './batch.bench.js', 'benchBatch'],
  ];
  for (const [title, mod, fn] of extra) {
    const f = await optional(mod, fn);
    if (!f) continue;
    console.log(`\n## ${title}`);
    console.log(JSON.stringify(await f(), null, 2));
  }
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
