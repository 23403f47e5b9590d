import { afterAll, describe, expect, it } from 'vitest';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { execFileSync } from 'node:child_process';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fsSource } from '../../src/core/io/source.js';
import type { RunLocation } from '../../src/core/formats/types.js';
import { terminus1Format } from '../../src/core/formats/terminus/terminus1.js';
import { terminus2Format } from '../../src/core/formats/terminus/terminus2.js';
import { detectFormat } from '../../src/core/formats/registry.js';
import { writeFiles } from '../helpers/files.js';

const dirLoc = (p: string): RunLocation => ({ src: fsSource, path: p, kind: 'dir' });
const tmpRoots: string[] = [];
afterAll(() => tmpRoots.forEach((d) => rmSync(d, { recursive: true, force: true })));

function writeTree(files: Record<string, string>): string {
  const root = mkdtempSync(path.join(tmpdir(), 'ct-terminus1-'));
  tmpRoots.push(root);
  return writeFiles(root, files);
}

const resp = (o: object): string => JSON.stringify(o, null, 4);

// Synthetic terminus-1 trial in the terminal-bench 1.x layout (the real terminus-1 logs may not be copied).
function syntheticRun(): string {
  const trial = 'synthetic-run/synthetic-task/synthetic-task.1-of-1.2030-01-01__00-00-00';
  return path.join(
    writeTree({
      'synthetic-run/run_metadata.json': resp({
        agent_name: 'terminus-1',
        model_name: 'synthetic/tiny-model',
      }),
      [`${trial}/results.json`]: resp({
        instruction: 'Create /app/out.txt containing 42.',
        is_resolved: false,
        failure_mode: 'unset',
      }),
      [`${trial}/agent-logs/episode-0/prompt.txt`]:
        'You are an AI assistant (synthetic).\n\nInstruction:\nCreate /app/out.txt containing 42.\n\nYour response must be a JSON object that matches this schema:\n{}\n\nThe current terminal state is:\nroot@box:/app#\n',
      [`${trial}/agent-logs/episode-0/response.json`]: resp({
        state_analysis: 'Empty directory.',
        explanation: 'Write the file, then start a slow check.',
        commands: [
          { keystrokes: 'echo 42 > out.txt\n', is_blocking: true, timeout_sec: 5 },
          { keystrokes: 'sleep 100\n', is_blocking: true, timeout_sec: 3 },
        ],
        is_task_complete: false,
      }),
      [`${trial}/agent-logs/episode-1/prompt.txt`]:
        "Previous command:\nkeystrokes='sleep 100\\n' is_blocking=True timeout_sec=3.0\n\nThe previous command timed out after 3.0 seconds\n\nIt is possible that the command is not yet finished executing. If that is the case, then do nothing.\n\nHere is the current state of the terminal:\n\nroot@box:/app# echo 42 > out.txt; tmux wait -S done\nroot@box:/app# sleep 100; tmux wait -S done\n\n\n",
      [`${trial}/agent-logs/episode-1/response.json`]: resp({
        state_analysis: 'sleep is still running.',
        explanation: 'Interrupt it.',
        commands: [{ keystrokes: 'C-c', is_blocking: false, timeout_sec: 1 }],
        is_task_complete: false,
      }),
      [`${trial}/agent-logs/episode-2/prompt.txt`]:
        'root@box:/app# sleep 100; tmux wait -S done\n^C\nroot@box:/app#\n\n\n',
      [`${trial}/agent-logs/episode-2/response.json`]: resp({
        state_analysis: 'Done.',
        explanation: 'Nothing left.',
        commands: [],
        is_task_complete: true,
      }),
      [`${trial}/commands.txt`]:
        "'echo 42 > out.txt\\n'\n'sleep 100\\n'\n'C-c'\n['bash ', '/tests/run-tests.sh', 'Enter']\n",
    }),
    trial,
  );
}

