// SWE-agent `.traj` runs (MIT copies from SWE-agent/SWE-agent tests/test_data/trajectories).
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { detectFormat } from '../../src/core/formats/registry.js';
import { openRun } from '../../src/core/formats/open.js';
import { minisweFormat } from '../../src/core/formats/miniswe/index.js';
import { swe_agentFormat } from '../../src/core/formats/swe_agent/index.js';
import { isCodetracerError } from '../../src/core/io/errors.js';
import { fsSource } from '../../src/core/io/source.js';
import { TrajectorySchema } from '../../src/core/model/trajectory.js';

const FIX = path.resolve(__dirname, '../fixtures/swe_agent');
const V1_DIR = path.join(
  FIX,
  'gpt4__swe-agent-test-repo__default_from_url__t-0.00__p-0.95__c-3.00__install-1',
);
const V1 = path.join(V1_DIR, '6e44b9__sweagenttestrepo-1c2844.traj');
const I1_DIR = path.join(
  FIX,
  'gpt4__swe-agent__test-repo__default_from_url__t-0.00__p-0.95__c-3.00__install-1',
);
const I1 = path.join(I1_DIR, 'swe-agent__test-repo-i1.traj');
const PYDICOM_DIR = path.join(
  FIX,
  'gpt4__swe-bench-dev-easy_first_only__default__t-0.00__p-0.95__c-3.00__install-1',
);
const PYDICOM = path.join(PYDICOM_DIR, 'pydicom__pydicom-1458.traj');

