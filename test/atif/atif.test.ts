// Harbor ATIF trajectories: real MIT trials in test/fixtures/atif, synthetic ATIF written here for the
// schema features the real files do not use, the larger real trials from ../shared/fixtures when present.
import { cpSync, existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { atifFormat } from '../../src/core/formats/atif/index.js';
import { detectFormat } from '../../src/core/formats/registry.js';
import { openRun } from '../../src/core/formats/open.js';
import { fsSource } from '../../src/core/io/source.js';
import { TrajectorySchema, type Trajectory } from '../../src/core/model/trajectory.js';
import type { RunLocation } from '../../src/core/formats/types.js';

const FIX = path.resolve(import.meta.dirname, '../fixtures/atif');
const REGEX = path.join(FIX, 'regex-log__XYfBZFy');
const PROVE = path.join(FIX, 'prove-plus-comm__YDACMLN');
const tmp = mkdtempSync(path.join(tmpdir(), 'ct-atif-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

const dir = (p: string): RunLocation => ({ src: fsSource, path: p, kind: 'dir' });
const file = (p: string): RunLocation => ({ src: fsSource, path: p, kind: 'file' });
async function one(loc: RunLocation): Promise<Trajectory> {
  const [t] = await atifFormat.parse(loc);
  expect(TrajectorySchema.parse(t)).toBeTruthy();
  return t;
}
const calls = (t: Trajectory): number => t.steps.reduce((n, s) => n + s.toolCalls.length, 0);

describe('Harbor trials (real data)', () => {
  it('regex-log: 5 steps, 1 tool call, reward 0, task from the user step', async () => {
    const t = await one(dir(REGEX));
    expect(t.format).toBe('atif');
    expect(t.steps).toHaveLength(5);
    expect(calls(t)).toBe(1);
    expect(t.verdict).toMatchObject({ solved: false, reward: 0 });
    expect(t.task).toMatch(/^Write a regex expression that matches dates/);
    expect(t.agent).toBe('claude-code');
    expect(t.model).toBe('kimi-k2.5');
    expect(t.steps.map((s) => s.actor)).toEqual(['user', 'agent', 'agent', 'agent', 'agent']);
    expect(t.steps[1].action).toBe('(empty agent message)');
    const w = t.steps[3];
    expect(w.id).toBe(4);
    expect(w.tool).toBe('Write');
    expect(w.action.split('\n')[0]).toBe('Write: /app/regex.txt (1 line)');
    expect(w.observation).toMatch(/^File created successfully at: \/app\/regex.txt/);
    expect(w.edits?.[0]).toMatchObject({ path: '/app/regex.txt', kind: 'write' });
    // Harbor's placeholder message ("Executed Write functions.Write:0") is not reasoning; reasoning_content is.
    expect(w.reasoning).toMatch(/^The task is to construct a regex/);
    expect(w.reasoning).not.toContain('Executed Write');
    expect(t.steps[2].tokens).toEqual({ input: 21451, output: 3109, cached: 21216 });
    expect(t.steps[1].tokens).toBeUndefined(); // all-zero metrics are not a measurement
    expect(t.metadata.schemaVersion).toBe('ATIF-v1.2');
    expect(w.raw?.file).toBe(path.join(REGEX, 'agent/trajectory.json'));
    expect(w.raw?.lineStart).toBeGreaterThan(1);
  });

  it('prove-plus-comm: 24 steps, 12 tool calls, reward 1, exit codes and edits', async () => {
    const t = await one(dir(PROVE));
    expect(t.steps).toHaveLength(24);
    expect(calls(t)).toBe(12);
    expect(t.verdict).toMatchObject({ solved: true, reward: 1 });
    expect(t.steps.map((s) => s.id)).toEqual(Array.from({ length: 24 }, (_, i) => i + 1));
    const edit = t.steps.find((s) => s.tool === 'Edit')!;
    expect(edit.id).toBe(5);
    expect(edit.edits?.[0]).toMatchObject({ path: '/workspace/plus_comm.v', kind: 'replace' });
    expect(edit.edits?.[0].newText).toContain('rewrite <- plus_n_Sm.');
    expect(edit.action).toContain("+     rewrite IHn'.");
    const bash = t.steps[8];
    expect(bash.tool).toBe('Bash');
    expect(bash.exitCode).toBe(2);
    expect(
      t.steps.find((s) => s.tool === 'Bash' && s.observation?.startsWith('(Bash completed'))?.exitCode,
    ).toBe(0);
    expect(await atifFormat.quickCount!(dir(PROVE))).toBe(24);
  });

  it('the ATIF file wins over agent/claude-code.txt in the same trial', async () => {
    expect((await detectFormat(dir(PROVE)))?.id).toBe('atif');
    const [t] = await openRun(PROVE);
    expect(t.format).toBe('atif');
  });

  it('agent/trajectory.json opened as a file still finds the trial verdict', async () => {
    const p = path.join(PROVE, 'agent/trajectory.json');
    expect((await detectFormat(file(p)))?.id).toBe('atif');
    const t = await one(file(p));
    expect(t.id).toBe('prove-plus-comm__YDACMLN');
    expect(t.verdict.reward).toBe(1);
  });

  it('a trial without trajectory.json (agent timed out) opens from the Claude Code stream', async () => {
    const d = path.join(tmp, 'timed-out');
    mkdirSync(path.join(d, 'agent'), { recursive: true });
    cpSync(path.join(REGEX, 'agent/claude-code.txt'), path.join(d, 'agent/claude-code.txt'));
    cpSync(path.join(REGEX, 'result.json'), path.join(d, 'result.json'));
    cpSync(path.join(REGEX, 'verifier'), path.join(d, 'verifier'), { recursive: true });
    writeFileSync(
      path.join(d, 'exception.txt'),
      'Traceback (most recent call last):\n  ...\nharbor.trial.trial.AgentTimeoutError: Agent execution timed out after 1200.0 seconds\n',
    );
    expect(await atifFormat.detect(dir(d))).toBe(false);
    expect((await detectFormat(dir(d)))?.id).toBe('claude_code');
    // Forced to ATIF, it still opens from the stream rather than failing.
    const t = await one(dir(d));
    expect(t.steps).toHaveLength(1);
    expect(t.verdict).toMatchObject({ solved: false, reward: 0 });
    expect(t.warnings.join('\n')).toMatch(/agent\/trajectory.json is missing/);
  });
});

describe('synthetic ATIF (written for these tests)', () => {
  // SYNTHETIC: schema features of ATIF v1.x the real trials do not use.
  const base = {
    schema_version: 'ATIF-v1.6',
    session_id: 'syn-1',
    agent: { name: 'toy-agent', version: '0.1', model_name: 'toy-model' },
    final_metrics: { total_prompt_tokens: 30, total_steps: 4 },
  };
  const steps = [
    { step_id: 1, source: 'system', message: 'You are a toy agent.' },
    {
      step_id: 2,
      source: 'user',
      message: [
        { type: 'text', text: 'Make tests pass' },
        { type: 'image', source: { media_type: 'image/png', path: 'shot.png' } },
      ],
    },
    {
      step_id: 3,
      source: 'agent',
      message: 'Run both checks at once.',
      reasoning_content: 'Two independent checks.',
      tool_calls: [
        { tool_call_id: 'c1', function_name: 'execute_bash', arguments: { command: 'pytest -q' } },
        {
          tool_call_id: 'c2',
          function_name: 'str_replace_editor',
          arguments: { command: 'view', path: '/w/a.py' },
        },
      ],
      observation: {
        results: [
          { source_call_id: 'c2', content: '1 x = 1' },
          { source_call_id: 'c1', content: '1 failed\n[Command finished with exit code 1]' },
        ],
      },
      metrics: { prompt_tokens: 30, completion_tokens: 7, cost_usd: 0.002 },
    },
    {
      step_id: 4,
      source: 'agent',
      message: '',
      tool_calls: [{ tool_call_id: 'c3', function_name: 'delegate', arguments: { task: 'fix a.py' } }],
      observation: {
        results: [
          { source_call_id: 'c3', content: 'fixed', subagent_trajectory_ref: [{ trajectory_id: 'sub-1' }] },
        ],
      },
    },
  ];
  const write = (name: string, value: unknown): string => {
    const p = path.join(tmp, name);
    writeFileSync(p, JSON.stringify(value, null, 2));
    return p;
  };

  it('several calls in one step: toolCalls[], one parallel group, results paired by source_call_id', async () => {
    const p = write('toy.json', {
      ...base,
      steps,
      subagent_trajectories: [{ trajectory_id: 'sub-1', agent: { name: 'sub' }, steps: [{}, {}] }],
    });
    expect((await detectFormat(file(p)))?.id).toBe('atif');
    const t = await one(file(p));
    expect(t.steps.map((s) => s.actor)).toEqual(['system', 'user', 'agent', 'agent']);
    expect(t.task).toBe('Make tests pass\n[image: shot.png]');
    const s3 = t.steps[2];
    expect(s3.toolCalls.map((c) => c.id)).toEqual(['c1', 'c2']);
    expect(s3.parallelGroup).toBe(1);
    expect(s3.action).toBe('execute_bash: pytest -q\n\nstr_replace_editor view /w/a.py');
    expect(s3.observation).toBe(
      '[execute_bash c1]\n1 failed\n[Command finished with exit code 1]\n\n[str_replace_editor c2]\n1 x = 1',
    );
    expect(s3.reasoning).toBe('Two independent checks.\n\nRun both checks at once.');
    expect(s3.tokens).toEqual({ input: 30, output: 7, cost: 0.002 });
    expect(t.steps[3].observation).toBe('fixed\n(delegated to sub-agent trajectory sub-1)');
    expect(t.metadata.subagentTrajectories).toEqual([
      { trajectoryId: 'sub-1', sessionId: null, agent: 'sub', steps: 2 },
    ]);
    expect(t.model).toBe('toy-model');
    expect(t.verdict.solved).toBeNull();
    expect(t.warnings).toEqual([]);
  });

  it('keeps the file step_id numbering; unusable numbering falls back to positions with a warning', async () => {
    const gap = await one(
      file(write('gap.json', { ...base, steps: steps.map((s, i) => ({ ...s, step_id: [1, 2, 5, 9][i] })) })),
    );
    expect(gap.steps.map((s) => s.id)).toEqual([1, 2, 5, 9]);
    expect(gap.warnings.join('\n')).toMatch(/not sequential from 1/);
    const bad = await one(
      file(write('bad.json', { ...base, steps: steps.map((s) => ({ ...s, step_id: 1 })) })),
    );
    expect(bad.steps.map((s) => s.id)).toEqual([1, 2, 3, 4]);
    expect(bad.warnings.join('\n')).toMatch(/numbered by position/);
  });

  it('refuses JSON that is not ATIF with a one-line error; detection checks the schema name', async () => {
    const p = write('other.json', { schema_version: 'ATIF-v1.2', agent: {} });
    await expect(atifFormat.parse(file(p))).rejects.toThrow(/not an ATIF trajectory/);
    expect(await atifFormat.detect(file(write('plain.json', { steps: [] })))).toBe(false);
  });
});

const HARBOR = path.resolve(import.meta.dirname, '../../../shared/fixtures/harbor_atif');

describe.skipIf(!existsSync(HARBOR))('real Harbor trials (../shared/fixtures, README §2)', () => {
  for (const [trial, n, c, reward] of [
    ['regex-log__XYfBZFy', 5, 1, 0],
    ['prove-plus-comm__YDACMLN', 24, 12, 1],
    ['polyglot-c-py__3z6k7TU', 147, 84, 1],
  ] as const) {
    it(`${trial}: ${n} steps, ${c} tool calls, reward ${reward}`, async () => {
      const [t] = await openRun(path.join(HARBOR, trial));
      expect(t.format).toBe('atif');
      expect(t.steps).toHaveLength(n);
      expect(calls(t)).toBe(c);
      expect(t.verdict.reward).toBe(reward);
      expect(t.steps.some((s) => s.reasoning)).toBe(true);
    });
  }

  it('financial-document-processor (no trajectory.json) still opens, with reward 0 and the exception', async () => {
    const d = path.join(HARBOR, 'financial-document-processor__FkdfmDK');
    const [t] = await atifFormat.parse(dir(d));
    expect(t.steps.length).toBeGreaterThan(0);
    expect(t.verdict).toMatchObject({ solved: false, reward: 0, exitStatus: 'AgentTimeoutError' });
  });
});
