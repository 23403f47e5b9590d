import { afterAll, describe, expect, it } from 'vitest';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fsSource } from '../../src/core/io/source.js';
import type { RunLocation } from '../../src/core/formats/types.js';
import { terminus2Format } from '../../src/core/formats/terminus/terminus2.js';
import { terminus1Format } from '../../src/core/formats/terminus/terminus1.js';
import { pre_normalizedFormat } from '../../src/core/formats/prenormalized/pre_normalized.js';
import { detectFormat } from '../../src/core/formats/registry.js';
import { writeFiles } from '../helpers/files.js';

const FIX = path.resolve('test/fixtures/prenormalized');
const MAPS = {
  b10ea365: path.join(FIX, 'build-initramfs-qemu/terminus2-OpenAI__GPT-5-build-initramfs-qemu-b10ea365'),
  f9835d4e: path.join(
    FIX,
    'debug-long-program/terminus2-DeepSeek__DeepSeek-V3.2-debug-long-program-f9835d4e',
  ),
};

const tmpRoots: string[] = [];
afterAll(() => tmpRoots.forEach((d) => rmSync(d, { recursive: true, force: true })));

function writeTree(files: Record<string, string>): string {
  const root = mkdtempSync(path.join(tmpdir(), 'ct-terminus2-'));
  tmpRoots.push(root);
  return writeFiles(root, files);
}

const dirLoc = (p: string): RunLocation => ({ src: fsSource, path: p, kind: 'dir' });

interface Ref {
  path: string;
  content: string;
}

/** Rebuild `<trial>/agent-logs/episode-N/{response.txt,prompt.txt}` from a CodeTraceBench step map. */
function rebuildTrial(mapDir: string): { trial: string; task: string } {
  const steps = JSON.parse(readFileSync(path.join(mapDir, 'steps.json'), 'utf8')) as {
    step_id: number;
    action_ref: Ref;
    observation_ref: Ref | null;
  }[];
  const task = readFileSync(path.join(mapDir, 'task.md'), 'utf8');
  const files: Record<string, string> = {
    // Synthetic first prompt in the terminus-2 template shape.
    'trial/agent-logs/episode-0/prompt.txt': `You are an AI assistant (synthetic prompt).\n\nTask Description:\n${task}\n\nCurrent terminal state:\nroot@host:/app#\n`,
  };
  for (const s of steps) {
    const ep = /episode-(\d+)\/response\.txt$/.exec(s.action_ref.path)![1];
    files[`trial/agent-logs/episode-${ep}/response.txt`] = s.action_ref.content;
    if (s.observation_ref) {
      const next = /episode-(\d+)\/prompt\.txt$/.exec(s.observation_ref.path)![1];
      files[`trial/agent-logs/episode-${next}/prompt.txt`] = s.observation_ref.content;
    }
  }
  return { trial: path.join(writeTree(files), 'trial'), task: task.trim() };
}

describe('terminus-2 raw layout rebuilt from CodeTraceBench step maps', () => {
  for (const [name, mapDir] of Object.entries(MAPS)) {
    it(`${name}: same ids, actions, reasoning and observations as the pre-normalized map`, async () => {
      const { trial, task } = rebuildTrial(mapDir);
      expect(await terminus2Format.detect(dirLoc(trial))).toBe(true);
      expect(await terminus1Format.detect(dirLoc(trial))).toBe(false);
      const [raw] = await terminus2Format.parse(dirLoc(trial));
      const [pre] = await pre_normalizedFormat.parse(dirLoc(mapDir));
      expect(raw.steps.length).toBe(pre.steps.length);
      expect(await terminus2Format.quickCount!(dirLoc(trial))).toBe(pre.steps.length);
      expect(raw.steps.map((s) => s.id)).toEqual(pre.steps.map((s) => s.id));
      for (let i = 0; i < raw.steps.length; i++) {
        const a = raw.steps[i];
        const b = pre.steps[i];
        expect({
          id: a.id,
          action: a.action,
          tool: a.tool,
          calls: a.toolCalls,
          reasoning: a.reasoning,
        }).toEqual({
          id: b.id,
          action: b.action,
          tool: b.tool,
          calls: b.toolCalls,
          reasoning: b.reasoning,
        });
        expect(a.observation).toBe(b.observation);
        expect(a.raw?.file).toMatch(new RegExp(`agent-logs/episode-${a.id - 1}/response\\.txt$`));
      }
      expect(raw.task).toBe(task);
      expect(raw.format).toBe('terminus2');
      expect(raw.agent).toBe('terminus-2');
      expect(raw.warnings).toEqual([]);
      expect(raw.steps.every((s) => s.action.trim() !== '' && s.reasoning)).toBe(true);
    });
  }

  it('b10ea365: commands, durations and the completion turn', async () => {
    const [t] = await terminus2Format.parse(dirLoc(rebuildTrial(MAPS.b10ea365).trial));
    expect(t.steps.map((s) => s.toolCalls.filter((c) => c.name === 'send_keys').length)).toEqual([21, 4, 0]);
    expect(t.steps[0].toolCalls[2]).toEqual({
      name: 'send_keys',
      arguments: { keystrokes: 'apt-get update\n', duration: 40 },
    });
    expect(t.steps[0].action.split('\n')[0]).toBe('ls -l /app/linux-6.9/arch/x86/boot/bzImage');
    expect(t.steps[2].action).toBe('(no commands; marks the task complete)');
    expect(t.metadata.taskCompleteSteps).toEqual([2, 3]);
    // The harness asks for confirmation after the first task_complete; that prompt is step 2's observation.
    expect(t.steps[1].observation).toMatch(/Are you sure you want to mark the task as complete\?/);
    expect(t.steps[2].observation).toBeNull();
  });

  it('f9835d4e: harness warnings stay in the observation, tmux keys stay readable', async () => {
    const [t] = await terminus2Format.parse(dirLoc(rebuildTrial(MAPS.f9835d4e).trial));
    expect(t.steps[29].observation).toMatch(
      /^Previous response had warnings:\nWARNINGS: - Command 1 should end with newline/,
    );
    expect(t.steps[31].action).toBe('C-b c\npwd');
  });

  it('finds the trial when pointed at its task folder, and through the registry', async () => {
    const { trial } = rebuildTrial(MAPS.b10ea365);
    const [t] = await terminus2Format.parse(dirLoc(path.dirname(trial)));
    expect(t.steps.length).toBe(3);
    expect((await detectFormat(dirLoc(trial)))?.id).toBe('terminus2');
  });
});