const tmp = mkdtempSync(path.join(tmpdir(), 'ct-sweagent-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

describe('SWE-agent .traj (copied fixtures)', () => {
  it.each([
    { file: V1, dir: V1_DIR, steps: 5, id: 'SWE-agent__test-repo-i1', model: 'gpt-4o' },
    { file: I1, dir: I1_DIR, steps: 5, id: 'swe-agent__test-repo-i1', model: 'gpt4' },
    { file: PYDICOM, dir: PYDICOM_DIR, steps: 12, id: 'pydicom__pydicom-1458', model: 'gpt4' },
  ])('$id: $steps steps, exit submitted, verdict unknown', async ({ file, dir, steps, id, model }) => {
    for (const loc of [
      { src: fsSource, path: file, kind: 'file' as const },
      { src: fsSource, path: dir, kind: 'dir' as const },
    ]) {
      expect((await detectFormat(loc))?.id).toBe('swe_agent');
      expect(await minisweFormat.detect(loc)).toBe(false);
      expect(await swe_agentFormat.quickCount!(loc)).toBe(steps);
    }
    const [t] = await openRun(dir);
    expect(() => TrajectorySchema.parse(t)).not.toThrow();
    expect(t.format).toBe('swe_agent');
    expect(t.id).toBe(id);
    expect(t.steps.map((s) => s.id)).toEqual(Array.from({ length: steps }, (_, i) => i + 1));
    expect(t.verdict).toEqual({ solved: null, exitStatus: 'submitted' });
    expect(t.model).toBe(model);
    expect(t.steps[t.steps.length - 1].action).toBe('submit');
    expect(t.steps[t.steps.length - 1].observation).toContain('diff --git');
    expect(t.metadata.submission).toContain('diff --git');
    const raw = JSON.parse(readFileSync(file, 'utf8')) as {
      trajectory: { action: string; observation: string }[];
    };
    t.steps.forEach((s, i) => {
      expect(s.action).toBe(raw.trajectory[i].action.trimEnd());
      expect(s.observation).toBe(raw.trajectory[i].observation);
      expect(s.reasoning).toBeTruthy();
    });
  });

  it('task: the issue text, not the demonstration or the template', async () => {
    const [t] = await openRun(PYDICOM);
    expect(
      t.task.startsWith('Pixel Representation attribute should be optional for pixel data handler'),
    ).toBe(true);
    expect(t.task).not.toContain('TimeDelta serialization precision'); // the demonstration's issue
    expect(t.task).not.toContain('INSTRUCTIONS:');
  });

  it('0.x steps: thought as reasoning, tool from the command, line edits on the open file', async () => {
    const [t] = await openRun(I1);
    const [find, open, edit] = t.steps;
    expect(find.tool).toBe('find_file');
    expect(find.reasoning!.startsWith('The issue indicates that there is a syntax error')).toBe(true);
    expect(find.reasoning).not.toContain('```');
    expect(open.tool).toBe('open');
    expect(t.steps[3].tool).toBe('bash');
    expect(edit.edits).toEqual([
      {
        path: '/klieret__swe-agent-test-repo/tests/missing_colon.py',
        kind: 'replace',
        oldText: null,
        newText: 'def division(a: float, b: float) -> float:',
        line: 4,
      },
    ]);
    const [p] = await openRun(PYDICOM);
    expect(p.steps[0].edits).toEqual([
      { path: '/pydicom__pydicom/reproduce_bug.py', kind: 'create', newText: '' },
    ]);
  });

  it('1.x steps: tool calls from history with ids, search/replace edit on the open file', async () => {
    const [t] = await openRun(V1);
    expect(t.steps[0].toolCalls).toEqual([
      {
        id: 'call_fJuazlMUN5fQDQ73G6XSpYpx',
        name: 'find_file',
        arguments: { file_name: 'missing_colon.py' },
      },
    ]);
    expect(t.steps[2].tool).toBe('edit');
    expect(t.steps[2].edits).toEqual([
      {
        path: '/SWE-agent__test-repo/tests/missing_colon.py',
        kind: 'replace',
        oldText: 'def division(a: float, b: float) -> float',
        newText: 'def division(a: float, b: float) -> float:',
      },
    ]);
    expect(t.steps[3].tool).toBe('bash');
    expect(t.metadata.executionSeconds).toBeGreaterThan(0);
  });

  it('raw refs give the line range of each trajectory element', async () => {
    const text = readFileSync(PYDICOM, 'utf8');
    const lines = text.split('\n');
    const data = JSON.parse(text) as { trajectory: unknown[] };
    const [t] = await openRun(PYDICOM);
    for (const s of t.steps) {
      const { lineStart, lineEnd, eventStart } = s.raw!;
      const slice = lines
        .slice(lineStart! - 1, lineEnd)
        .join('\n')
        .trim()
        .replace(/,$/, '');
      expect(JSON.parse(slice)).toEqual(data.trajectory[eventStart as number]);
    }
  });
});

describe('SWE-agent: synthetic edge cases', () => {
  const write = (name: string, data: unknown): string => {
    const p = path.join(tmp, name);
    mkdirSync(path.dirname(p), { recursive: true });
    writeFileSync(p, typeof data === 'string' ? data : JSON.stringify(data, null, 2));
    return p;
  };

  it('str_replace_editor tool calls, thinking blocks, a report.json verdict, an empty action', async () => {
    // SYNTHETIC: a SWE-agent 1.x style run written for this test.
    const file = write('run/demo__x-1/demo__x-1.traj', {
      trajectory: [
        {
          action: "str_replace_editor str_replace /repo/a.py --old_str 'x = 1' --new_str 'x = 2'",
          observation: 'The file /repo/a.py has been edited.',
          response: 'Fix the constant.',
          thought: 'Fix the constant.',
          execution_time: 0.5,
          state: { open_file: 'n/a', working_dir: '/repo' },
        },
        { action: '', observation: 'Exited (autosubmitted)', response: '', thought: '', state: {} },
      ],
      history: [
        { role: 'system', content: 'sys', message_type: 'system_prompt' },
        {
          role: 'user',
          content: '<pr_description>\nConsider the following PR description:\nx must be 2\n</pr_description>',
        },
        {
          role: 'assistant',
          content: 'Fix the constant.',
          thought: 'Fix the constant.',
          action: "str_replace_editor str_replace /repo/a.py --old_str 'x = 1' --new_str 'x = 2'",
          thinking_blocks: [{ type: 'thinking', thinking: 'x is wrong.' }],
          tool_calls: [
            {
              id: 'toolu_1',
              type: 'function',
              function: {
                name: 'str_replace_editor',
                arguments:
                  '{"command":"str_replace","path":"/repo/a.py","old_str":"x = 1","new_str":"x = 2"}',
              },
            },
          ],
        },
      ],
      info: { exit_status: 'exit_cost', submission: null, model_stats: { instance_cost: 3.1, api_calls: 2 } },
      replay_config: JSON.stringify({
        agent: { model: { name: 'claude-x' } },
        problem_statement: { id: 'demo__x-1' },
      }),
    });
    write('logs/demo__x-1/report.json', { resolved: false, patch_exists: false });
    const [t] = await openRun(path.dirname(file));
    expect(t.steps).toHaveLength(2);
    const [a, b] = t.steps;
    expect(a.tool).toBe('str_replace_editor');
    expect(a.edits).toEqual([{ path: '/repo/a.py', kind: 'replace', oldText: 'x = 1', newText: 'x = 2' }]);
    expect(a.reasoning).toBe('x is wrong.\n\nFix the constant.');
    expect(b.action).toBe('(no action)');
    expect(b.toolCalls).toEqual([]);
    expect(b.observation).toBe('Exited (autosubmitted)');
    expect(t.task).toBe('x must be 2');
    expect(t.model).toBe('claude-x');
    expect(t.verdict).toMatchObject({ solved: false, exitStatus: 'exit_cost' });
    expect(t.verdict.source).toMatch(/logs\/demo__x-1\/report\.json$/);
  });

  it('does not claim mini-swe-agent, ATIF or binary .traj files', async () => {
    const mini = write('neg/a.traj', {
      messages: [{ role: 'assistant', content: '```bash\nls\n```' }],
      trajectory_format: 'mini-swe-agent-1',
    });
    const atif = write('neg/b.traj', { schema_version: 'ATIF-v1.2', trajectory: [], steps: [] });
    const bin = path.join(tmp, 'neg/c.traj');
    writeFileSync(bin, Buffer.from([0x80, 0x02, 0x00, 0x01, 0x00, 0xff]));
    for (const p of [mini, atif, bin]) {
      expect(await swe_agentFormat.detect({ src: fsSource, path: p, kind: 'file' }), p).toBe(false);
    }
  });

  it('a truncated .traj fails with one line naming the file', async () => {
    const full = readFileSync(I1, 'utf8');
    const p = write('bad/cut.traj', full.slice(0, 5000));
    const err = await openRun(p, { format: 'swe_agent' }).catch((e: unknown) => e);
    expect(isCodetracerError(err)).toBe(true);
    const line = (err as { oneLine(): string }).oneLine();
    expect(line.startsWith(`${p}: `)).toBe(true);
    expect(line).toMatch(/truncated JSON/);
  });
});
