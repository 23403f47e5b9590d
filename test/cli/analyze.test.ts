import { describe, expect, it } from 'vitest';
import { createHash } from 'node:crypto';
import {
  cpSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { openRun } from '../../src/core/formats/open.js';
import { PROFILE_FILES, type ProfileName } from '../../src/core/profiles/schemas.js';
import { validateProfileFile } from '../../src/core/profiles/validate.js';
import { runInProcess } from '../helpers/cli.js';

const repo = path.resolve(import.meta.dirname, '../..');
const CTB_NAME =
  'miniswe-Anthropic__Claude-Sonnet-4-20250514-Thinking-add-benchmark-lm-eval-harness-54ac67f0';
const CTB_RUN = path.join(repo, 'examples/codetracebench', CTB_NAME);
const WHOWHEN_RUN = path.join(repo, 'examples/whowhen/hand-crafted-1.json');
const MULTI = path.join(repo, 'test/fixtures/openhands/multi_swe_bench_examples/output.jsonl');

const cli = (args: string[], cwd: string, env: NodeJS.ProcessEnv = {}) =>
  runInProcess(args, cwd, { XDG_CACHE_HOME: path.join(cwd, '.cache-home'), ...env });

/** Every file under dir (relative path -> sha256), skipping the given sub-folders. */
function hashTree(dir: string, skip: string[] = []): Record<string, string> {
  const out: Record<string, string> = {};
  const walk = (d: string) => {
    for (const name of readdirSync(d).sort()) {
      const p = path.join(d, name);
      const rel = path.relative(dir, p);
      if (skip.includes(rel)) continue;
      if (statSync(p).isDirectory()) walk(p);
      else out[rel] = createHash('sha256').update(readFileSync(p)).digest('hex');
    }
  };
  walk(dir);
  return out;
}

function copyInto(src: string): { root: string; run: string } {
  const root = mkdtempSync(path.join(tmpdir(), 'ct-analyze-'));
  const run = path.join(root, 'runs', path.basename(src));
  // Only the run's own files: README's main command, run without a terminal, leaves our outputs
  // (codetracer/, <file>.codetracer/) beside the example runs, and these tests start from a run without them.
  const isOurOutput = (p: string) => /(^|\/)codetracer$|\.codetracer$/.test(p.split(path.sep).join('/'));
  cpSync(src, run, { recursive: true, filter: (p) => !isOurOutput(path.relative(src, p)) });
  return { root, run };
}

async function expectValid(dir: string, run: string, profiles: ProfileName[]) {
  const sidecar = JSON.parse(readFileSync(path.join(dir, 'codetracer_run.json'), 'utf8'));
  expect(sidecar.diagnoser).toBe('heuristic');
  const [traj] = await openRun(run);
  expect(sidecar.traj_id).toBe(traj.id);
  expect(sidecar.step_count).toBe(traj.steps.length);
  for (const p of profiles) {
    const v = await validateProfileFile(path.join(dir, PROFILE_FILES[p]), traj, { stages: sidecar.stages });
    expect(v.errors, `${p}: ${v.errors.join('; ')}`).toEqual([]);
  }
  const written = readdirSync(dir).sort();
  expect(written).toEqual([...profiles.map((p) => PROFILE_FILES[p]), 'codetracer_run.json'].sort());
}

describe('codetracer analyze (offline)', () => {
  for (const profile of ['tracebench', 'detailed', 'rl_feedback', 'all'] as const) {
    it(`--profile ${profile} on a run folder: run files unchanged, outputs in <run>/codetracer/ and valid`, async () => {
      const { root, run } = copyInto(CTB_RUN);
      const before = hashTree(run);
      const r = await cli(['analyze', path.relative(root, run), '--profile', profile], root);
      expect(r.stderr).toBe('');
      expect(r.code).toBe(0);
      const out = path.join(run, 'codetracer');
      const lines = r.stdout.split('\n');
      expect(lines[0]).toBe(
        'no LLM configured (set CODETRACER_API_KEY): using the heuristic diagnoser (offline)',
      );
      expect(lines[1]).toMatch(new RegExp(`^${CTB_NAME}: \\d+ incorrect, \\d+ unuseful of 47 steps`));
      const profiles: ProfileName[] =
        profile === 'all' ? ['tracebench', 'detailed', 'rl_feedback'] : [profile];
      for (const p of profiles) expect(r.stdout).toContain(`  wrote ${path.join(out, PROFILE_FILES[p])}\n`);
      expect(hashTree(run, ['codetracer'])).toEqual(before);
      await expectValid(out, run, profiles);
    });
  }

  it('a single-file run gets <file>.codetracer/ beside it; the file itself is untouched', async () => {
    const { root, run } = copyInto(WHOWHEN_RUN);
    const folder = path.dirname(run);
    const before = hashTree(folder);
    const r = await cli(['analyze', run], root);
    expect(r.code).toBe(0);
    expect(hashTree(folder, [path.basename(run) + '.codetracer'])).toEqual(before);
    await expectValid(`${run}.codetracer`, run, ['tracebench', 'detailed', 'rl_feedback']);
    // Analyzing again replaces our own outputs and still leaves the run alone.
    expect((await cli(['analyze', run], root)).code).toBe(0);
    expect(hashTree(folder, [path.basename(run) + '.codetracer'])).toEqual(before);
  });

  it('a codetracer/ folder the run already has is not ours: outputs go to the user cache instead', async () => {
    const { root, run } = copyInto(CTB_RUN);
    mkdirSync(path.join(run, 'codetracer'));
    writeFileSync(path.join(run, 'codetracer', 'notes.txt'), 'the run owns this folder');
    const before = hashTree(run);
    const r = await cli(['analyze', run, '--profile', 'tracebench'], root);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain(
      `not writing beside the run (${path.join(run, 'codetracer')} already exists and holds files codetracer did not write); using the user cache`,
    );
    expect(hashTree(run)).toEqual(before);
    const cacheRuns = path.join(root, '.cache-home', 'codetracer', 'runs');
    const [hash] = readdirSync(cacheRuns);
    expect(hash).toMatch(/^[0-9a-f]{16}$/);
    await expectValid(path.join(cacheRuns, hash), run, ['tracebench']);
  });

  it('--output-dir D writes D/<traj id>/; the output folder may not be the run itself', async () => {
    const { root, run } = copyInto(CTB_RUN);
    const before = hashTree(run);
    const r = await cli(['analyze', run, '-o', 'preds', '--json'], root);
    expect(r.code).toBe(0);
    const j = JSON.parse(r.stdout);
    expect(j.mode).toBe(
      'no LLM configured (set CODETRACER_API_KEY): using the heuristic diagnoser (offline)',
    );
    expect(j.runs[0]).toMatchObject({
      traj_id: CTB_NAME,
      diagnoser: 'heuristic',
      place: 'output-dir',
      dir: path.join(root, 'preds', CTB_NAME),
    });
    await expectValid(path.join(root, 'preds', CTB_NAME), run, ['tracebench', 'detailed', 'rl_feedback']);
    const self = await cli(['analyze', run, '-o', path.dirname(run)], root);
    expect(self.code).toBe(2);
    expect(self.stderr).toBe(
      `codetracer: ${run}: the output folder would be the run itself; choose another --output-dir\n`,
    );
    expect(hashTree(run)).toEqual(before);
  });

  it('--offline uses the heuristic diagnoser even with an LLM key set, and never shows the key', async () => {
    const { root, run } = copyInto(WHOWHEN_RUN);
    const offline = await cli(['analyze', run, '-p', 'tracebench', '--offline'], root, {
      OPENAI_API_KEY: 'sk-test-offline-key',
    });
    expect(offline.code).toBe(0);
    expect(offline.stdout.split('\n')[0]).toBe('--offline: using the heuristic diagnoser');
    expect(offline.stdout + offline.stderr).not.toContain('sk-test-offline-key');
  });

  it('rejects an unknown profile in one line', async () => {
    const r = await cli(['analyze', WHOWHEN_RUN, '--profile', 'fancy'], repo);
    expect(r).toMatchObject({
      code: 2,
      stderr: 'codetracer: --profile expects tracebench|detailed|rl_feedback|all, got "fancy"\n',
    });
  });

  it.skipIf(!existsSync(MULTI))('a multi-run file gets one output folder per run', async () => {
    const { root, run } = copyInto(MULTI);
    const before = hashTree(path.dirname(run));
    const r = await cli(['analyze', run, '-p', 'rl_feedback'], root);
    expect(r.code).toBe(0);
    const base = `${run}.codetracer`;
    const dirs = readdirSync(base).sort();
    const trajs = await openRun(run);
    expect(dirs.length).toBe(trajs.length);
    expect(trajs.length).toBeGreaterThan(1);
    const sidecars = dirs.map((d) =>
      JSON.parse(readFileSync(path.join(base, d, 'codetracer_run.json'), 'utf8')),
    );
    expect(sidecars.map((sc) => [sc.traj_id, sc.step_count]).sort()).toEqual(
      trajs.map((t) => [t.id, t.steps.length]).sort(),
    );
    expect(hashTree(path.dirname(run), [path.basename(base)])).toEqual(before);
  });
});
