// `codetracer [PATH…]` without a subcommand: in a terminal it opens the app (see the pty test in
// test/components/e2e-pty.test.ts); here, without one, it must diagnose instead and still be useful.
import { cpSync, existsSync, mkdtempSync, readdirSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { repoRoot, runInProcess } from '../helpers/cli.js';

describe('codetracer PATH (no subcommand) without a terminal', () => {
  it('diagnoses the bundled examples like analyze, says why in one line, writes outputs beside each run', async () => {
    const root = mkdtempSync(path.join(os.tmpdir(), 'ct-open-'));
    cpSync(path.join(repoRoot, 'examples'), path.join(root, 'examples'), { recursive: true });
    const r = await runInProcess(['examples'], root);
    expect(r.code).toBe(0);
    expect(r.stderr).toBe(
      'codetracer: no interactive terminal, so diagnosing instead of opening the app (same as `codetracer analyze examples`)\n',
    );
    expect(r.stdout.split('\n')[0]).toContain('heuristic diagnoser');
    // One summary line per example run, each with its three profile files beside the run.
    const summaries = r.stdout.split('\n').filter((l) => / incorrect, \d+ unuseful of \d+ steps/.test(l));
    expect(summaries).toHaveLength(7);
    expect(r.stdout.match(/ {2}wrote .*codetracer_labels\.json/g)).toHaveLength(7);
    const harbor = path.join(root, 'examples/harbor/prove-plus-comm__YDACMLN/codetracer');
    expect(readdirSync(harbor).sort()).toEqual([
      'codetracer_analysis.json',
      'codetracer_labels.json',
      'codetracer_rl_feedback.json',
      'codetracer_run.json',
    ]);
  });

  it('a mistyped subcommand is named as a missing path or command, exit 2', async () => {
    const r = await runInProcess(['inpsect', 'run.json'], os.tmpdir());
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/^codetracer: inpsect: no such file, folder or command \(commands: inspect, /);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
  });

  it('no path and no terminal prints the help (exit 0) and writes nothing', async () => {
    const root = mkdtempSync(path.join(os.tmpdir(), 'ct-open-'));
    const r = await runInProcess([], root);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('Usage: codetracer');
    expect(r.stdout).toContain('analyze');
    expect(readdirSync(root)).toEqual([]);
    expect(existsSync(path.join(root, 'codetracer'))).toBe(false);
  });
});
