// Discovery of a big tree reads runs in worker threads (built files only). Whatever does the reading, the
// result must be the same: same runs, formats, steps, verdicts, sizes and problems.
import { mkdtempSync, writeFileSync, mkdirSync, readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { generateTree } from '../../bench/discovery.bench.js';
import { discoverAll } from '../../src/core/discovery/index.js';
import '../../src/core/init.js';
import { repoRoot, runCli } from '../helpers/cli.js';

describe('discovery with worker threads (built CLI)', () => {
  it('finds the same runs with the same summaries and problems as the main thread alone', async () => {
    const { runs: templates } = await discoverAll([path.join(repoRoot, 'examples')]);
    const usable = templates.filter((r) => !r.path.includes('#') && r.steps !== null);
    expect(usable.length).toBeGreaterThanOrEqual(5);
    const root = mkdtempSync(path.join(os.tmpdir(), 'ct-workers-'));
    generateTree(root, usable, 150);
    // A broken run among them: found by its name, unreadable, reported once with its path.
    mkdirSync(path.join(root, 'broken'));
    const good = usable.find((r) => r.path.endsWith('.traj.json'))!;
    writeFileSync(
      path.join(root, 'broken', path.basename(good.path)),
      readFileSync(good.path, 'utf8').slice(0, 5000),
    );

    const run = (workers: string) =>
      runCli(['discover', root, '--json'], { env: { CODETRACER_DISCOVERY_WORKERS: workers } });
    const inline = run('0');
    const pooled = run('2');
    expect(inline.code).toBe(0);
    expect(pooled.code).toBe(0);
    const a = JSON.parse(inline.stdout) as { path: string; steps: number | null }[];
    const b = JSON.parse(pooled.stdout) as unknown[];
    expect(a.length).toBeGreaterThanOrEqual(150);
    expect(a.filter((r) => r.steps !== null).length).toBeGreaterThanOrEqual(150);
    expect(b).toEqual(a);
    expect(pooled.stderr).toBe(inline.stderr);
  }, 120_000);
});
