// Claude Code stream-json runs: terminal-bench trials (events inside the asciinema cast, LFS stubs beside it),
// Harbor's agent/claude-code.txt, single event files, proxy logs. Real MIT data from test/fixtures/claude_code
// and test/fixtures/atif; the larger real runs are read from ../shared/fixtures when present.
import { cpSync, existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { claude_codeFormat } from '../../src/core/formats/claude_code/index.js';
import { detectFormat } from '../../src/core/formats/registry.js';
import { openRun } from '../../src/core/formats/open.js';
import { fsSource } from '../../src/core/io/source.js';
import { TrajectorySchema, type Trajectory } from '../../src/core/model/trajectory.js';
import type { RunLocation } from '../../src/core/formats/types.js';

const FIX = path.resolve(import.meta.dirname, '../fixtures');
const HELLO = path.join(FIX, 'claude_code/hello-world.1-of-1.2025-11-09__14-07-43');
const NO_CALLS = path.join(FIX, 'claude_code/blind-maze-explorer-5x5.1-of-1.2025-11-09__04-16-47');
const HARBOR_REGEX = path.join(FIX, 'atif/regex-log__XYfBZFy');
const tmp = mkdtempSync(path.join(tmpdir(), 'ct-claude-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

const dir = (p: string): RunLocation => ({ src: fsSource, path: p, kind: 'dir' });
const file = (p: string): RunLocation => ({ src: fsSource, path: p, kind: 'file' });
async function one(loc: RunLocation): Promise<Trajectory> {
  const [t] = await claude_codeFormat.parse(loc);
  expect(TrajectorySchema.parse(t)).toBeTruthy();
  return t;
}
function write(name: string, lines: unknown[]): string {
  const p = path.join(tmp, name);
  mkdirSync(path.dirname(p), { recursive: true });
  writeFileSync(p, lines.map((l) => (typeof l === 'string' ? l : JSON.stringify(l))).join('\n') + '\n');
  return p;
}

describe('terminal-bench trial: events from sessions/agent.cast', () => {
  it('hello-world: 5 tool_use steps with results, verdict and task from results.json', async () => {
    const t = await one(dir(HELLO));
    expect(t.format).toBe('claude_code');
    expect(t.steps.map((s) => s.tool)).toEqual(['TodoWrite', 'Write', 'TodoWrite', 'Read', 'TodoWrite']);
    expect(t.steps.map((s) => s.id)).toEqual([1, 2, 3, 4, 5]);
    expect(t.verdict.solved).toBe(true);
    expect(t.task).toMatch(/^Create a file called hello\.txt/);
    expect(t.model).toBe('openai/app-4lj8uu-1757909116059641172');
    expect(t.agent).toBe('claude-code');
    const write = t.steps[1];
    expect(write.action).toBe('Write: /app/hello.txt (1 line)\nHello, world!\n');
    expect(write.observation).toBe('File created successfully at: /app/hello.txt');
    expect(write.edits).toEqual([{ path: '/app/hello.txt', kind: 'write', newText: 'Hello, world!\n' }]);
    expect(write.toolCalls[0].id).toBe('call_R1CU1j4bWy4CmbxzK40sm0ud');
    // The cast header's clock dates each step; raw refs point at the cast lines.
    expect(write.timestamp).toMatch(/^2025-11-09T15:5\d:/);
    expect(write.raw?.file).toBe(path.join(HELLO, 'sessions/agent.cast'));
    expect(write.raw?.lineStart).toBeGreaterThan(1);
    expect(t.metadata.finalMessage).toMatch(/^Created \/app\/hello\.txt/);
    expect(t.metadata.streamKind).toBe('cast');
  });

  it('reports the LFS stub it skipped, and never uses commands.txt keystrokes', async () => {
    const t = await one(dir(HELLO));
    expect(t.warnings).toContain(
      'sessions/claude_code.log is a Git LFS pointer; used sessions/agent.cast instead',
    );
    expect(t.steps.some((s) => /asciinema|--output-format/.test(s.action))).toBe(false);
  });

  it('a run whose agent made no tool call is a valid empty trajectory with its final message', async () => {
    const t = await one(dir(NO_CALLS));
    expect(t.steps).toEqual([]);
    expect(t.verdict.solved).toBe(false);
    expect(String(t.metadata.finalMessage)).toMatch(/explore and map the maze/);
    expect(await claude_codeFormat.quickCount!(dir(NO_CALLS))).toBe(0);
  });

  it('is detected as claude_code, by the registry too', async () => {
    expect(await claude_codeFormat.detect(dir(HELLO))).toBe(true);
    expect((await detectFormat(dir(HELLO)))?.id).toBe('claude_code');
    expect(await claude_codeFormat.quickCount!(dir(HELLO))).toBe(5);
  });

  it('a trial with only commands.txt opens with no steps and says why', async () => {
    const d = path.join(tmp, 'no-sessions');
    mkdirSync(d, { recursive: true });
    cpSync(path.join(HELLO, 'commands.txt'), path.join(d, 'commands.txt'));
    cpSync(path.join(HELLO, 'results.json'), path.join(d, 'results.json'));
    expect((await detectFormat(dir(d)))?.id).toBe('claude_code');
    const t = await one(dir(d));
    expect(t.steps).toEqual([]);
    expect(t.verdict.solved).toBe(true);
    expect(t.warnings.join('\n')).toMatch(/no Claude Code event stream found/);
  });

  it('the cast opened as a single file gives the same steps and the trial verdict', async () => {
    const t = await one(file(path.join(HELLO, 'sessions/agent.cast')));
    expect(t.steps).toHaveLength(5);
    expect(t.id).toBe('hello-world.1-of-1.2025-11-09__14-07-43');
    expect(t.verdict.solved).toBe(true);
  });
});

describe('Harbor agent/claude-code.txt (plain stream-json lines)', () => {
  it('a repeated tool_use id before its result is one call (the later emission); thinking is its reasoning', async () => {
    const t = await one(file(path.join(HARBOR_REGEX, 'agent/claude-code.txt')));
    expect(t.steps).toHaveLength(1);
    const s = t.steps[0];
    expect(s.tool).toBe('Write');
    expect(s.action).toContain('(?=.*?\\b(?:[1-9]?\\d'); // the content of the second emission
    expect(s.reasoning).toMatch(/^The task is to construct a regex/);
    expect(s.reasoning).toContain("I'll create a regex that matches the last date");
    expect(s.tokens).toEqual({ input: 21451, output: 3109, cached: 21216 });
    expect(t.warnings.join('\n')).toMatch(/emitted twice with the same id/);
    expect(t.verdict).toMatchObject({ solved: false, reward: 0 });
    expect(t.model).toBe('kimi-k2.5');
    expect(t.metadata.result).toMatchObject({ subtype: 'success', numTurns: 2 });
  });
});

describe('synthetic event streams (written for these tests)', () => {
  // SYNTHETIC: one event per content block with a shared message id, as the CLI emits them.
  const init = {
    type: 'system',
    subtype: 'init',
    model: 'claude-test',
    session_id: 's1',
    cwd: '/w',
    tools: ['Bash'],
  };
  const a = (id: string, content: unknown[], extra: object = {}): object => ({
    type: 'assistant',
    message: {
      id,
      role: 'assistant',
      model: 'claude-test',
      content,
      usage: { input_tokens: 10, cache_read_input_tokens: 90, output_tokens: 5 },
    },
    parent_tool_use_id: null,
    ...extra,
  });
  const r = (id: string, content: unknown, extra: object = {}): object => ({
    type: 'user',
    message: { role: 'user', content: [{ type: 'tool_result', tool_use_id: id, content, ...extra }] },
    parent_tool_use_id: null,
  });
  const stream = [
    init,
    a('m1', [{ type: 'thinking', thinking: 'Check the tree first.' }]),
    a('m1', [{ type: 'text', text: 'Listing files.' }]),
    a('m1', [{ type: 'tool_use', id: 't1', name: 'Bash', input: { command: 'ls' } }]),
    a('m1', [{ type: 'tool_use', id: 't2', name: 'Read', input: { file_path: '/w/a.py' } }]),
    r('t2', [{ type: 'text', text: '1→print(1)' }]),
    r('t1', 'a.py', { is_error: false }),
    a('m2', [
      { type: 'text', text: 'Delegating.' },
      {
        type: 'tool_use',
        id: 't3',
        name: 'Task',
        input: { description: 'scan', prompt: 'find x', subagent_type: 'Explore' },
      },
    ]),
    {
      type: 'user',
      message: { role: 'user', content: [{ type: 'text', text: 'find x' }] },
      parent_tool_use_id: 't3',
    },
    a('s1', [{ type: 'tool_use', id: 't4', name: 'Bash', input: { command: 'false' } }], {
      parent_tool_use_id: 't3',
    }),
    { ...(r('t4', 'Exit code 1', { is_error: true }) as object), parent_tool_use_id: 't3' },
    r('t3', [{ type: 'text', text: 'x is in b.py' }]),
    a('m3', [{ type: 'text', text: 'Done: x is in b.py.' }]),
    {
      type: 'result',
      subtype: 'success',
      is_error: false,
      num_turns: 4,
      total_cost_usd: 0.01,
      result: 'Done: x is in b.py.',
    },
  ];

  it('pairs results by id, groups calls of one message, keeps reasoning and sub-agent steps', async () => {
    const p = write('run.jsonl', stream);
    expect(await claude_codeFormat.detect(file(p))).toBe(true);
    expect((await detectFormat(file(p)))?.id).toBe('claude_code');
    const t = await one(file(p));
    expect(t.steps.map((s) => [s.id, s.tool, s.observation])).toEqual([
      [1, 'Bash', 'a.py'],
      [2, 'Read', '1→print(1)'],
      [3, 'Task', 'x is in b.py'],
      [4, 'Bash', 'Exit code 1'],
    ]);
    const [s1, s2, s3, s4] = t.steps;
    expect(s1.parallelGroup).toBeDefined();
    expect(s2.parallelGroup).toBe(s1.parallelGroup);
    expect(s3.parallelGroup).toBeUndefined();
    expect(s1.reasoning).toBe('Check the tree first.\n\nListing files.');
    expect(s2.reasoning).toBeNull();
    expect(s3.reasoning).toBe('Delegating.');
    // Usage repeats on every event of a message: it is counted once, on the message's first step.
    expect(s1.tokens).toEqual({ input: 100, output: 5, cached: 90 });
    expect(s2.tokens).toBeUndefined();
    expect(s1.exitCode).toBe(0);
    expect(s4.exitCode).toBe(1);
    expect(s4.agentName).toBe('subagent:Explore');
    expect(s3.agentName).toBeUndefined();
    expect(t.metadata.subagents).toEqual([
      {
        parentToolUseId: 't3',
        parentStep: 3,
        subagentType: 'Explore',
        description: 'scan',
        steps: [4],
        finalMessage: null,
      },
    ]);
    expect(t.metadata.errorStepIds).toEqual([4]);
    expect(t.metadata.finalMessage).toBe('Done: x is in b.py.');
    expect(t.metadata.result).toMatchObject({ numTurns: 4, totalCostUsd: 0.01 });
    expect(t.model).toBe('claude-test');
    expect(s1.raw).toEqual({ file: p, lineStart: 4, lineEnd: 7 });
  });

  it('reads the same events out of an asciinema cast with noise and ANSI codes between them', async () => {
    const header = { version: 2, width: 80, height: 24, timestamp: 1700000000 };
    const out: unknown[] = [
      header,
      [0.1, 'o', '\x1b[?2004hroot@box:/w# claude -p x\r\n'],
      [0.2, 'i', 'ignored input\r'],
    ];
    let t = 1;
    for (const ev of stream) {
      const line = JSON.stringify(ev);
      // Split each JSON line across two output chunks, as terminals do.
      out.push([t, 'o', line.slice(0, 20)], [t + 0.01, 'o', `${line.slice(20)}\r\n`]);
      out.push([t + 0.02, 'o', '\x1b[2K\x1b[1Gspinner noise {"type": broken\r\n']);
      t += 1;
    }
    const p = write('rec/agent.cast', out);
    const tr = await one(file(p));
    expect(tr.steps).toHaveLength(4);
    expect(tr.steps[0].timestamp).toBe(new Date((1700000000 + 4) * 1000).toISOString());
    expect(tr.warnings.join('\n')).toMatch(/event line\(s\) in agent.cast were not valid JSON/);
  });

  it('a terminal log (ANSI escapes, CRLF) gives the same steps', async () => {
    const p = path.join(tmp, 'term.log');
    writeFileSync(p, stream.map((e) => `\x1b[0m${JSON.stringify(e)}\r`).join('\n'));
    const t = await one(file(p));
    expect(t.steps).toHaveLength(4);
    expect(t.metadata.streamKind).toBe('terminal-log');
  });

  it('a LiteLLM proxy request log: the longest request holds the run (Anthropic and OpenAI message styles)', async () => {
    const anthropic = [
      { role: 'user', content: 'Fix the bug' },
      {
        role: 'assistant',
        content: [
          { type: 'text', text: 'Look first.' },
          { type: 'tool_use', id: 'u1', name: 'Bash', input: { command: 'ls' } },
        ],
      },
      { role: 'user', content: [{ type: 'tool_result', tool_use_id: 'u1', content: 'main.py' }] },
      {
        role: 'assistant',
        content: [
          {
            type: 'tool_use',
            id: 'u2',
            name: 'Edit',
            input: { file_path: 'main.py', old_string: 'a', new_string: 'b' },
          },
        ],
      },
      { role: 'user', content: [{ type: 'tool_result', tool_use_id: 'u2', content: 'ok' }] },
    ];
    const p = write('proxy/claude_code.log', [
      'INFO proxy started',
      { model: 'm', messages: anthropic.slice(0, 3), tools: [{}] },
      { model: 'm', messages: anthropic, tools: [{}] },
    ]);
    const t = await one(file(p));
    expect(t.steps.map((s) => [s.tool, s.observation])).toEqual([
      ['Bash', 'main.py'],
      ['Edit', 'ok'],
    ]);
    expect(t.steps[0].reasoning).toBe('Look first.');
    expect(t.task).toBe('Fix the bug');
    expect(t.metadata.streamKind).toBe('proxy-log');

    const openai = [
      { role: 'system', content: 'sys' },
      { role: 'user', content: 'Task' },
      {
        role: 'assistant',
        content: null,
        tool_calls: [
          { id: 'c1', type: 'function', function: { name: 'execute_bash', arguments: '{"command":"pwd"}' } },
        ],
      },
      { role: 'tool', tool_call_id: 'c1', content: '/w' },
    ];
    const q = write('proxy2/requests.log', [{ request: { messages: openai } }]);
    const u = await one(file(q));
    expect(u.steps.map((s) => [s.action, s.observation])).toEqual([['execute_bash: pwd', '/w']]);
  });

  it('a file without events is refused with a one-line error naming it', async () => {
    const p = write('plain.txt', ['hello', 'world']);
    expect(await claude_codeFormat.detect(file(p))).toBe(false);
    await expect(claude_codeFormat.parse(file(p))).rejects.toThrow(/no Claude Code stream-json events/);
  });
});

const SHARED = path.resolve(import.meta.dirname, '../../../shared/fixtures');
const CC = path.join(SHARED, 'claude_code_cast');
const HARBOR = path.join(SHARED, 'harbor_atif');

describe.skipIf(!existsSync(CC))(
  'real terminal-bench Claude Code trials (../shared/fixtures, README §1)',
  () => {
    const runs: [string, number, boolean | null][] = [
      ['claude_code_gpt5/hello-world/hello-world.1-of-1.2025-11-09__14-07-43', 5, true],
      [
        'claude_code_c4/blind-maze-explorer-5x5/blind-maze-explorer-5x5.1-of-1.2025-11-08__13-10-33',
        21,
        false,
      ],
      ['claude_code_c4/build-initramfs-qemu/build-initramfs-qemu.1-of-1.2025-11-08__13-10-33', 28, null],
      [
        'claude_code_v3/blind-maze-explorer-5x5/blind-maze-explorer-5x5.1-of-1.2025-11-09__04-16-47',
        0,
        false,
      ],
      ['claude_code_gpt5/password-recovery/password-recovery.1-of-1.2025-11-09__14-07-43', 69, true],
      ['claude_code_c4/super-benchmark-upet/super-benchmark-upet.1-of-1.2025-11-08__13-10-33', 92, false],
    ];
    for (const [rel, steps, solved] of runs) {
      it(`${rel.split('/')[1]} (${rel.split('/')[0]}): ${steps} steps`, async () => {
        const [t] = await openRun(path.join(CC, rel));
        expect(t.format).toBe('claude_code');
        expect(t.steps).toHaveLength(steps);
        expect(t.verdict.solved).toBe(solved);
        // Every call got its result, except the last call of the c4 maze run (the agent was cut off).
        const unanswered = t.steps.filter((s) => s.observation === null).length;
        expect(unanswered).toBe(rel.startsWith('claude_code_c4/blind-maze') ? 1 : 0);
      });
    }

    it('build-initramfs-qemu: failure_mode is the exit status', async () => {
      const [t] = await openRun(path.join(CC, runs[2][0]));
      expect(t.verdict.exitStatus).toBe('test_timeout');
    });

    it('password-recovery: the Task sub-agent steps are inline, tagged and mapped to their parent', async () => {
      const [t] = await openRun(path.join(CC, runs[4][0]));
      const subs = t.metadata.subagents as { parentStep: number; steps: number[] }[];
      expect(subs).toHaveLength(1);
      expect(t.steps[subs[0].parentStep - 1].tool).toBe('Task');
      expect(subs[0].steps.length).toBeGreaterThan(50);
      expect(subs[0].steps.every((id) => t.steps[id - 1].agentName === 'subagent:Explore')).toBe(true);
      expect(t.steps.filter((s) => s.parallelGroup !== undefined).length).toBeGreaterThan(10);
    });
  },
);

describe.skipIf(!existsSync(HARBOR))(
  'real Harbor trials through the claude_code reader (../shared/fixtures, README §2)',
  () => {
    it('financial-document-processor (no trajectory.json, agent timed out) opens from agent/claude-code.txt', async () => {
      const d = path.join(HARBOR, 'financial-document-processor__FkdfmDK');
      expect((await detectFormat(dir(d)))?.id).toBe('claude_code');
      const [t] = await openRun(d);
      expect(t.steps).toHaveLength(8);
      expect(t.verdict).toMatchObject({ solved: false, reward: 0, exitStatus: 'AgentTimeoutError' });
      expect(t.warnings.join('\n')).toMatch(/agent\/trajectory.json is missing/);
      expect(t.warnings.join('\n')).toMatch(/AgentTimeoutError: Agent execution timed out/);
      expect(t.task).toBe('financial-document-processor');
    });

    it('stream-json of the ATIF trials holds as many calls as their ATIF files', async () => {
      for (const [trial, calls] of [
        ['regex-log__XYfBZFy', 1],
        ['prove-plus-comm__YDACMLN', 12],
        ['polyglot-c-py__3z6k7TU', 84],
      ] as const) {
        const [t] = await claude_codeFormat.parse(dir(path.join(HARBOR, trial)));
        expect(t.steps, trial).toHaveLength(calls);
      }
    });
  },
);
