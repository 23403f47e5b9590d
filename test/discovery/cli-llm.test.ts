// `codetracer discover` with an LLM: asked only where markers find nothing (or with --llm), never with
// --no-llm/--offline or when none is configured; found runs join the table, rejected proposals go to stderr.
import { copyFileSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { runInFolder } from '../helpers/cli-folder.js';
import { callTool, ScriptedLlmServer, type ScriptStep } from '../helpers/scripted-llm-server.js';
import { makeRunDir, registerTestFormat } from '../helpers/test-format.js';

registerTestFormat();

const FIX = path.join(path.dirname(fileURLToPath(import.meta.url)), '../fixtures/atif');

let tmp: string;
beforeAll(() => {
  tmp = mkdtempSync(path.join(os.tmpdir(), 'ct-cli-guided-'));
  for (const [dir, trial] of [
    ['alpha', 'regex-log__XYfBZFy'],
    ['beta', 'prove-plus-comm__YDACMLN'],
  ]) {
    mkdirSync(path.join(tmp, 'lab/exp', dir), { recursive: true });
    copyFileSync(path.join(FIX, trial, 'agent/trajectory.json'), path.join(tmp, 'lab/exp', dir, 'run.dat'));
  }
  makeRunDir(tmp, 'marked/run1', 3, true);
});
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

let server: ScriptedLlmServer | null = null;
afterEach(async () => {
  await server?.close();
  server = null;
});

const PROPOSALS = callTool('propose_runs', {
  runs: [
    { path: 'exp/alpha', reason: 'a run per folder' },
    { path: 'exp/beta/run.dat', reason: 'ATIF' },
    { path: '../marked', reason: 'sibling' },
  ],
});

async function run(args: string[], script: ScriptStep[] | null) {
  if (script) server = await ScriptedLlmServer.start({ script });
  const env: NodeJS.ProcessEnv = {};
  if (server) {
    env.CODETRACER_API_BASE = server.url;
    env.CODETRACER_API_KEY = 'sk-test';
    env.CODETRACER_MODEL = 'gpt-4.1-mini';
  }
  return runInFolder(args, env, tmp);
}

describe('codetracer discover with an LLM', () => {
  it('without an LLM configured behaves as before: nothing found, nothing said about an LLM', async () => {
    const r = await run(['discover', 'lab'], null);
    expect(r).toEqual({ code: 0, stdout: 'no runs found under lab\n', stderr: '' });
  });

  it('asks the LLM where markers found nothing, lists the checked runs and rejects the rest', async () => {
    const r = await run(['discover', 'lab'], [PROPOSALS]);
    expect(r.code).toBe(0);
    expect(r.stderr.split('\n')).toEqual([
      'codetracer: no runs found by markers under lab; asking the LLM (gpt-4.1-mini) where they are',
      'codetracer: warning: LLM proposal "../marked" rejected: path goes outside the root (..)',
      '',
    ]);
    const lines = r.stdout.trimEnd().split('\n');
    expect(lines.slice(1, -1).map((l) => l.split(/\s+/))).toEqual([
      ['atif', '5', 'unknown', 'lab/exp/alpha/run.dat'],
      ['atif', '24', 'unknown', 'lab/exp/beta/run.dat'],
    ]);
    expect(lines.at(-1)).toBe('2 runs found (2 atif)');
    expect(server!.chatRequests).toHaveLength(1);
  });

  it('--json keeps its array shape', async () => {
    const r = await run(['discover', '--json', 'lab'], [PROPOSALS]);
    expect(JSON.parse(r.stdout)).toEqual([
      { path: path.join(tmp, 'lab/exp/alpha/run.dat'), format: 'atif', steps: 5, verdict: null },
      { path: path.join(tmp, 'lab/exp/beta/run.dat'), format: 'atif', steps: 24, verdict: null },
    ]);
    expect(r.stderr).toContain('LLM proposal "../marked" rejected');
  });

  it('does not ask with --no-llm or --offline, nor for a root where markers found runs', async () => {
    for (const args of [
      ['discover', '--no-llm', 'lab'],
      ['discover', '--offline', 'lab'],
    ]) {
      const r = await run(args, [PROPOSALS]);
      expect(r.stdout).toBe('no runs found under lab\n');
      expect(r.stderr).toBe('');
      expect(server!.chatRequests).toHaveLength(0);
      await server!.close();
      server = null;
    }
    const r = await run(['discover', 'marked'], [PROPOSALS]);
    expect(r.stdout.trimEnd().split('\n').at(-1)).toBe('1 run found (1 testrun)');
    expect(server!.chatRequests).toHaveLength(0);
  });

  it('--llm asks even where markers found runs, without repeating them', async () => {
    const r = await run(
      ['discover', '--llm', 'marked'],
      [callTool('propose_runs', { runs: [{ path: 'run1' }] })],
    );
    expect(r.stderr).toBe(
      'codetracer: --llm: asking the LLM (gpt-4.1-mini) where the runs are under marked\n',
    );
    expect(r.stdout.trimEnd().split('\n').at(-1)).toBe('1 run found (1 testrun)');
    expect(server!.chatRequests).toHaveLength(1);
  });

  it('--time-limit bounds the LLM call', async () => {
    const t0 = Date.now();
    const r = await run(['discover', '--time-limit', '0.3', 'lab'], [{ type: 'hang' }]);
    expect(Date.now() - t0).toBeLessThan(5_000);
    expect(r.code).toBe(0);
    expect(r.stdout).toBe('no runs found under lab\n');
    expect(r.stderr).toMatch(
      /warning: LLM-guided discovery under lab: the time limit was reached before the LLM answered$/m,
    );
  });

  it('--llm without an LLM configured is an error; garbage answers end in one warning', async () => {
    const none = await run(['discover', '--llm', 'lab'], null);
    expect(none.code).toBe(2);
    expect(none.stderr).toMatch(/no LLM configured/);
    const bad = await run(['discover', 'lab'], [{ text: 'hmm' }, { text: '```json\n{"runs": 3}\n```' }]);
    expect(bad.code).toBe(0);
    expect(bad.stdout).toBe('no runs found under lab\n');
    const warn = bad.stderr.split('\n').filter((l) => l.includes('warning'));
    expect(warn).toHaveLength(1);
    expect(warn[0]).toMatch(
      /^codetracer: warning: LLM-guided discovery under lab: the LLM gave no usable proposals \(2 answers; last: the JSON block: not of the shape/,
    );
  });
});
