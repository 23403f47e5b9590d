// Shared setup for the replay tests: a real git project with a bug, a synthetic ATIF run of an agent
// that got it wrong (its earlier steps edit files with old/new text), a hand-written diagnosis, the
// scripted LLM server, and byte-for-byte snapshots of folders.
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import {
  chmodSync,
  cpSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { ScriptedLlmServer, callTool, type ScriptStep } from '../helpers/scripted-llm-server.js';
import { runInProcess } from '../helpers/cli.js';
import { afterEach } from 'vitest';
import { bwrapArgv } from '../../src/core/replay/sandbox.js';

export const KEY = 'sk-replay-SECRET-0987654321';
export const TASK =
  'Bump VERSION to 1.1 and fix greet.sh so that it prints "Hello, world"; test.sh must pass.';

const git = (cwd: string, ...args: string[]) =>
  execFileSync('git', args, {
    cwd,
    encoding: 'utf8',
    env: {
      ...process.env,
      GIT_AUTHOR_NAME: 't',
      GIT_AUTHOR_EMAIL: 't@example.com',
      GIT_COMMITTER_NAME: 't',
      GIT_COMMITTER_EMAIL: 't@example.com',
    },
  }).trim();

/** A tiny project at a base commit: greet.sh misspells the greeting, VERSION is 1.0. */
export function makeRepo(dir: string): { repo: string; base: string } {
  mkdirSync(dir, { recursive: true });
  git(dir, 'init', '-q', '-b', 'main');
  writeFileSync(path.join(dir, 'greet.sh'), '#!/bin/sh\necho "Helo, world"\n');
  writeFileSync(path.join(dir, 'VERSION'), '1.0\n');
  writeFileSync(
    path.join(dir, 'test.sh'),
    '#!/bin/sh\n[ "$(cat VERSION)" = "1.1" ] || { echo "VERSION is not 1.1"; exit 1; }\n' +
      '[ "$(sh greet.sh)" = "Hello, world" ] || { echo "wrong greeting"; exit 1; }\necho ok\n',
  );
  git(dir, 'add', '.');
  git(dir, 'commit', '-q', '-m', 'base');
  const base = git(dir, 'rev-parse', 'HEAD');
  // Later work on the user's checkout: the replay must start from the base commit, not from this.
  writeFileSync(path.join(dir, 'LATER.txt'), 'a later commit\n');
  git(dir, 'add', '.');
  git(dir, 'commit', '-q', '-m', 'later');
  writeFileSync(path.join(dir, 'uncommitted.txt'), 'work in progress\n');
  return { repo: dir, base };
}

const bash = (id: string, command: string, output: string) => ({
  tool_calls: [{ tool_call_id: id, function_name: 'Bash', arguments: { command } }],
  observation: { results: [{ source_call_id: id, content: output }] },
});
const edit = (id: string, file: string, oldS: string, newS: string) => ({
  tool_calls: [
    {
      tool_call_id: id,
      function_name: 'Edit',
      arguments: { file_path: file, old_string: oldS, new_string: newS },
    },
  ],
  observation: { results: [{ source_call_id: id, content: `The file ${file} has been updated.` }] },
});

/** Synthetic ATIF run (clearly made up): step 3 bumps VERSION (right), step 5 "fixes" the typo wrongly. */
export function makeRun(dir: string): string {
  const steps = [
    { source: 'user', message: TASK },
    { source: 'agent', message: '', ...bash('c1', 'cat /testbed/greet.sh', '#!/bin/sh\necho "Helo, world"') },
    { source: 'agent', message: '', ...edit('c2', '/testbed/VERSION', '1.0', '1.1') },
    {
      source: 'agent',
      message: '',
      ...bash('c3', 'mkdir -p /testbed/build && touch /testbed/build/stamp', ''),
    },
    { source: 'agent', message: '', ...edit('c4', '/testbed/greet.sh', 'Helo', 'Hullo') },
    { source: 'agent', message: '', ...bash('c5', 'cd /testbed && sh test.sh', 'wrong greeting') },
    { source: 'agent', message: 'Done: the greeting is fixed.' },
  ].map((s, i) => ({ step_id: i + 1, timestamp: `2026-01-01T00:00:0${i}Z`, ...s }));
  const traj = {
    schema_version: 'ATIF-v1.2',
    session_id: 'synthetic-replay-test',
    agent: { name: 'synthetic-agent', version: '0', model_name: 'made-up' },
    steps,
  };
  mkdirSync(path.join(dir, 'agent'), { recursive: true });
  writeFileSync(path.join(dir, 'agent', 'trajectory.json'), JSON.stringify(traj, null, 2));
  return dir;
}

/** A detailed profile naming step 5 as the root cause (as an LLM diagnosis would). */
export function makeDiagnosis(dir: string): string {
  const reasoning = 'Changed "Helo" to "Hullo" instead of "Hello"; the greeting is still wrong.';
  mkdirSync(dir, { recursive: true });
  writeFileSync(
    path.join(dir, 'codetracer_analysis.json'),
    JSON.stringify({
      root_cause_chain: ['step 6: test.sh still fails', 'step 5: the typo was replaced by another typo'],
      critical_decision_points: [{ step_id: 5, decision: 'wrote Hullo', should_have: 'written Hello' }],
      correct_strategy: 'Replace "Helo" with "Hello" in greet.sh, then run sh test.sh.',
      stage_labels: [{ stage_id: 1, incorrect_step_ids: [5], unuseful_step_ids: [], reasoning }],
      summary: 'The agent fixed the typo with another typo.',
      diagnoser: 'scripted',
    }),
  );
  return dir;
}

/** The replay agent that fixes the bug: look, fix and test, finish. */
export function fixingAgent(): ScriptStep[] {
  return [
    callTool('shell', { command: 'cat greet.sh VERSION' }, { text: 'Looking at the files.' }),
    callTool('shell', { command: "sed -i 's/Helo/Hello/' greet.sh && sh test.sh" }),
    callTool('finish', { summary: 'Fixed the greeting; VERSION was already 1.1.' }),
  ];
}

/** Every file below `dir` (including .git) with its sha256, for byte-for-byte comparisons. */
export function snapshot(dir: string): Record<string, string> {
  const out: Record<string, string> = {};
  const walk = (d: string) => {
    for (const e of readdirSync(d, { withFileTypes: true })) {
      const p = path.join(d, e.name);
      if (e.isDirectory()) walk(p);
      else if (e.isFile())
        out[path.relative(dir, p)] = createHash('sha256').update(readFileSync(p)).digest('hex');
      else out[path.relative(dir, p)] = 'other';
    }
  };
  walk(dir);
  return out;
}

export interface ReplayHarness {
  tmp: string;
  repo: string;
  base: string;
  run: string;
  diag: string;
  server: ScriptedLlmServer;
  env: NodeJS.ProcessEnv;
  cli(args: string[], env?: NodeJS.ProcessEnv): Promise<{ code: number; stdout: string; stderr: string }>;
  close(): Promise<void>;
}

export async function replayHarness(script: ScriptStep[]): Promise<ReplayHarness> {
  const tmp = mkdtempSync(path.join(os.tmpdir(), 'ct-replay-'));
  const { repo, base } = makeRepo(path.join(tmp, 'repo'));
  const run = makeRun(path.join(tmp, 'runs', 'fix-greet'));
  const diag = makeDiagnosis(path.join(tmp, 'diag'));
  const server = await ScriptedLlmServer.start({ script });
  const env = {
    CODETRACER_API_BASE: server.url,
    CODETRACER_API_KEY: KEY,
    CODETRACER_MODEL: 'gpt-4.1-mini',
    CODETRACER_CONF_DIR: path.join(tmp, 'conf'),
    XDG_CACHE_HOME: path.join(tmp, 'cache'),
  };
  return {
    tmp,
    repo,
    base,
    run,
    diag,
    server,
    env,
    cli: (args, extra = {}) => runInProcess(args, tmp, { ...env, ...extra }),
    async close() {
      await server.close();
      rmSync(tmp, { recursive: true, force: true });
    },
  };
}

/** bwrap installed and able to build the replay sandbox here (user namespaces may be off in CI). */
export const HAS_BWRAP = (() => {
  try {
    const [cmd, ...args] = bwrapArgv('bwrap', os.tmpdir(), 'true');
    execFileSync(cmd, args, { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
})();

/** Where `replayCli` records the replays of a harness. */
export const replaysDir = (h: ReplayHarness): string => path.join(h.tmp, 'replays');

/** `codetracer replay RUN …flags`, recording under `replaysDir(h)`. */
export function replayCli(h: ReplayHarness, flags: string[], env?: NodeJS.ProcessEnv) {
  return h.cli(['replay', h.run, ...flags, '--output', replaysDir(h)], env);
}

/** Flags: replay in a fresh worktree of the harness's repository at its base commit. */
export const inWorktree = (h: ReplayHarness): string[] => ['--repo', h.repo, '--commit', h.base];

/** Flags: replay from the breakpoint of the hand-written diagnosis. */
export const autoFromDiagnosis = (h: ReplayHarness): string[] => ['--auto', '--diagnosis', h.diag];

/** The project's files (no git history) copied into `<tmp>/<name>`: a scratch workdir or container root. */
export function copyProject(h: ReplayHarness, name: string): string {
  const dir = path.join(h.tmp, name);
  mkdirSync(dir);
  for (const f of ['greet.sh', 'VERSION', 'test.sh']) cpSync(path.join(h.repo, f), path.join(dir, f));
  return dir;
}

/** A folder `<tmp>/<folder>` holding one executable `command` that runs `script`; put it first on PATH. */
export function fakeCommandBin(h: ReplayHarness, folder: string, command: string, script: string): string {
  const bin = path.join(h.tmp, folder);
  mkdirSync(bin);
  writeFileSync(path.join(bin, command), script);
  chmodSync(path.join(bin, command), 0o755);
  return bin;
}

/** For a test file: `start(script)` makes a harness for the running test; each is closed after its test. */
export function replayHarnessPerTest(): (script: ScriptStep[]) => Promise<ReplayHarness> {
  const open: ReplayHarness[] = [];
  afterEach(async () => {
    for (const h of open.splice(0)) await h.close();
  });
  return async (script) => {
    const h = await replayHarness(script);
    open.push(h);
    return h;
  };
}
