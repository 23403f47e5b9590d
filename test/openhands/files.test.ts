// OpenHands runs held in single files: evaluation output.jsonl (one run per line) and JSON event arrays.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { openhandsFormat } from '../../src/core/formats/openhands/index.js';
import { openRun } from '../../src/core/formats/open.js';
import type { RunLocation } from '../../src/core/formats/types.js';
import { fsSource } from '../../src/core/io/source.js';
import { TrajectorySchema, type Trajectory } from '../../src/core/model/trajectory.js';

const dir = path.join(import.meta.dirname, '..', 'fixtures', 'openhands');
const jsonl = path.join(dir, 'multi_swe_bench_examples', 'output.jsonl');
const gui = path.join(dir, 'runtime_trajs', 'basic_gui_mode.json');
const rename = path.join(dir, 'runtime_trajs', 'wrong_initial_state.json');

const fileLoc = (p: string, index?: number): RunLocation => ({ src: fsSource, path: p, kind: 'file', index });

async function parse(p: string, index?: number): Promise<Trajectory[]> {
  const ts = await openhandsFormat.parse(fileLoc(p, index));
  for (const t of ts) TrajectorySchema.parse(t);
  return ts;
}

interface RawEvent {
  id: number;
  source?: string;
  action?: string;
  observation?: string;
  cause?: number;
}

/** Event ids of the CodeTraceBench step rule, computed straight from the raw JSON. */
function ctbStepEventIds(history: RawEvent[]): number[] {
  return history
    .filter((e) => e.source === 'agent' && e.action && !['system', 'message', 'null'].includes(e.action))
    .map((e) => e.id)
    .sort((a, b) => a - b);
}

