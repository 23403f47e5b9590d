// terminal-bench `sessions/agent.log` of mini-swe-agent. The real logs (miniswe_tb) have no license: the default
// suite uses a synthetic log written here in the same form; the real ones are read only when present.
import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { detectFormat } from '../../src/core/formats/registry.js';
import { openRun } from '../../src/core/formats/open.js';
import { minisweFormat } from '../../src/core/formats/miniswe/index.js';
import { fsSource } from '../../src/core/io/source.js';
import { TrajectorySchema } from '../../src/core/model/trajectory.js';

const tmp = mkdtempSync(path.join(tmpdir(), 'ct-minilog-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

// SYNTHETIC: written for this test, imitating the harness output (colours, spinner overwrites, CRLF).
const G = (s: string): string => `\x1b[1;32m${s}\x1b[0m`;
const spin = (n: number): string =>
  Array.from({ length: n }, () => '\x1b[32m⠋\x1b[0m Waiting for the LM to respond...\r\x1b[2K').join('');
const rule = `\x1b[92m${'─'.repeat(80)}\x1b[0m`;
const header = (n: number, cost: string): string =>
  `${spin(3)}\r\n\x1b[1;31mmini-swe-agent\x1b[0m\x1b[31m (step \x1b[0m\x1b[1;31m${n}\x1b[0m\x1b[31m, \x1b[0m\x1b[1;31m$${cost}\x1b[0m\x1b[31m):\x1b[0m`;
const SYNTHETIC_LOG = [
  '\x1b[?2004hroot@0a1b2c3d:/app# source /installed-agent/install-agent.sh && echo INSTALL_SUCCESS',
  'INSTALL_SUCCESS',
  "root@0a1b2c3d:/app# mini -m synthetic/test-model -t 'Write hi to hi.txt' -y --exit-immediately; tmux wait -S done",
  `👋 This is ${G('mini-swe-agent')} version ${G('1.9')}${G('.')}${G('0')}.`,
  `${G('System')}:`,
  'You are a helpful assistant that can interact with a computer.',
  '',
  `${G('User')}:`,
  'Please solve this issue: Write hi to hi.txt',
  '',
  'You can execute bash commands and edit files to implement the necessary changes.',
  rule,
  header(1, '0.00'),
  `${spin(1)}THOUGHT: I will write the file with echo.`,
  '',
  '```bash',
  'echo hi > hi.txt',
  '```',
  spin(2),
  '',
  `${G('User')}:`,
  '<returncode>0</returncode>',
  '<output>',
  '</output>',
  rule,
  header(2, '0.01'),
  `${spin(1)}The file is written; I think we are done here.`,
  '',
  `${G('User')}:`,
  'Please always provide EXACTLY ONE action in triple backticks, found 0 actions.',
  rule,
  header(3, '0.01'),
  `${spin(1)}THOUGHT: Check the content.`,
  '',
  '```bash',
  'cat hi.txt && false',
  '```',
  '',
  `${G('User')}:`,
  '<returncode>1</returncode>',
  '<output>',
  'hi',
  '</output>',
  rule,
  header(4, '0.02'),
  `${spin(1)}THOUGHT: Submit.`,
  '',
  '```bash',
  'echo COMPLETE_TASK_AND_SUBMIT_FINAL_OUTPUT',
  '```',
  '',
  `${G('User')}:`,
  '',
  "Saved trajectory to '/root/.config/mini-swe-agent/last_mini_run.traj.json'",
  'root@0a1b2c3d:/app# ',
  'exit',
].join('\r\n');

const NOT_INSTALLED_LOG = [
  "root@0a1b2c3d:/app# mini -m synthetic/test-model -t 'Do a thing' -y --exit-immediately; tmux wait -S done",
  'bash: mini: command not found',
  'root@0a1b2c3d:/app# ',
].join('\r\n');

function trial(name: string, log: string, results?: Record<string, unknown>): string {
  const dir = path.join(tmp, name);
  mkdirSync(path.join(dir, 'sessions'), { recursive: true });
  writeFileSync(path.join(dir, 'sessions', 'agent.log'), log);
  if (results) writeFileSync(path.join(dir, 'results.json'), JSON.stringify(results));
  return dir;
}

describe('mini-swe-agent agent.log (synthetic)', () => {
  const dir = trial('synthetic-hi.1-of-1', SYNTHETIC_LOG, {
    instruction: 'Write hi to hi.txt',
    is_resolved: true,
  });

  it('is detected from the trial folder and from the log file', async () => {
    expect((await detectFormat({ src: fsSource, path: dir, kind: 'dir' }))?.id).toBe('miniswe');
    expect(
      await minisweFormat.detect({
        src: fsSource,
        path: path.join(dir, 'sessions', 'agent.log'),
        kind: 'file',
      }),
    ).toBe(true);
  });

  it('one step per reply with a bash block; the reply without one goes into the next reasoning', async () => {
    const [t] = await openRun(dir);
    expect(() => TrajectorySchema.parse(t)).not.toThrow();
    expect(t.steps.map((s) => [s.id, s.action])).toEqual([
      [1, 'echo hi > hi.txt'],
      [2, 'cat hi.txt && false'],
      [3, 'echo COMPLETE_TASK_AND_SUBMIT_FINAL_OUTPUT'],
    ]);
    expect(t.steps[0].reasoning).toBe('I will write the file with echo.');
    expect(t.steps[0].observation).toBe('<returncode>0</returncode>\n<output>\n</output>');
    expect(t.steps[0].exitCode).toBe(0);
    expect(t.steps[1].reasoning).toContain('The file is written; I think we are done here.');
    expect(t.steps[1].reasoning).toContain('found 0 actions');
    expect(t.steps[1].reasoning!.endsWith('Check the content.')).toBe(true);
    expect(t.steps[1].exitCode).toBe(1);
    expect(t.steps[2].observation).toBeNull();
    for (const s of t.steps) {
      expect(s.action).not.toMatch(/\x1b|Waiting for the LM/);
      expect(s.reasoning ?? '').not.toMatch(/\x1b|Waiting for the LM/);
    }
  });

  it('keeps model, version, task, verdict and line refs', async () => {
    const [t] = await openRun(dir);
    expect(t.model).toBe('synthetic/test-model');
    expect(t.metadata.miniVersion).toBe('1.9.0');
    expect(t.metadata.cost).toBe(0.02);
    expect(t.task).toBe('Write hi to hi.txt');
    expect(t.verdict.solved).toBe(true);
    const lines = SYNTHETIC_LOG.split('\n');
    expect(lines[t.steps[0].raw!.lineStart! - 1]).toContain('(step');
    expect(lines[t.steps[0].raw!.lineEnd! - 1]).toContain('</output>');
  });

  it('takes the task from the log when there is no results.json', async () => {
    const bare = trial('synthetic-bare', SYNTHETIC_LOG);
    const [t] = await openRun(bare);
    expect(t.task).toBe('Write hi to hi.txt');
    expect(t.verdict.solved).toBeNull();
  });

  it('an agent that never started is a valid empty trajectory', async () => {
    const d = trial('synthetic-not-installed', NOT_INSTALLED_LOG, {
      instruction: 'Do a thing',
      is_resolved: false,
    });
    expect((await detectFormat({ src: fsSource, path: d, kind: 'dir' }))?.id).toBe('miniswe');
    const [t] = await openRun(d);
    expect(() => TrajectorySchema.parse(t)).not.toThrow();
    expect(t.steps).toEqual([]);
    expect(t.verdict.solved).toBe(false);
    expect(t.metadata.agentError).toBe('bash: mini: command not found');
    expect(await minisweFormat.quickCount!({ src: fsSource, path: d, kind: 'dir' })).toBe(0);
  });

  it('prefers agent-logs/mini.traj.json when the trial has both', async () => {
    const d = trial('synthetic-both', SYNTHETIC_LOG, { instruction: 'Write hi to hi.txt' });
    mkdirSync(path.join(d, 'agent-logs'));
    const traj = {
      info: { exit_status: 'Submitted' },
      messages: [
        { role: 'system', content: 'sys' },
        { role: 'user', content: 'Please solve this issue: Write hi to hi.txt' },
        { role: 'assistant', content: 'THOUGHT: only one.\n\n```bash\nprintf hi > hi.txt\n```' },
        { role: 'user', content: '<returncode>0</returncode>\n<output>\n</output>' },
      ],
      trajectory_format: 'mini-swe-agent-1',
    };
    writeFileSync(path.join(d, 'agent-logs', 'mini.traj.json'), JSON.stringify(traj, null, 2));
    const [t] = await openRun(d);
    expect(t.sources[0]).toMatch(/agent-logs\/mini\.traj\.json$/);
    expect(t.steps.map((s) => s.action)).toEqual(['printf hi > hi.txt']);
  });
});

const TB = path.resolve(__dirname, '../../../shared/fixtures/miniswe_tb');

describe.skipIf(!existsSync(TB))('mini-swe-agent agent.log (shared fixtures, not in the repo)', () => {
  const find = (task: string): string => {
    for (const run of readdirSync(TB)) {
      const p = path.join(TB, run, task);
      if (existsSync(p)) return path.join(p, readdirSync(p)[0]);
    }
    throw new Error(`no trial for ${task}`);
  };
  it.each([
    { task: 'chess-best-move', steps: 0, solved: false },
    { task: 'hello-world', steps: 4, solved: true },
    { task: 'fix-git', steps: 11, solved: false },
    { task: 'blind-maze-explorer-algorithm.hard', steps: 48, solved: true },
  ])('$task: $steps steps, solved=$solved', async ({ task, steps, solved }) => {
    const dir = find(task);
    expect((await detectFormat({ src: fsSource, path: dir, kind: 'dir' }))?.id).toBe('miniswe');
    const [t] = await openRun(dir);
    expect(() => TrajectorySchema.parse(t)).not.toThrow();
    expect(t.steps).toHaveLength(steps);
    expect(t.verdict.solved).toBe(solved);
    expect(t.model).toMatch(/^anthropic\/claude-sonnet-4/);
    expect(await minisweFormat.quickCount!({ src: fsSource, path: dir, kind: 'dir' })).toBe(steps);
    for (const s of t.steps) {
      expect(s.action.trim()).not.toBe('');
      expect(s.action).not.toMatch(/```|\x1b/);
    }
    if (steps) expect(t.steps[t.steps.length - 1].action).toBe('echo COMPLETE_TASK_AND_SUBMIT_FINAL_OUTPUT');
  });
});