describe('terminus-1 (synthetic trial)', () => {
  it('reads episodes, reasoning, blocking args, timeouts and identity', async () => {
    const trial = syntheticRun();
    expect(await terminus1Format.detect(dirLoc(trial))).toBe(true);
    expect(await terminus2Format.detect(dirLoc(trial))).toBe(false);
    expect((await detectFormat(dirLoc(trial)))?.id).toBe('terminus1');
    expect(await terminus1Format.quickCount!(dirLoc(trial))).toBe(3);
    const [t] = await terminus1Format.parse(dirLoc(trial));
    expect(t.format).toBe('terminus1');
    expect(t.agent).toBe('terminus-1');
    expect(t.model).toBe('synthetic/tiny-model');
    expect(t.task).toBe('Create /app/out.txt containing 42.');
    expect(t.verdict.solved).toBe(false);
    expect(t.steps.map((s) => s.action)).toEqual([
      'echo 42 > out.txt\nsleep 100',
      'C-c',
      '(no commands; marks the task complete)',
    ]);
    expect(t.steps[0].toolCalls[1]).toEqual({
      name: 'send_keys',
      arguments: { keystrokes: 'sleep 100\n', is_blocking: true, timeout_sec: 3 },
    });
    expect(t.steps[0].reasoning).toBe(
      'State analysis: Empty directory.\n\nExplanation: Write the file, then start a slow check.',
    );
    expect(t.steps[0].observation).toBe(
      'The previous command timed out after 3.0 seconds\n\nroot@box:/app# echo 42 > out.txt; tmux wait -S done\nroot@box:/app# sleep 100; tmux wait -S done',
    );
    expect(t.steps[1].observation).toBe('root@box:/app# sleep 100; tmux wait -S done\n^C\nroot@box:/app#');
    expect(t.steps[2].observation).toBeNull();
    expect(t.metadata.taskCompleteSteps).toEqual([3]);
    expect(t.warnings).toEqual([]);
  });

  it('falls back to the first prompt for the task when results.json is absent', async () => {
    const root = writeTree({
      'agent-logs/episode-0/prompt.txt':
        'Intro.\n\nInstruction:\nSay hi.\n\nYour response must be a JSON object that matches this schema:\n{}\n',
      'agent-logs/episode-0/response.json': resp({
        state_analysis: 's',
        explanation: 'e',
        commands: [{ keystrokes: 'echo hi\n' }],
        is_task_complete: true,
      }),
    });
    const [t] = await terminus1Format.parse(dirLoc(root));
    expect(t.task).toBe('Say hi.');
    expect(t.model).toBeNull();
    expect(t.verdict.solved).toBeNull();
  });
});

const SHARED = path.resolve('../shared/fixtures/terminus1');

describe.skipIf(!existsSync(SHARED))('terminus-1 real runs (../shared/fixtures, not copied)', () => {
  const trials = existsSync(SHARED)
    ? execFileSync('find', [SHARED, '-type', 'd', '-name', 'agent-logs'])
        .toString()
        .trim()
        .split('\n')
        .map(path.dirname)
    : [];
  const expected: Record<string, { steps: number; solved: boolean; model: string }> = {
    '17-53-18': { steps: 3, solved: false, model: 'dashscope/qwen3-235b-a22b-instruct-2507' },
    '17-56-23': { steps: 6, solved: true, model: 'dashscope/qwen3-30b-a3b-instruct-2507' },
    '18-55-58': { steps: 10, solved: false, model: 'dashscope/qwen3-235b-a22b-instruct-2507' },
  };

  it('has the three documented trials', () => expect(trials).toHaveLength(3));

  for (const [suffix, want] of Object.entries(expected)) {
    it(`trial …${suffix}: ${want.steps} episodes, solved=${want.solved}`, async () => {
      const trial = trials.find((t) => t.endsWith(suffix))!;
      expect((await detectFormat(dirLoc(trial)))?.id).toBe('terminus1');
      const [t] = await terminus1Format.parse(dirLoc(trial));
      expect(t.steps.length).toBe(want.steps);
      expect(await terminus1Format.quickCount!(dirLoc(trial))).toBe(want.steps);
      expect(t.verdict.solved).toBe(want.solved);
      expect(t.model).toBe(want.model);
      expect(t.agent).toBe('terminus-1');
      expect(t.warnings).toEqual([]);
      expect(t.task.startsWith('You are inside a Linux container at /app.')).toBe(true);
      for (const s of t.steps) {
        expect(s.action.trim()).not.toBe('');
        expect(s.reasoning).toMatch(/^State analysis: [\s\S]+\n\nExplanation: /);
      }
      // Every step but the last sees the next prompt; the last one sees the post-agent pane.
      expect(t.steps.every((s) => s.observation !== null)).toBe(true);
      expect(t.steps[t.steps.length - 1].observation).toMatch(/^\(terminal after the agent finished/);
    });
  }

  it('fifo_hard: C-c and ls are one episode, timeouts are in observations', async () => {
    const [t] = await terminus1Format.parse(dirLoc(trials.find((x) => x.endsWith('18-55-58'))!));
    expect(t.steps[6].action).toBe('C-c\nls -la');
    expect(t.steps[5].observation).toMatch(/^The previous command timed out after 40\.0 seconds/);
    expect(t.steps[9].action).toBe('(no commands; marks the task complete)');
  });
});
