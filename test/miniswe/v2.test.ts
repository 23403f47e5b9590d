// mini-swe-agent v2 trajectories (trajectory_format mini-swe-agent-1.1): text mode with ```mswea_bash_command,
// tool calling (role "tool" results), the Responses API form, and the final {role: "exit"} message.
// SYNTHETIC inputs written for these tests after mini-swe-agent's documented v2 format (docs/v2_migration.md).
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { detectFormat } from '../../src/core/formats/registry.js';
import { openRun } from '../../src/core/formats/open.js';
import { minisweFormat } from '../../src/core/formats/miniswe/index.js';
import { isCodetracerError } from '../../src/core/io/errors.js';
import { fsSource } from '../../src/core/io/source.js';
import { TrajectorySchema } from '../../src/core/model/trajectory.js';

const tmp = mkdtempSync(path.join(tmpdir(), 'ct-miniv2-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

function write(name: string, data: unknown): string {
  const p = path.join(tmp, name);
  mkdirSync(path.dirname(p), { recursive: true });
  writeFileSync(p, typeof data === 'string' ? data : JSON.stringify(data, null, 2));
  return p;
}

const info = (extra: Record<string, unknown> = {}) => ({
  exit_status: 'Submitted',
  submission: 'diff --git a/x b/x',
  model_stats: { instance_cost: 0.5, api_calls: 3 },
  mini_version: '2.1.0',
  config: { model: { model_name: 'anthropic/claude-sonnet-4-5', ...extra } },
});

const TOOLCALL = {
  info: info(),
  messages: [
    { role: 'system', content: 'You are a helpful assistant.' },
    {
      role: 'user',
      content:
        '<pr_description>\nConsider the following PR description:\nFix the parser.\n</pr_description>\n<instructions>...</instructions>',
    },
    {
      role: 'assistant',
      content: 'Let me look around first.',
      reasoning_content: 'The user wants a parser fix.',
      tool_calls: [
        { id: 'call_1', type: 'function', function: { name: 'bash', arguments: '{"command": "ls"}' } },
        {
          id: 'call_2',
          type: 'function',
          function: { name: 'bash', arguments: '{"command": "cat parser.py"}' },
        },
      ],
      extra: {
        actions: [
          { command: 'ls', tool_call_id: 'call_1' },
          { command: 'cat parser.py', tool_call_id: 'call_2' },
        ],
        response: { usage: { prompt_tokens: 100, completion_tokens: 20 } },
        cost: 0.01,
        timestamp: 1760000000.5,
      },
    },
    {
      role: 'tool',
      tool_call_id: 'call_1',
      content: '<returncode>0</returncode>\n<output>\nparser.py\n</output>',
      extra: { returncode: 0, timestamp: 1760000001 },
    },
    {
      role: 'tool',
      tool_call_id: 'call_2',
      content: '<returncode>1</returncode>\n<output>\nno such file\n</output>',
      extra: { returncode: 1, timestamp: 1760000002 },
    },
    {
      role: 'user',
      content: 'Please always provide EXACTLY ONE action.',
      extra: { interrupt_type: 'FormatError', model_response: 'I think it is fine now.' },
    },
    {
      role: 'assistant',
      content: '',
      tool_calls: [
        {
          id: 'call_3',
          type: 'function',
          function: {
            name: 'bash',
            arguments: '{"command": "echo COMPLETE_TASK_AND_SUBMIT_FINAL_OUTPUT && git diff"}',
          },
        },
      ],
      extra: {
        actions: [
          { command: 'echo COMPLETE_TASK_AND_SUBMIT_FINAL_OUTPUT && git diff', tool_call_id: 'call_3' },
        ],
        timestamp: 1760000010,
      },
    },
    {
      role: 'exit',
      content: 'diff --git a/x b/x',
      extra: { exit_status: 'Submitted', submission: 'diff --git a/x b/x' },
    },
  ],
  trajectory_format: 'mini-swe-agent-1.1',
};

const TEXT_V2 = {
  info: info(),
  messages: [
    { role: 'system', content: 'sys' },
    {
      role: 'user',
      content: 'Please solve this issue: Rename foo to bar\n\nYou can execute bash commands and edit files.',
    },
    {
      role: 'assistant',
      content: 'THOUGHT: find foo.\n\n```mswea_bash_command\ngrep -rn foo .\n```',
      extra: { actions: [{ command: 'grep -rn foo .' }], timestamp: 1760000000 },
    },
    {
      role: 'user',
      content: '<returncode>0</returncode>\n<output>\n./a.py:1:foo\n</output>',
      extra: { returncode: 0, raw_output: './a.py:1:foo\n' },
    },
    { role: 'assistant', content: 'All done, nothing else to run.', extra: { timestamp: 1760000005 } },
    {
      role: 'user',
      content: 'Please always provide EXACTLY ONE action in triple backticks, found 0 actions.',
      extra: { interrupt_type: 'FormatError' },
    },
  ],
  trajectory_format: 'mini-swe-agent-1.1',
};

const RESPONSES = {
  info: info(),
  messages: [
    { role: 'system', content: 'sys' },
    { role: 'user', content: 'Please solve this issue: Count files' },
    {
      object: 'response',
      model: 'openai/gpt-5',
      output: [
        { type: 'reasoning', summary: [{ type: 'summary_text', text: 'Counting is easy.' }] },
        {
          type: 'message',
          role: 'assistant',
          content: [{ type: 'output_text', text: 'I will count them.' }],
        },
        { type: 'function_call', call_id: 'fc_1', name: 'bash', arguments: '{"command":"ls | wc -l"}' },
      ],
      usage: { input_tokens: 50, output_tokens: 7, input_tokens_details: { cached_tokens: 10 } },
      extra: { actions: [{ command: 'ls | wc -l', tool_call_id: 'fc_1' }], timestamp: 1760000000 },
    },
    {
      type: 'function_call_output',
      call_id: 'fc_1',
      output: '<returncode>0</returncode>\n<output>\n3\n</output>',
      extra: { returncode: 0 },
    },
  ],
};

describe('mini-swe-agent v2 (synthetic)', () => {
  it('tool calling: one step per assistant message with all its calls; tool results as observation', async () => {
    const file = write('toolcall/run.traj.json', TOOLCALL);
    const [t] = await openRun(file);
    expect(() => TrajectorySchema.parse(t)).not.toThrow();
    expect(t.steps).toHaveLength(2);
    const [a, b] = t.steps;
    expect(a.action).toBe('ls\n\ncat parser.py');
    expect(a.toolCalls).toEqual([
      { id: 'call_1', name: 'bash', arguments: { command: 'ls' } },
      { id: 'call_2', name: 'bash', arguments: { command: 'cat parser.py' } },
    ]);
    expect(a.observation).toContain('parser.py');
    expect(a.observation).toContain('no such file');
    expect(a.exitCode).toBe(1);
    expect(a.reasoning).toBe('The user wants a parser fix.\n\nLet me look around first.');
    expect(a.tokens).toEqual({ input: 100, output: 20, cost: 0.01 });
    expect(a.timestamp).toBe(new Date(1760000000500).toISOString());
    expect(a.endTimestamp).toBe(new Date(1760000002000).toISOString());
    // The format-error turn (v2 drops the reply, keeping it on the error message) is not lost.
    expect(t.metadata.extraMessages).toEqual([
      {
        index: 5,
        role: 'user',
        text: 'Please always provide EXACTLY ONE action.\n[model reply]\nI think it is fine now.',
      },
    ]);
    // The final command is answered by the exit message (the submission).
    expect(b.observation).toBe('diff --git a/x b/x');
    expect(t.verdict).toEqual({ solved: null, exitStatus: 'Submitted' });
    expect(t.task).toBe('Fix the parser.');
    expect(t.model).toBe('anthropic/claude-sonnet-4-5');
    expect(t.id).toBe('run');
  });

  it('text mode v2: mswea_bash_command fences, extra.returncode, trailing reply without a command', async () => {
    const [t] = await openRun(write('text/text.traj.json', TEXT_V2));
    expect(t.steps.map((s) => s.action)).toEqual(['grep -rn foo .']);
    expect(t.steps[0].reasoning).toBe('find foo.');
    expect(t.steps[0].exitCode).toBe(0);
    expect(t.task).toBe('Rename foo to bar');
    expect(t.metadata.trailingNotes).toEqual([
      '[reply without a command]\nAll done, nothing else to run.\n[harness answer]\nPlease always provide EXACTLY ONE action in triple backticks, found 0 actions.',
    ]);
  });

  it('Responses API messages: function_call items and function_call_output results', async () => {
    const [t] = await openRun(write('resp/resp.traj.json', RESPONSES));
    expect(t.steps).toHaveLength(1);
    const [s] = t.steps;
    expect(s.action).toBe('ls | wc -l');
    expect(s.toolCalls[0].id).toBe('fc_1');
    expect(s.reasoning).toBe('Counting is easy.\n\nI will count them.');
    expect(s.observation).toContain('3');
    expect(s.exitCode).toBe(0);
    expect(s.tokens).toEqual({ input: 50, output: 7, cached: 10 });
  });

  it('Harbor trial: agent/mini-swe-agent.trajectory.json with the verdict in verifier/reward.txt', async () => {
    const file = write('harbor/task__AbC123/agent/mini-swe-agent.trajectory.json', TEXT_V2);
    write('harbor/task__AbC123/verifier/reward.txt', '1\n');
    const trial = path.dirname(path.dirname(file));
    expect((await detectFormat({ src: fsSource, path: trial, kind: 'dir' }))?.id).toBe('miniswe');
    for (const address of [trial, file]) {
      const [t] = await openRun(address);
      expect(t.steps.map((s) => s.action)).toEqual(['grep -rn foo .']);
      expect(t.verdict).toMatchObject({ solved: true, reward: 1, exitStatus: 'Submitted' });
      expect(t.id).toBe('task__AbC123');
    }
  });

  it('uses the action regex recorded in the run config (swebench_xml)', async () => {
    const xml = {
      info: info({ action_regex: '<bash_code>(.*?)</bash_code>' }),
      messages: [
        { role: 'user', content: 'Please solve this issue: X' },
        { role: 'assistant', content: 'THOUGHT: look.\n\n<bash_code>ls -la</bash_code>' },
        { role: 'user', content: '<returncode>0</returncode>\n<output>\n</output>' },
      ],
      trajectory_format: 'mini-swe-agent-1.1',
    };
    const [t] = await openRun(write('xml/xml.traj.json', xml));
    expect(t.steps.map((s) => [s.action, s.reasoning])).toEqual([['ls -la', 'look.']]);
  });
});

describe('detection and errors', () => {
  it('does not claim SWE-agent, OpenHands or ATIF JSON', async () => {
    const sweAgent = write('neg/run.traj.json', {
      trajectory: [{ action: 'ls', observation: '', response: 'ls', thought: '' }],
      history: [{ role: 'assistant', content: 'ls' }],
      info: { exit_status: 'submitted' },
    });
    const openhands = write('neg/oh.traj.json', [
      { id: 1, source: 'agent', action: 'run', args: { command: 'ls' }, message: '```bash\nls\n```' },
      { id: 2, source: 'environment', observation: 'run', cause: 1, content: '<returncode>0</returncode>' },
    ]);
    const openhandsOutput = write('neg/output.traj.json', {
      instance_id: 'x',
      history: [{ id: 1, source: 'agent', action: 'run', args: { command: 'ls' } }],
      metadata: { agent_class: 'CodeActAgent' },
    });
    const atif = write('neg/atif.traj.json', {
      schema_version: 'ATIF-v1.2',
      messages: [],
      steps: [{ step_id: 1, source: 'agent' }],
    });
    const chat = write('neg/chat.traj.json', {
      messages: [
        { role: 'user', content: 'hi' },
        { role: 'assistant', content: 'hello' },
      ],
    });
    for (const p of [sweAgent, openhands, openhandsOutput, atif, chat]) {
      expect(await minisweFormat.detect({ src: fsSource, path: p, kind: 'file' }), p).toBe(false);
    }
  });

  it('detects a traj.json without version markers by its content', async () => {
    const plain = write('plain/plain.traj.json', {
      messages: [
        { role: 'user', content: 'do it' },
        { role: 'assistant', content: '```bash\nls\n```' },
        { role: 'user', content: '<returncode>0</returncode>\n<output>\n</output>' },
      ],
    });
    expect((await detectFormat({ src: fsSource, path: plain, kind: 'file' }))?.id).toBe('miniswe');
    expect((await detectFormat({ src: fsSource, path: path.dirname(plain), kind: 'dir' }))?.id).toBe(
      'miniswe',
    );
  });

  it('a truncated traj.json fails with one line naming the file', async () => {
    const full = JSON.stringify(TEXT_V2, null, 2);
    const p = write('bad/cut.traj.json', full.slice(0, Math.floor(full.length / 2)));
    const err = await openRun(p, { format: 'miniswe' }).catch((e: unknown) => e);
    expect(isCodetracerError(err)).toBe(true);
    const line = (err as { oneLine(): string }).oneLine();
    expect(line).toContain(p);
    expect(line).toMatch(/truncated JSON|invalid JSON/);
    expect(line).not.toContain('\n');
  });
});