describe('terminus-2 synthetic trials', () => {
  const xmlResponse = (cmd: string, done = false): string =>
    `<response>\n<analysis>Checking.</analysis>\n<plan>Run ${cmd}.</plan>\n<commands>\n<keystrokes duration="1.0">${cmd}\n</keystrokes>\n</commands>\n<task_complete>${done}</task_complete>\n</response>\n`;

  it('reads XML responses, results.json, run_metadata.json and the post-agent pane', async () => {
    const root = writeTree({
      'run/run_metadata.json': JSON.stringify({ agent_name: 'terminus-2', model_name: 'synthetic/model-x' }),
      'run/task-a/trial-1/results.json': JSON.stringify({ instruction: 'Print hello.', is_resolved: true }),
      'run/task-a/trial-1/agent-logs/episode-0/prompt.txt':
        'Task Description:\nPrint hello.\n\nCurrent terminal state:\n$\n',
      'run/task-a/trial-1/agent-logs/episode-0/response.txt': xmlResponse('echo hello'),
      'run/task-a/trial-1/agent-logs/episode-1/prompt.txt': 'New Terminal Output:\n$ echo hello\nhello\n$\n',
      'run/task-a/trial-1/agent-logs/episode-1/response.txt': xmlResponse('true', true),
      'run/task-a/trial-1/panes/post-agent.txt': '$ true\n$\n',
    });
    const [t] = await terminus2Format.parse(dirLoc(path.join(root, 'run/task-a/trial-1')));
    expect(t.model).toBe('synthetic/model-x');
    expect(t.verdict.solved).toBe(true);
    expect(t.task).toBe('Print hello.');
    expect(t.metadata.responseFormat).toBe('xml');
    expect(t.steps.map((s) => s.action)).toEqual(['echo hello', 'true\n(marks the task complete)']);
    expect(t.steps[0].observation).toBe('$ echo hello\nhello\n$');
    expect(t.steps[0].reasoning).toBe('Analysis: Checking.\n\nPlan: Run echo hello.');
    expect(t.steps[1].observation).toBe(
      '(terminal after the agent finished, panes/post-agent.txt)\n$ true\n$',
    );
  });

  it('keeps ids aligned when an episode lost its response, and shows unparseable ones raw', async () => {
    const root = writeTree({
      'agent-logs/episode-0/prompt.txt': 'Task Description:\nDo it.\n\nCurrent terminal state:\n$\n',
      'agent-logs/episode-0/response.txt':
        '{"analysis":"a","plan":"p","commands":[{"keystrokes":"ls\\n","duration":1}]}',
      'agent-logs/episode-1/prompt.txt': 'New Terminal Output:\n$ ls\n',
      'agent-logs/episode-2/prompt.txt': 'New Terminal Output:\n$\n',
      'agent-logs/episode-2/response.txt': 'Sorry, I cannot continue.',
      'agent-logs/episode-3/prompt.txt':
        'Previous response had parsing errors:\nERROR: No valid JSON found\n',
    });
    const [t] = await terminus2Format.parse(dirLoc(root));
    expect(t.steps.map((s) => s.id)).toEqual([1, 2, 3]);
    expect(t.steps[1].action).toBe('(no response recorded for episode-1)');
    expect(t.steps[2].action).toBe('Sorry, I cannot continue.');
    expect(t.steps[2].observation).toBe('Previous response had parsing errors:\nERROR: No valid JSON found');
    expect(t.task).toBe('Do it.');
    expect(t.verdict.solved).toBeNull();
    expect(t.warnings).toHaveLength(2);
    expect(t.warnings[0]).toMatch(/episode-1\/response\.txt: missing/);
    expect(t.warnings[1]).toMatch(/episode-2\/response\.txt: not a Terminus response/);
    expect(await terminus2Format.quickCount!(dirLoc(root))).toBe(3);
  });

  it('does not claim folders without episodes', async () => {
    const root = writeTree({ 'agent-logs/notes.txt': 'x', 'commands.txt': "'ls\\n'\n" });
    expect(await terminus2Format.detect(dirLoc(root))).toBe(false);
    await expect(terminus2Format.parse(dirLoc(root))).rejects.toThrow(
      /no agent-logs\/episode-N\/response\.txt/,
    );
  });
});
