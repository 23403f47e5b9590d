// The built CLI killed halfway (SIGINT) and resumed: finished runs are kept, interrupted ones are redone,
// and in the end every run was diagnosed to completion exactly once. Needs `npm run build` (npm test does).
import { spawn } from 'node:child_process';
import { existsSync, readdirSync, rmSync } from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { cliPath, repoRoot } from '../helpers/cli.js';
import { ScriptedLlmServer } from '../helpers/scripted-llm-server.js';
import {
  ALL_IDS,
  llmEnv,
  makeBatchRoot,
  readSummary,
  scriptedDiagnosis,
  validateOutputs,
  type BatchRoot,
} from './setup.js';

let b: BatchRoot | null = null;
let server: ScriptedLlmServer | null = null;
afterEach(async () => {
  await server?.close();
  server = null;
  if (b) rmSync(b.tmp, { recursive: true, force: true });
  b = null;
});

const batchBin = path.join(repoRoot, 'dist/src/cli/batch-main.js');

/** Start the CLI; `whenRunning` may signal it. Resolves with the exit code (bounded to 60 s). */
function runBuilt(
  script: string,
  args: string[],
  env: Record<string, string>,
  whenRunning?: (kill: () => void) => Promise<void>,
): Promise<{ code: number | null; stdout: string; stderr: string }> {
  const child = spawn(process.execPath, [script, ...args], {
    env: { ...process.env, NO_COLOR: '1', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (d) => (stdout += d));
  child.stderr.on('data', (d) => (stderr += d));
  const timer = setTimeout(() => child.kill('SIGKILL'), 60_000);
  void whenRunning?.(() => child.kill('SIGINT'));
  return new Promise((resolve) =>
    child.on('exit', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr });
    }),
  );
}

async function until(cond: () => boolean, ms = 30_000): Promise<void> {
  const end = Date.now() + ms;
  while (!cond()) {
    if (Date.now() > end) throw new Error('condition not reached in time');
    await new Promise((r) => setTimeout(r, 25));
  }
}

describe.skipIf(!existsSync(cliPath))('codetracer batch: interrupted and resumed (built CLI)', () => {
  it('SIGINT keeps finished runs; --resume finishes the rest; each run is done exactly once', async () => {
    b = await makeBatchRoot();
    server = await ScriptedLlmServer.start({ fallback: scriptedDiagnosis, delayMs: 150 });
    const out = path.join(b.tmp, 'out');
    const env = { ...llmEnv(server.url), CODETRACER_CONF_DIR: path.join(b.tmp, 'conf') };
    const args = ['batch', '-m', b.manifest, '-r', b.root, '-o', out, '--parallel', '2'];
    const completed = () => {
      try {
        return readSummary(out).runs.filter((r) => r.status === 'completed').length;
      } catch {
        return 0;
      }
    };
    const first = await runBuilt(cliPath, args, env, async (kill) => {
      await until(() => completed() >= 2);
      kill();
    });
    expect(first.stderr).toMatch(/interrupted: no new runs start/);
    expect(first.code).toBe(130);
    const s1 = readSummary(out);
    expect(s1.interrupted).toBe(true);
    const done1 = s1.runs.filter((r) => r.status === 'completed').map((r) => r.traj_id);
    expect(done1.length).toBeGreaterThanOrEqual(2);
    expect(done1.length).toBeLessThan(ALL_IDS.length);
    // Runs cut short were aborted (their labels so far written), the others never started.
    expect(s1.runs.every((r) => ['completed', 'aborted', 'not_started'].includes(r.status))).toBe(true);
    for (const r of s1.runs.filter((x) => x.status === 'aborted'))
      expect(existsSync(path.join(out, r.traj_id, 'codetracer_run.json'))).toBe(true);

    const before = server.chatRequests.length;
    // The second half through the codetracer-batch entry point.
    const second = await runBuilt(batchBin, args.slice(1).concat('--resume'), env);
    expect(second.stderr).toBe('');
    expect(second.code).toBe(0);
    const s2 = readSummary(out);
    expect(s2.runs.map((r) => r.traj_id)).toEqual(ALL_IDS);
    expect(s2.runs.every((r) => r.status === 'completed')).toBe(true);
    expect(
      s2.runs
        .filter((r) => r.resumed)
        .map((r) => r.traj_id)
        .sort(),
    ).toEqual([...done1].sort());
    // Only the runs not finished before were diagnosed again: three calls each.
    expect(server.chatRequests.length - before).toBe((ALL_IDS.length - done1.length) * 3);
    expect(
      readdirSync(out)
        .filter((n) => n !== 'summary.json')
        .sort(),
    ).toEqual([...ALL_IDS].sort());
    expect(await validateOutputs(b, out, ALL_IDS)).toEqual([]);
  }, 90_000);
});
