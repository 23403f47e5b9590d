// Batch bench: 200 runs through `codetracer batch --parallel 8` (in-process) against the scripted server
// answering every request after 200 ms, 3 LLM calls a run. Wall time against the ideal (runs × calls ×
// 200 ms / 8; target within 1.3×) and RSS sampled across the batch (should stay flat: nothing of a
// finished run is kept). Standalone: `npm run build && node dist/bench/batch.bench.js`.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { isEntryPoint } from '../src/cli/entry.js';
import { main } from '../src/cli/main.js';
import { ScriptedLlmServer } from '../test/helpers/scripted-llm-server.js';
import { scriptedDiagnosis } from '../test/batch/setup.js';
import { fileURLToPath } from 'node:url';
import { existsSync } from 'node:fs';

const RUNS = 200;
const PARALLEL = 8;
const DELAY_MS = 200;
const CALLS_PER_RUN = 3;
const TARGET_RATIO = 1.3;

function repoRoot(): string {
  let d = path.dirname(fileURLToPath(import.meta.url));
  while (!existsSync(path.join(d, 'package.json')) && path.dirname(d) !== d) d = path.dirname(d);
  return d;
}

// Small real runs (MIT test fixtures), reused under 200 distinct traj_ids.
const SOURCES = [
  'test/fixtures/atif/regex-log__XYfBZFy',
  'test/fixtures/openhands/ctb/ea068f9e',
  'test/fixtures/claude_code/hello-world.1-of-1.2025-11-09__14-07-43',
  'test/fixtures/miniswe/swebench/django__django-11163',
];

const mb = (b: number) => Math.round((b / 2 ** 20) * 10) / 10;

export async function benchBatch(runs = RUNS): Promise<Record<string, unknown>> {
  const root = repoRoot();
  const tmp = mkdtempSync(path.join(os.tmpdir(), 'ct-batch-bench-'));
  const server = await ScriptedLlmServer.start({
    fallback: scriptedDiagnosis,
    delayMs: DELAY_MS,
    maxRequests: 1e9,
  });
  const manifest = path.join(tmp, 'manifest.jsonl');
  writeFileSync(
    manifest,
    Array.from({ length: runs }, (_, i) =>
      JSON.stringify({
        traj_id: `bench-${String(i).padStart(4, '0')}`,
        path: path.join(root, SOURCES[i % SOURCES.length]),
      }),
    ).join('\n') + '\n',
  );
  const rss: number[] = [];
  // With --expose-gc (npm run bench) each sample follows a full GC: memory kept, not garbage not yet swept.
  const gc = (globalThis as { gc?: () => void }).gc;
  const sampler = setInterval(() => {
    gc?.();
    rss.push(process.memoryUsage().rss);
    // The server keeps every request it saw; drop them so only the batch's own memory is measured.
    server.requests.splice(0);
  }, 250);
  let stderr = '';
  const t0 = performance.now();
  try {
    const code = await main(
      // Memory off: its extraction calls would change the calls per run the ideal time is computed from.
      ['batch', '-m', manifest, '-o', path.join(tmp, 'out'), '--parallel', String(PARALLEL), '--no-memory'],
      {
        stdout: () => undefined,
        stderr: (s) => void (stderr += s),
        isTTY: false,
        env: {
          CODETRACER_API_BASE: server.url,
          CODETRACER_API_KEY: 'sk-bench',
          CODETRACER_MODEL: 'gpt-4.1-mini',
          CODETRACER_CONF_DIR: path.join(tmp, 'conf'),
          CODETRACER_DATA_DIR: path.join(tmp, 'data'),
          NO_COLOR: '1',
        },
        cwd: tmp,
      },
    );
    const wallS = (performance.now() - t0) / 1000;
    clearInterval(sampler);
    const idealS = (runs * CALLS_PER_RUN * DELAY_MS) / 1000 / PARALLEL;
    const q = Math.max(1, Math.floor(rss.length / 4));
    const firstQuarter = rss.slice(0, q);
    const lastQuarter = rss.slice(-q);
    const avg = (a: number[]) => a.reduce((x, y) => x + y, 0) / a.length;
    return {
      runs,
      parallel: PARALLEL,
      callsPerRun: CALLS_PER_RUN,
      delayMs: DELAY_MS,
      exitCode: code,
      errors: stderr.split('\n').filter(Boolean).slice(0, 3),
      wallSeconds: Math.round(wallS * 100) / 100,
      idealSeconds: idealS,
      ratio: Math.round((wallS / idealS) * 100) / 100,
      targetRatio: TARGET_RATIO,
      meetsTarget: code === 0 && wallS / idealS <= TARGET_RATIO,
      rssMB: {
        afterGc: Boolean(gc),
        samples: rss.length,
        firstQuarterAvg: mb(avg(firstQuarter)),
        lastQuarterAvg: mb(avg(lastQuarter)),
        max: mb(Math.max(...rss)),
        growthMB: mb(avg(lastQuarter) - avg(firstQuarter)),
      },
    };
  } finally {
    clearInterval(sampler);
    await server.close();
    rmSync(tmp, { recursive: true, force: true });
  }
}

if (isEntryPoint(import.meta.url)) {
  benchBatch()
    .then((r) => console.log(JSON.stringify(r, null, 2)))
    .catch((e) => {
      console.error(e);
      process.exit(1);
    });
}
