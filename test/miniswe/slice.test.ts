// CodeTraceBench step ids must survive the raw parser: a trial rebuilt from a step map's slices parses to the
// same ids, actions and message lines, and stepFromSlice gives the step the raw parser gives.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { openRun } from '../../src/core/formats/open.js';
import { fsSource } from '../../src/core/io/source.js';
import { minisweFormat } from '../../src/core/formats/miniswe/index.js';
import { stepFromSlice } from '../../src/core/formats/miniswe/slice.js';
import { readStepMap, rebuildTrial } from './rebuild.js';

const MAPS = path.resolve(__dirname, '../fixtures/miniswe/codetracebench');
const QWEN = path.join(MAPS, 'miniswe-Qwen__Qwen3-Coder-480B-A35B-Instruct-filter-js-from-html-72dea13b');
const CLAUDE = path.join(
  MAPS,
  'miniswe-Anthropic__Claude-Sonnet-4-20250514-Thinking-add-benchmark-lm-eval-harness-54ac67f0',
);
const TMUX = path.join(
  MAPS,
  'miniswe-Anthropic__Claude-Sonnet-4-20250514-Thinking-tmux-advanced-workflow-04e67d90',
);

const tmp = mkdtempSync(path.join(tmpdir(), 'ct-miniswe-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

describe.each([
  { name: '72dea13b (Qwen, 25 steps)', dir: QWEN, count: 25, results: {} },
  { name: '54ac67f0 (Claude thinking, 47 steps)', dir: CLAUDE, count: 47, results: { is_resolved: false } },
])('step-id agreement with CodeTraceBench: $name', ({ dir, count, results }) => {
  const entries = readStepMap(dir);
  const trial = rebuildTrial(dir, tmp, results);

  it('detects the rebuilt trial as mini-swe-agent and parses the same number of steps', async () => {
    expect(await minisweFormat.detect({ src: fsSource, path: trial, kind: 'dir' })).toBe(true);
    const [t] = await openRun(trial);
    expect(t.format).toBe('miniswe');
    expect(entries).toHaveLength(count);
    expect(t.steps).toHaveLength(count);
  });

  it('maps every step id to the action of its slice, at the slice line', async () => {
    const [t] = await openRun(trial);
    for (const e of entries) {
      const step = t.steps.find((s) => s.id === e.step_id)!;
      const fromSlice = stepFromSlice(e.action_ref.content, e.observation_ref?.content ?? null)!;
      expect(fromSlice, `slice of step ${e.step_id}`).not.toBeNull();
      expect(step.action).toBe(fromSlice.action);
      expect(step.action).not.toMatch(/```|THOUGHT/);
      expect(step.reasoning).toBe(fromSlice.reasoning ?? null);
      expect(step.raw?.lineStart).toBe(e.action_ref.line_start);
      expect(step.raw?.file).toMatch(/agent-logs\/mini\.traj\.json$/);
    }
  });

  it('pairs each step with the observation that follows it (not a later one)', async () => {
    const [t] = await openRun(trial);
    const starts = entries.map((e) => e.action_ref.line_start);
    entries.forEach((e, k) => {
      const step = t.steps[k];
      const next = starts[k + 1] ?? Infinity;
      // Slices whose observation lies past the next action are an upstream mapping defect; the raw parser
      // gives those steps only what really follows them (nothing, in the rebuilt file).
      const own = entries.find(
        (o) =>
          o.observation_ref &&
          o.observation_ref.line_start > e.action_ref.line_start &&
          o.observation_ref.line_start < next,
      );
      if (own) {
        expect(step.observation).toBe(
          stepFromSlice(own.action_ref.content, own.observation_ref!.content)!.observation,
        );
        expect(step.observation).toMatch(/^<returncode>-?\d+<\/returncode>/);
        expect(step.exitCode).toBe(Number(/<returncode>(-?\d+)/.exec(step.observation!)![1]));
      } else {
        expect(step.observation).toBeNull();
      }
    });
  });
});

describe('stepFromSlice', () => {
  it('reads a truncated assistant message slice: bash block as action, THOUGHT and reasoning_content as reasoning', () => {
    const [first] = readStepMap(CLAUDE);
    const s = stepFromSlice(first.action_ref.content, first.observation_ref!.content)!;
    expect(s.action).toBe('ls -la && pwd');
    expect(s.reasoning).toContain('Let me understand what needs to be done');
    expect(s.reasoning).toContain('I need to start by understanding the current directory structure');
    expect(s.reasoning).not.toMatch(/^THOUGHT:/m);
    expect(s.observation).toContain('<returncode>0</returncode>');
    expect(s.exitCode).toBe(0);
    expect(s.timestamp).toBe(1766855701.9498928);
  });

  it('keeps the final submit step, which has no observation slice', () => {
    const entries = readStepMap(QWEN);
    const last = entries[entries.length - 1];
    const s = stepFromSlice(last.action_ref.content, null)!;
    expect(s.action).toBe('echo COMPLETE_TASK_AND_SUBMIT_FINAL_OUTPUT');
    expect(s.observation ?? null).toBeNull();
    expect(s.reasoning).toContain('The filter is now working perfectly');
  });

  it('reads agent.log slices (terminal text, not JSON)', () => {
    const [e] = readStepMap(TMUX);
    const s = stepFromSlice(e.action_ref.content, e.observation_ref!.content)!;
    expect(s.action).toBe('ls -la /app/project');
    expect(s.exitCode).toBe(0);
    expect(s.observation).toContain('drwxr-xr-x 2 root root 4096 Dec 28 15:51 src');
  });

  it('returns null for a slice without any command', () => {
    expect(
      stepFromSlice('{\n  "role": "assistant",\n  "content": "I am done, no more commands."\n}', null),
    ).toBeNull();
  });
});
