// Every OpenHands action kind, chat messages around steps, and parallel tool calls, on a small SYNTHETIC
// event list written here (shaped like openhands/events/serialization output), plus detection limits.
import { copyFileSync, existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { openhandsFormat } from '../../src/core/formats/openhands/index.js';
import type { RunLocation } from '../../src/core/formats/types.js';
import { CodetracerError } from '../../src/core/io/errors.js';
import { fsSource } from '../../src/core/io/source.js';
import { TrajectorySchema } from '../../src/core/model/trajectory.js';

const tmp = mkdtempSync(path.join(tmpdir(), 'ct-openhands-kinds-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));
const root = path.resolve(import.meta.dirname, '..', '..');
const loc = (p: string, kind: 'file' | 'dir' = 'file'): RunLocation => ({ src: fsSource, path: p, kind });

function tcm(
  fn: string,
  callId: string,
  responseId: string,
  calls: { id: string; name: string; args: object }[],
  extra = {},
) {
  return {
    function_name: fn,
    tool_call_id: callId,
    model_response: {
      id: responseId,
      model: 'synthetic-model',
      choices: [
        {
          message: {
            role: 'assistant',
            ...extra,
            tool_calls: calls.map((c) => ({
              id: c.id,
              type: 'function',
              function: { name: c.name, arguments: JSON.stringify(c.args) },
            })),
          },
        },
      ],
      usage: { prompt_tokens: 100, completion_tokens: 20, prompt_tokens_details: { cached_tokens: 40 } },
    },
    total_calls_in_response: calls.length,
  };
}

const pair = [
  { id: 'c1', name: 'execute_ipython_cell', args: { code: 'print(1)' } },
  { id: 'c2', name: 'browser', args: { url: 'https://example.org' } },
];
const events = [
  {
    id: 0,
    source: 'agent',
    action: 'system',
    args: { content: 'You are OpenHands', agent_class: 'CodeActAgent', openhands_version: '0.59.0' },
  },
  {
    id: 1,
    source: 'user',
    action: 'message',
    message: 'Fix the bug in a.py',
    args: { content: 'Fix the bug in a.py' },
  },
  {
    id: 2,
    source: 'user',
    action: 'recall',
    args: { query: 'Fix the bug in a.py', recall_type: 'workspace_context' },
  },
  {
    id: 3,
    source: 'environment',
    observation: 'recall',
    cause: 2,
    content: 'Added workspace context',
    extras: {},
  },
  {
    id: 4,
    source: 'agent',
    action: 'message',
    args: { content: 'Let me look around.', wait_for_response: false },
  },
  {
    id: 5,
    source: 'agent',
    action: 'run_ipython',
    args: { code: 'print(1)', thought: 'Two things at once.' },
    tool_call_metadata: tcm('execute_ipython_cell', 'c1', 'R1', pair, {
      content: 'Two things at once.',
      reasoning_content: 'hidden chain',
    }),
  },
  {
    id: 6,
    source: 'agent',
    action: 'browse',
    args: { url: 'https://example.org', thought: '' },
    tool_call_metadata: tcm('browser', 'c2', 'R1', pair, { content: 'Two things at once.' }),
  },
  {
    id: 7,
    source: 'agent',
    observation: 'run_ipython',
    cause: 5,
    content: '1',
    extras: { code: 'print(1)' },
  },
  {
    id: 8,
    source: 'agent',
    observation: 'browse',
    cause: 6,
    content: 'Example Domain',
    extras: { url: 'https://example.org' },
  },
  {
    id: 9,
    source: 'agent',
    action: 'edit',
    args: { path: '/w/a.py', content: 'x = 1\n', start: 1, end: -1, thought: 'Rewrite it.' },
  },
  {
    id: 10,
    source: 'agent',
    observation: 'edit',
    cause: 9,
    content: '--- a.py\n+++ a.py',
    extras: { path: '/w/a.py' },
  },
  { id: 11, source: 'agent', action: 'write', args: { path: '/w/b.txt', content: 'hello\n' } },
  { id: 12, source: 'agent', observation: 'write', cause: 11, content: '', extras: { path: '/w/b.txt' } },
  {
    id: 13,
    source: 'agent',
    action: 'call_tool_mcp',
    args: { name: 'fetch', arguments: { url: 'https://x.test' } },
  },
  { id: 14, source: 'agent', observation: 'mcp', cause: 13, content: '{"ok": true}', extras: {} },
  {
    id: 15,
    source: 'agent',
    action: 'task_tracking',
    args: {
      command: 'plan',
      task_list: [
        { id: '1', title: 'Read a.py', status: 'done' },
        { id: '2', title: 'Fix it', status: 'todo', notes: 'later' },
      ],
    },
  },
  {
    id: 16,
    source: 'agent',
    observation: 'task_tracking',
    cause: 15,
    content: 'Task list updated',
    extras: {},
  },
  {
    id: 17,
    source: 'agent',
    action: 'delegate',
    args: { agent: 'BrowsingAgent', inputs: { task: 'find the docs' } },
  },
  {
    id: 18,
    source: 'agent',
    action: 'condensation',
    args: { forgotten_events_start_id: 2, forgotten_events_end_id: 8, summary: 'Looked around.' },
  },
  { id: 19, source: 'user', action: 'message', args: { content: 'please continue' } },
  { id: 20, source: 'agent', action: 'brand_new_kind', args: { foo: 'bar', thought: 'trying' } },
  { id: 21, source: 'agent', action: 'edit', args: { path: '/w/a.py', command: 'undo_edit' } },
  {
    id: 22,
    source: 'agent',
    action: 'finish',
    args: { final_thought: 'Fixed a.py', task_completed: 'true', outputs: {} },
  },
  { id: 23, source: 'agent', action: 'message', args: { content: 'All done.' } },
  {
    id: 24,
    source: 'environment',
    observation: 'agent_state_changed',
    content: '',
    extras: { agent_state: 'finished' },
  },
];

describe('action kinds (synthetic event list)', () => {
  const file = path.join(tmp, 'synthetic.json');
  writeFileSync(file, JSON.stringify(events));

  it('turns every agent action into one step with a display action and tool call', async () => {
    expect(await openhandsFormat.detect(loc(file))).toBe(true);
    const [t] = await openhandsFormat.parse(loc(file));
    TrajectorySchema.parse(t);
    expect(t.steps.map((s) => s.raw?.eventStart)).toEqual([5, 6, 9, 11, 13, 15, 17, 18, 20, 21, 22]);
    expect(t.steps.map((s) => s.action.split('\n')[0])).toEqual([
      'execute_ipython_cell: print(1)',
      'browser: open https://example.org',
      'str_replace_editor edit /w/a.py',
      'str_replace_editor write /w/b.txt',
      'mcp fetch',
      'task_tracker plan',
      'delegate to BrowsingAgent',
      'condensation: forgot events 2-8',
      'brand_new_kind: {"foo":"bar"}',
      'str_replace_editor undo_edit /w/a.py',
      'finish (task_completed: true)',
    ]);
    expect(t.steps.every((s) => s.toolCalls.length === 1)).toBe(true);
    expect(t.steps[5].action).toBe('task_tracker plan\n[x] Read a.py\n[ ] Fix it (later)');
    expect(t.steps[2].edits).toEqual([{ path: '/w/a.py', kind: 'write', newText: 'x = 1\n' }]);
    expect(t.steps[3].edits).toEqual([{ path: '/w/b.txt', kind: 'write', newText: 'hello\n' }]);
    expect(t.steps[9].edits).toEqual([{ path: '/w/a.py', kind: 'undo' }]);
    expect(t.steps[4].toolCalls[0]).toEqual({
      name: 'mcp',
      arguments: { name: 'fetch', arguments: { url: 'https://x.test' } },
    });
    expect(t.agent).toBe('OpenHands CodeActAgent');
    expect(t.metadata.openhandsVersion).toBe('0.59.0');
    expect(t.model).toBe('synthetic-model');
  });

  it('groups the tool calls of one LLM response, with its text and usage on the first only', async () => {
    const [t] = await openhandsFormat.parse(loc(file));
    const [a, b] = t.steps;
    expect(a.parallelGroup).toBeDefined();
    expect(b.parallelGroup).toBe(a.parallelGroup);
    expect(t.steps.slice(2).every((s) => s.parallelGroup === undefined)).toBe(true);
    expect(a.tokens).toEqual({ input: 100, output: 20, cached: 40 });
    expect(b.tokens).toBeUndefined();
    // The agent message before the step, the model's thinking, then its text (= the thought, once).
    expect(a.reasoning).toBe('Let me look around.\n\nhidden chain\n\nTwo things at once.');
    expect(b.reasoning).toBeNull();
    expect(b.toolCalls[0]).toEqual({ id: 'c2', name: 'browser', arguments: { url: 'https://example.org' } });
  });

  it('keeps user and agent messages that are not steps', async () => {
    const [t] = await openhandsFormat.parse(loc(file));
    expect(t.task).toBe('Fix the bug in a.py');
    expect(t.steps[7].observation).toBe('[user message]\nplease continue');
    expect(t.metadata.finalMessage).toBe('All done.');
    expect(t.metadata.taskCompleted).toBe('true');
    expect(t.steps[8].reasoning).toBe('trying');
  });

  it('keeps a user reply to an agent message with it, before the next step', async () => {
    const chat = path.join(tmp, 'chat.json');
    const run = (id: number, command: string) => ({ id, source: 'agent', action: 'run', args: { command } });
    const out = (id: number, cause: number) => ({
      id,
      source: 'agent',
      observation: 'run',
      cause,
      content: 'ok',
      extras: {},
    });
    const msg = (id: number, source: string, content: string) => ({
      id,
      source,
      action: 'message',
      args: { content },
    });
    writeFileSync(
      chat,
      JSON.stringify([
        msg(1, 'user', 'Build it'),
        run(2, 'make'),
        out(3, 2),
        msg(4, 'agent', 'Should I also run the tests?'),
        msg(5, 'user', 'Please continue on your own.'),
        run(6, 'make test'),
        out(7, 6),
        msg(8, 'agent', 'Built and tested.'),
        msg(9, 'user', 'thanks'),
      ]),
    );
    const [t] = await openhandsFormat.parse(loc(chat));
    expect(t.steps).toHaveLength(2);
    expect(t.steps[0].observation).toBe('ok');
    expect(t.steps[1].reasoning).toBe(
      'Should I also run the tests?\n\n[user message]\nPlease continue on your own.',
    );
    expect(t.metadata.finalMessage).toBe('Built and tested.');
    expect(t.metadata.userMessages).toEqual(['thanks']);
    expect(t.task).toBe('Build it');
  });

  it('pairs old id-less [action, observation] history pairs', async () => {
    const old = path.join(tmp, 'old.json');
    const history = [
      [
        { source: 'user', action: 'message', args: { content: 'Say hi' } },
        { source: 'user', observation: 'null', content: '' },
      ],
      [
        { source: 'agent', action: 'run', args: { command: 'echo hi' } },
        { source: 'agent', observation: 'run', content: 'hi', extras: { exit_code: 0 } },
      ],
    ];
    writeFileSync(old, JSON.stringify({ instance_id: 'old-1', history }));
    const [t] = await openhandsFormat.parse(loc(old));
    expect(t.id).toBe('old-1');
    expect(t.steps).toHaveLength(1);
    expect(t.steps[0]).toMatchObject({ action: 'execute_bash: echo hi', observation: 'hi', exitCode: 0 });
  });
});

describe('detection leaves other formats alone', () => {
  const others = [
    'examples/harbor/prove-plus-comm__YDACMLN/agent/trajectory.json',
    'examples/miniswe-swebench/django__django-11163/trajs/django__django-11163/django__django-11163.traj.json',
    'examples/whowhen/hand-crafted-1.json',
    'examples/swe-agent/pydicom__pydicom-1458.traj',
  ];
  it.each(others)('%s is not OpenHands', async (rel) => {
    expect(existsSync(path.join(root, rel))).toBe(true);
    expect(await openhandsFormat.detect(loc(path.join(root, rel)))).toBe(false);
  });

  it('a SWE-agent .traj renamed to .json is still not OpenHands (its history is chat messages)', async () => {
    const p = path.join(tmp, 'swe.json');
    copyFileSync(path.join(root, 'examples/swe-agent/pydicom__pydicom-1458.traj'), p);
    expect(await openhandsFormat.detect(loc(p))).toBe(false);
  });

  it.each([
    'examples/claude-code/hello-world.1-of-1.2025-11-09__14-07-43',
    'examples/harbor/prove-plus-comm__YDACMLN',
  ])('trial dir %s is not OpenHands', async (rel) => {
    expect(existsSync(path.join(root, rel))).toBe(true);
    expect(await openhandsFormat.detect(loc(path.join(root, rel), 'dir'))).toBe(false);
  });

  it('a truncated event list is refused with a one-line error', async () => {
    const p = path.join(root, 'test/bad-input/cases/truncated-openhands.json');
    expect(await openhandsFormat.detect(loc(p))).toBe(false);
    const err = await openhandsFormat.parse(loc(p)).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(CodetracerError);
    expect((err as CodetracerError).oneLine()).toMatch(/truncated-openhands\.json: (truncated|invalid) JSON/);
  });
});
