// `npm run conformance`: parse every run in ../shared/fixtures and check it against the expected table.
// Prints one line per run and a total; exits 1 when any run fails.
import { createHash } from 'node:crypto';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { openRun } from '../src/core/formats/open.js';
import { TrajectorySchema, type Trajectory } from '../src/core/model/trajectory.js';
import { isCodetracerError } from '../src/core/io/errors.js';
import '../src/core/init.js';
import { main as cli } from '../src/cli/main.js';
import { PROFILE_FILES, PROFILE_NAMES } from '../src/core/profiles/schemas.js';
import { validateProfileFile } from '../src/core/profiles/validate.js';
import { EXPECTED, type Expected } from './conformance-table.js';

const repo = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const fixtures = process.env.CODETRACER_FIXTURES ?? path.resolve(repo, '../shared/fixtures');

function check(t: Trajectory, e: Expected): string[] {
  const problems: string[] = [];
  const parsed = TrajectorySchema.safeParse(t);
  if (!parsed.success)
    problems.push(`model: ${parsed.error.issues[0]?.path.join('.')} ${parsed.error.issues[0]?.message}`);
  if (e.format !== 'any' && t.format !== e.format) problems.push(`format ${t.format}, expected ${e.format}`);
  if (e.steps !== null && t.steps.length !== e.steps)
    problems.push(`${t.steps.length} steps, expected ${e.steps}`);
  if (e.solved !== 'any' && t.verdict.solved !== e.solved)
    problems.push(`solved ${t.verdict.solved}, expected ${e.solved}`);
  t.steps.forEach((s, i) => {
    if (s.id !== i + 1) problems.push(`step #${i + 1} has id ${s.id}`);
  });
  const empty = t.steps.filter((s) => !s.action.trim()).map((s) => s.id);
  if (empty.length) problems.push(`empty action at steps ${empty.slice(0, 5).join(',')}`);
  if (e.reasoning && t.steps.length > 0) {
    const withReasoning = t.steps.filter((s) => s.reasoning && s.reasoning.trim()).length;
    if (withReasoning === 0) problems.push('no reasoning kept although the source has it');
  }
  if (e.mistakeStep !== undefined && t.gold?.mistakeStep !== e.mistakeStep) {
    problems.push(`gold mistake step ${t.gold?.mistakeStep}, expected ${e.mistakeStep}`);
  }
  return problems;
}

/** sha256 of every file under a path (the run dir, or the run file and its siblings' dir). */
function hashTree(p: string): string {
  const h = createHash('sha256');
  const walk = (q: string): void => {
    const st = statSync(q);
    if (st.isDirectory()) for (const n of readdirSync(q).sort()) walk(path.join(q, n));
    else h.update(q).update(readFileSync(q));
  };
  walk(p);
  return h.digest('hex');
}

/** `codetracer analyze --offline` on the run: every profile file valid, the run byte-for-byte unchanged. */
async function analyzeCheck(addr: string, t: Trajectory, out: string): Promise<string[]> {
  const runPath = addr.replace(/#\d+$/, '');
  const watched = statSync(runPath).isDirectory() ? runPath : path.dirname(runPath);
  const before = hashTree(watched);
  let stderr = '';
  const code = await cli(['analyze', addr, '--offline', '-o', out], {
    stdout: () => {},
    stderr: (s) => void (stderr += s),
    isTTY: false,
    env: { ...process.env, NO_COLOR: '1' },
    cwd: process.cwd(),
  });
  const problems: string[] = [];
  if (code !== 0) problems.push(`analyze exited ${code}: ${stderr.trim().split('\n')[0]}`);
  const dirs = readdirSync(out).map((d) => path.join(out, d));
  if (dirs.length !== 1) problems.push(`analyze wrote ${dirs.length} output folders`);
  for (const d of dirs) {
    for (const p of PROFILE_NAMES) {
      const file = path.join(d, PROFILE_FILES[p]);
      if (!existsSync(file)) {
        problems.push(`no ${PROFILE_FILES[p]}`);
        continue;
      }
      const v = await validateProfileFile(file, t);
      if (!v.valid) problems.push(`${PROFILE_FILES[p]} invalid: ${v.errors[0]}`);
    }
  }
  if (hashTree(watched) !== before) problems.push('the run changed on disk');
  return problems;
}

async function main(): Promise<number> {
  const summaryIdx = process.argv.indexOf('--summary-file');
  const summaryFile = summaryIdx > 0 ? process.argv[summaryIdx + 1] : undefined;
  if (!existsSync(fixtures)) {
    console.log(`conformance: ${fixtures} not found; nothing to check`);
    return 0;
  }
  let passed = 0;
  let failed = 0;
  for (const e of EXPECTED) {
    const addr = path.join(fixtures, e.path);
    const started = performance.now();
    let line: string;
    try {
      const trajs = await openRun(addr);
      if (trajs.length !== 1) throw new Error(`${trajs.length} runs, expected 1`);
      const t = trajs[0];
      const problems = check(t, e);
      const out = mkdtempSync(path.join(os.tmpdir(), 'ct-conf-'));
      try {
        problems.push(...(await analyzeCheck(addr, t, out)));
      } finally {
        rmSync(out, { recursive: true, force: true });
      }
      const ms = (performance.now() - started).toFixed(0);
      const desc = `${t.format} ${t.steps.length} steps, solved=${t.verdict.solved}, analyze ok`;
      if (problems.length) {
        failed++;
        line = `FAIL ${e.path}: ${desc}: ${problems.join('; ')}`;
      } else {
        passed++;
        line = `ok   ${e.path}: ${desc} (${ms} ms)`;
      }
    } catch (err) {
      failed++;
      const msg = isCodetracerError(err) ? err.oneLine() : err instanceof Error ? err.message : String(err);
      line = `FAIL ${e.path}: ${msg}`;
    }
    console.log(line);
  }
  console.log(`conformance: ${passed} passed, ${failed} failed (${EXPECTED.length} runs)`);
  if (summaryFile) writeFileSync(summaryFile, JSON.stringify({ passed, failed }));
  return failed ? 1 : 0;
}

main().then((c) => process.exit(c));