describe('output.jsonl (Multi-SWE-bench, CodeActAgent + llama-4-maverick)', () => {
  const lines = readFileSync(jsonl, 'utf8')
    .trim()
    .split('\n')
    .map((l) => JSON.parse(l) as { history: RawEvent[] });

  it('is detected and holds 3 runs', async () => {
    expect(await openhandsFormat.detect(fileLoc(jsonl))).toBe(true);
    expect(await openhandsFormat.countRuns!(fileLoc(jsonl))).toBe(3);
  });

  it('gives 23 / 33 / 49 steps, one per agent action, in event order', async () => {
    const ts = await parse(jsonl);
    expect(ts.map((t) => t.id)).toEqual([
      'ponylang__ponyc-4595',
      'ponylang__ponyc-4593',
      'ponylang__ponyc-4588',
    ]);
    expect(ts.map((t) => t.steps.length)).toEqual([23, 33, 49]);
    ts.forEach((t, i) => {
      expect(t.steps.map((s) => s.raw?.eventStart)).toEqual(ctbStepEventIds(lines[i].history));
      expect(t.steps.every((s) => s.raw?.lineStart === i + 1 && s.raw?.file === jsonl)).toBe(true);
      expect(t.agent).toBe('OpenHands CodeActAgent');
      expect(t.model).toBe('openai/openrouter-llama-4-maverick');
      expect(t.verdict.solved).toBeNull();
      expect(t.metadata.gitPatch).toMatch(/^diff --git/);
    });
    expect(ts[0].metadata.stepKinds).toEqual({ run: 13, read: 6, edit: 2, think: 1, finish: 1 });
    expect(ts[2].verdict.exitStatus).toMatch(/maximum iteration/);
    // The task is the issue, not the prompt boilerplate around it.
    expect(ts[1].task).toMatch(/^CommandParser ignores parent default options/);
  });

  it('with an index parses that line only', async () => {
    const ts = await parse(jsonl, 1);
    expect(ts).toHaveLength(1);
    expect(ts[0].id).toBe('ponylang__ponyc-4593');
    expect(ts[0].steps).toHaveLength(33);
    expect(ts[0].metadata.line).toBe(2);
    expect(await openhandsFormat.quickCount!(fileLoc(jsonl, 2))).toBe(49);
    expect(await openhandsFormat.quickCount!(fileLoc(jsonl))).toBeNull();
    await expect(parse(jsonl, 3)).rejects.toThrow(/run #4 does not exist \(3 runs\)/);
  });

  it('reads "#N" addresses through openRun', async () => {
    const [t] = await openRun(`${jsonl}#3`, { format: 'openhands' });
    expect(t.id).toBe('ponylang__ponyc-4588');
  });

  it('maps every step kind to a display action, tool call and edits', async () => {
    const [t] = await parse(jsonl, 1);
    const s1 = t.steps[0];
    expect(s1).toMatchObject({
      action: 'execute_bash: ls /workspace/ponylang__ponyc__0.1',
      tool: 'execute_bash',
      exitCode: 0,
      tokens: { input: 5549, output: 88 },
      raw: { eventStart: 5, eventEnd: 6 },
    });
    expect(s1.observation).toMatch(
      /^BUILD\.md {2}CHANGELOG\.md[\s\S]*\[The command completed with exit code 0\.\]$/,
    );
    expect(s1.reasoning).toMatch(/^The task involves exploring the repository/);
    expect(s1.toolCalls).toEqual([
      { id: 'toolu_01', name: 'execute_bash', arguments: { command: 'ls /workspace/ponylang__ponyc__0.1' } },
    ]);
    const view = t.steps.find((s) => s.action.includes('(lines 100-end)'));
    expect(view?.action).toBe(
      'str_replace_editor view /workspace/ponylang__ponyc__0.1/packages/cli/cli.pony (lines 100-end)',
    );
    const insert = t.steps.find((s) => s.edits?.[0]?.kind === 'insert');
    expect(insert?.edits).toEqual([
      {
        path: '/workspace/ponylang__ponyc__0.1/packages/cli/command_parser.pony',
        kind: 'insert',
        newText: '// Correctly handle parent default options',
        line: 102,
      },
    ]);
    const replace = t.steps.filter((s) => s.edits?.[0]?.kind === 'replace');
    expect(replace.length).toBeGreaterThan(3);
    expect(replace.every((s) => typeof s.edits![0].oldText === 'string' && s.edits![0].oldText !== '')).toBe(
      true,
    );
    // A str_replace call without old_str was rejected: it shows, but edits nothing.
    const rejected = t.steps.find((s) => /Parameter `old_str` is required/.test(s.observation ?? ''));
    expect(rejected?.action).toMatch(/^str_replace_editor str_replace /);
    expect(rejected?.edits).toBeUndefined();
    const finish = t.steps[t.steps.length - 1];
    expect(finish.tool).toBe('finish');
    expect(finish.action).toMatch(/^finish \(task_completed: false\)\nUnable to make necessary changes/);
    expect(t.metadata.taskCompleted).toBe('false');
  });

  it('keeps a tool-call error that answers no action next to the step it follows', async () => {
    const [t] = await parse(jsonl, 1);
    // Event 29 (an invalid editor call, no cause) comes after step 12 (events 27-28).
    const s12 = t.steps[11];
    expect(s12.raw).toMatchObject({ eventStart: 27, eventEnd: 28 });
    expect(s12.observation).toMatch(/\n\n\[error\]\nParameter 'command' is expected to be one of/);
  });

  it('gives the think action its thought and keeps the LLM text as reasoning', async () => {
    const [t] = await parse(jsonl, 2);
    const think = t.steps.find((s) => s.tool === 'think')!;
    expect(think.action).toMatch(/^think\nTo fix the incorrect aliasing of `iso`/);
    expect(think.reasoning).toMatch(/^The `make_pattern_type` function is crucial/);
    expect(think.observation).toBe('Your thought has been logged.');
  });
});

describe('runtime trajectories (JSON arrays of events)', () => {
  it('basic_gui_mode: 4 steps, the final agent message kept, the user message as task', async () => {
    expect(await openhandsFormat.detect(fileLoc(gui))).toBe(true);
    const [t] = await parse(gui);
    expect(t.id).toBe('basic_gui_mode');
    expect(t.metadata.layout).toBe('event-list');
    expect(t.steps.map((s) => s.raw?.eventStart)).toEqual([7, 9, 11, 13]);
    expect(t.steps[0].action).toBe('execute_bash: mkdir -p /workspace/todo-app');
    expect(t.steps[0].observation).toBe('[The command completed with exit code 0.]');
    // Older edit events keep only the path; the editor call comes from the LLM tool call.
    expect(t.steps[1].action).toMatch(
      /^str_replace_editor create \/workspace\/todo-app\/index\.html\n<!DOCTYPE html>/,
    );
    expect(t.steps[1].edits).toHaveLength(1);
    expect(t.steps[1].edits![0]).toMatchObject({ path: '/workspace/todo-app/index.html', kind: 'create' });
    expect(t.steps[1].edits![0].newText).toMatch(/^<!DOCTYPE html>/);
    expect(t.steps[3].exitCode).toBe(-1);
    expect(t.steps[3].observation).toMatch(/no new output after 30 seconds/);
    expect(t.task).toMatch(/^I want to create a VueJS app/);
    expect(t.metadata.finalMessage).toMatch(/^I've created a complete Vue\.js todo application/);
    expect(t.model).toBe('claude-3-5-sonnet-20241022');
    expect(await openhandsFormat.quickCount!(fileLoc(gui))).toBe(4);
  });

  it('wrong_initial_state: read, run, read, finish', async () => {
    const [t] = await parse(rename);
    expect(t.steps.map((s) => s.tool)).toEqual([
      'str_replace_editor',
      'execute_bash',
      'str_replace_editor',
      'finish',
    ]);
    expect(t.steps[0].action).toBe('str_replace_editor view /workspace');
    expect(t.steps[0].observation).toMatch(/\/workspace\/game_2048\.py$/);
    expect(t.steps[1].action).toBe('execute_bash: mv /workspace/game_2048.py /workspace/2048.py');
    expect(t.steps[3].action).toBe('finish');
    expect(t.steps[3].reasoning).toMatch(/successfully renamed/);
    expect(t.task).toBe('Please rename game_2048.py to 2048.py');
  });
});
