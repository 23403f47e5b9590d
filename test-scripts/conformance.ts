// `npm run conformance`: parse every run in ../shared/fixtures and check it against the expected table.
// Prints one line per run and a total; exits 1 when any run fails.
import { existsSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { openRun } from '../src/core/formats/open.js';
import { TrajectorySchema, type Trajectory } from '../src/core/model/trajectory.js';
import { isCodetracerError } from '../src/core/io/errors.js';
import '../src/core/init.js';
import { EXPECTED, type Expected } from './conformance-table.js';

const repo = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const fixtures = process.env.CODETRACER_FIXTURES ?? path.resolve(repo, '../shared/fixtures');

function check(t: Trajectory, e: Expected): string[] {
  const problems: string[] = [];
  const parsed = TrajectorySchema.safeParse(t);
  if (!parsed.success) problems.push(`model: ${parsed.error.issues[0]?.path.join('.')} ${parsed.error.issues[0]?.message}`);
  if (e.format !== 'any' && t.format !== e.format) problems.push(`format ${t.format}, expected ${e.format}`);
  if (e.steps !== null && t.steps.length !== e.steps) problems.push(`${t.steps.length} steps, expected ${e.steps}`);
  if (e.solved !== 'any' && t.verdict.solved !== e.solved) problems.push(`solved ${t.verdict.solved}, expected ${e.solved}`);
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
      const ms = (performance.now() - started).toFixed(0);
      const desc = `${t.format} ${t.steps.length} steps, solved=${t.verdict.solved}`;
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
