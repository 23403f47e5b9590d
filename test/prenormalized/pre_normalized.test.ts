import { afterAll, describe, expect, it } from 'vitest';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { execFileSync } from 'node:child_process';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fsSource } from '../../src/core/io/source.js';
import type { RunLocation } from '../../src/core/formats/types.js';
import { pre_normalizedFormat } from '../../src/core/formats/prenormalized/pre_normalized.js';
import { detectFormat } from '../../src/core/formats/registry.js';
import { TrajectorySchema } from '../../src/core/model/trajectory.js';
import { writeFiles } from '../helpers/files.js';

const FIX = path.resolve('test/fixtures/prenormalized');
const dirLoc = (p: string): RunLocation => ({ src: fsSource, path: p, kind: 'dir' });
const fixture = (task: string, trajId: string): string => path.join(FIX, task, trajId);

const tmpRoots: string[] = [];
afterAll(() => tmpRoots.forEach((d) => rmSync(d, { recursive: true, force: true })));
function writeTree(files: Record<string, string>): string {
  const root = mkdtempSync(path.join(tmpdir(), 'ct-prenorm-'));
  tmpRoots.push(root);
  return writeFiles(root, files);
}

describe('pre_normalized: copied CodeTraceBench step maps', () => {
  it('terminus2 b10ea365: ids, agent, model, stages clipped to the 3 steps', async () => {
    const dir = fixture('build-initramfs-qemu', 'terminus2-OpenAI__GPT-5-build-initramfs-qemu-b10ea365');
    expect(await pre_normalizedFormat.detect(dirLoc(dir))).toBe(true);
    expect((await detectFormat(dirLoc(dir)))?.id).toBe('pre_normalized');
    const [t] = await pre_normalizedFormat.parse(dirLoc(dir));
    expect(() => TrajectorySchema.parse(t)).not.toThrow();
    expect(t.format).toBe('pre_normalized');
    expect(t.id).toBe('terminus2-OpenAI__GPT-5-build-initramfs-qemu-b10ea365');
    expect(t.agent).toBe('terminus2');
    expect(t.model).toBe('OpenAI/GPT-5');
    expect(t.metadata.sourceFormat).toBe('terminus2');
    expect(t.steps.map((s) => s.id)).toEqual([1, 2, 3]);
    expect(t.task).toMatch(/^I've built the linux kernel from source/);
    // stage_ranges.json says 1..21 and 22..25: the first is clipped to 1..3, the second dropped.
    expect(t.stages).toEqual([{ id: 1, start: 1, end: 3 }]);
    expect(t.warnings).toEqual([
      expect.stringMatching(/1 of 2 ranges lie outside steps 1\.\.3 and were dropped, 1 clipped/),
    ]);
    // The raw response.txt slice is read as terminus-2 (not shown as raw JSON).
    expect(t.steps[0].action.startsWith('ls -l /app/linux-6.9/arch/x86/boot/bzImage\n')).toBe(true);
    expect(t.steps[0].reasoning).toMatch(/^Analysis: We are in \/app as root/);
    expect(t.steps[0].observation).toMatch(/^root@rack-ge107-ya-20250517193240:\/app# ls -l/);
    expect(t.steps[2].observation).toBeNull();
  });

  it('terminus2 f9835d4e: 32 steps, every step read, stages past step 32 dropped', async () => {
    const [t] = await pre_normalizedFormat.parse(
      dirLoc(fixture('debug-long-program', 'terminus2-DeepSeek__DeepSeek-V3.2-debug-long-program-f9835d4e')),
    );
    expect(t.steps.length).toBe(32);
    expect(t.model).toBe('DeepSeek/DeepSeek-V3.2');
    expect(t.steps.every((s) => s.tool === 'send_keys' && !s.action.startsWith('{'))).toBe(true);
    expect(t.stages!.map((s) => [s.id, s.start, s.end])).toEqual([
      [1, 1, 2],
      [2, 3, 25],
      [3, 26, 28],
      [4, 29, 32],
    ]);
  });

  it('miniswe 04e67d90: 1 step with 20 stage ranges keeps only the range over step 1', async () => {
    const [t] = await pre_normalizedFormat.parse(
      dirLoc(
        fixture(
          'tmux-advanced-workflow',
          'miniswe-Anthropic__Claude-Sonnet-4-20250514-Thinking-tmux-advanced-workflow-04e67d90',
        ),
      ),
    );
    expect(t.steps.length).toBe(1);
    expect(t.agent).toBe('miniswe');
    expect(t.model).toBe('Anthropic/Claude-Sonnet-4-20250514-Thinking');
    expect(t.metadata.sourceFormat).toBe('miniswe');
    expect(t.stages).toEqual([{ id: 1, start: 1, end: 1 }]);
    expect(t.warnings.some((w) => /19 of 20 ranges lie outside steps 1\.\.1/.test(w))).toBe(true);
    expect(t.steps[0].action.trim()).not.toBe('');
    expect(t.steps[0].action).toContain('ls -la /app/project');
  });

  it('miniswe 72dea13b and openhands ea068f9e: counts, identity, never an empty action', async () => {
    const [m] = await pre_normalizedFormat.parse(
      dirLoc(
        fixture(
          'filter-js-from-html',
          'miniswe-Qwen__Qwen3-Coder-480B-A35B-Instruct-filter-js-from-html-72dea13b',
        ),
      ),
    );
    expect(m.steps.length).toBe(25);
    expect(m.model).toBe('Qwen/Qwen3-Coder-480B-A35B-Instruct');
    const [o] = await pre_normalizedFormat.parse(
      dirLoc(
        fixture('overfull-hbox', 'openhands-Qwen__Qwen3-Coder-480B-A35B-Instruct-overfull-hbox-ea068f9e'),
      ),
    );
    expect(o.steps.length).toBe(6);
    expect(o.agent).toBe('openhands');
    expect(o.metadata.sourceFormat).toBe('openhands');
    for (const t of [m, o]) {
      expect(t.steps.map((s) => s.id)).toEqual(t.steps.map((_, i) => i + 1));
      expect(t.steps.every((s) => s.action.trim() !== '')).toBe(true);
    }
  });
});

describe('pre_normalized: synthetic steps.json', () => {
  it('uses direct action/observation/thinking fields and a string stage', async () => {
    const root = writeTree({
      'steps.json': JSON.stringify([
        {
          step_id: 1,
          action: 'ls',
          observation: 'a.txt',
          thinking: 'look first',
          tool_type: 'bash',
          parallel_group: 1,
        },
        { step_id: '2', action: 'cat a.txt', observation: null, action_ref: null, observation_ref: null },
      ]),
      'task.md': 'Read a.txt.\n',
      'stage_ranges.json': JSON.stringify([{ stage: 'full', start_step_id: 1, end_step_id: 2 }]),
      'tree.md': 'not read',
    });
    const [t] = await pre_normalizedFormat.parse(dirLoc(root));
    expect(t.task).toBe('Read a.txt.');
    expect(t.steps[0]).toMatchObject({
      id: 1,
      action: 'ls',
      observation: 'a.txt',
      reasoning: 'look first',
      tool: 'bash',
      parallelGroup: 1,
    });
    expect(t.steps[1]).toMatchObject({ id: 2, action: 'cat a.txt', observation: null });
    expect(t.stages).toEqual([{ id: 1, start: 1, end: 2, label: 'full' }]);
    expect(t.warnings).toEqual([]);
    expect(t.agent).toBeNull();
    expect(t.metadata.sourceFormat).toBe('unknown');
  });

  it('keeps source ids with gaps (warned), renumbers duplicates, falls back to raw slices', async () => {
    const gaps = writeTree({
      'steps.json': JSON.stringify([
        {
          step_id: 3,
          action_ref: { path: 'x/unknown.log', line_start: 1, line_end: 1, content: 'raw three' },
        },
        { step_id: 1, action: 'one' },
      ]),
    });
    const [g] = await pre_normalizedFormat.parse(dirLoc(gaps));
    expect(g.steps.map((s) => [s.id, s.action])).toEqual([
      [1, 'one'],
      [3, 'raw three'],
    ]);
    expect(g.warnings.join('\n')).toMatch(/not in step_id order/);
    expect(g.warnings.join('\n')).toMatch(/step ids skip 2 \(ids kept as given\)/);
    expect(g.warnings.join('\n')).toMatch(/1 of 2 steps show their raw unknown slice/);

    const dups = writeTree({
      'steps.json': JSON.stringify([
        { step_id: 1, action: 'a' },
        { step_id: 1, action: 'b' },
        { action: 'c' },
      ]),
    });
    const [d] = await pre_normalizedFormat.parse(dirLoc(dups));
    expect(d.steps.map((s) => [s.id, s.action])).toEqual([
      [1, 'a'],
      [2, 'b'],
      [3, 'c'],
    ]);
    expect(d.warnings[0]).toMatch(
      /missing or invalid step_id at entries 3; duplicate step_id 1; steps numbered 1\.\.3/,
    );
  });

  it('reads a terminus-2 slice that is not valid JSON as raw text with a warning', async () => {
    const root = writeTree({
      'steps.json': JSON.stringify([
        {
          step_id: 1,
          action_ref: {
            path: 'terminus2/M__N/s/t/trial/agent-logs/episode-0/response.txt',
            line_start: 1,
            line_end: 1,
            content: '{"analysis": "a", "commands": [{"keystrokes": "echo \\`x\\`"}]}',
          },
          observation_ref: {
            path: 'terminus2/M__N/s/t/trial/agent-logs/episode-1/prompt.txt',
            line_start: 1,
            line_end: 2,
            content: 'Previous response had parsing errors:\nERROR: Invalid JSON',
          },
        },
      ]),
    });
    const [t] = await pre_normalizedFormat.parse(dirLoc(root));
    expect(t.steps[0].action).toContain('"analysis": "a"');
    expect(t.steps[0].observation).toBe('Previous response had parsing errors:\nERROR: Invalid JSON');
    expect(t.warnings.join('\n')).toMatch(/step 1: not a Terminus response/);
    expect(t.agent).toBe('terminus2');
    expect(t.model).toBe('M/N');
  });

  it('detect is strict and cheap', async () => {
    const notSteps = writeTree({ 'steps.json': '{"steps": []}' });
    expect(await pre_normalizedFormat.detect(dirLoc(notSteps))).toBe(false);
    const none = writeTree({ 'other.json': '[]' });
    expect(await pre_normalizedFormat.detect(dirLoc(none))).toBe(false);
    const file = writeTree({ 'steps.json': '[{"step_id": 1, "action": "x"}]' });
    expect(
      await pre_normalizedFormat.detect({ src: fsSource, path: path.join(file, 'steps.json'), kind: 'file' }),
    ).toBe(true);
    // The quick count is the number of steps a parse gives, without building them.
    expect(await pre_normalizedFormat.quickCount!(dirLoc(file))).toBe(1);
    const two = writeTree({
      'steps.json': '[{"step_id": 2, "action": "b"}, 7, {"step_id": 1, "action": "a"}]',
    });
    const [t] = await pre_normalizedFormat.parse(dirLoc(two));
    expect(await pre_normalizedFormat.quickCount!(dirLoc(two))).toBe(t.steps.length);
    expect(t.steps.length).toBe(2);
    expect(await pre_normalizedFormat.quickCount!(dirLoc(notSteps))).toBeNull();
  });
});

const SHARED = path.resolve('../shared/fixtures/codetracebench_prenormalized');

describe.skipIf(!existsSync(SHARED))(
  'pre_normalized: all 9 CodeTraceBench step maps in ../shared/fixtures',
  () => {
    const expected: Record<string, number> = {
      '54ac67f0': 47,
      '04e67d90': 1,
      '72dea13b': 25,
      ea068f9e: 6,
      '0a4d7803': 28,
      '0160e7da': 486,
      b10ea365: 3,
      f9835d4e: 32,
      '5707ff69': 200,
    };
    const dirs = existsSync(SHARED)
      ? execFileSync('find', [SHARED, '-name', 'steps.json']).toString().trim().split('\n').map(path.dirname)
      : [];

    it('finds nine', () => expect(dirs).toHaveLength(9));

    for (const [hash, n] of Object.entries(expected)) {
      it(`${hash}: ${n} steps with ids 1..${n}`, async () => {
        const dir = dirs.find((d) => d.endsWith(hash))!;
        expect((await detectFormat(dirLoc(dir)))?.id).toBe('pre_normalized');
        const [t] = await pre_normalizedFormat.parse(dirLoc(dir));
        expect(t.steps.length).toBe(n);
        expect(t.steps.map((s) => s.id)).toEqual(Array.from({ length: n }, (_, i) => i + 1));
        expect(t.steps.every((s) => s.action.trim() !== '')).toBe(true);
        expect(t.agent).toBe(path.basename(dir).split('-')[0]);
        expect(t.model).toMatch(/^[A-Za-z]+\/\S+$/);
        expect(t.metadata.sourceFormat).toBe(t.agent);
        expect(t.stages!.length).toBeGreaterThan(0);
        expect(t.stages!.every((s) => s.start >= 1 && s.end <= n && s.start <= s.end)).toBe(true);
        expect(t.task.trim()).not.toBe('');
      });
    }

    it('5707ff69: the one response the harness could not parse stays raw (step 98)', async () => {
      const [t] = await pre_normalizedFormat.parse(dirLoc(dirs.find((d) => d.endsWith('5707ff69'))!));
      expect(t.steps[97].action.startsWith('{')).toBe(true);
      expect(t.steps[97].observation).toMatch(/^Previous response had parsing errors/);
      expect(t.warnings.filter((w) => /not a Terminus response/.test(w))).toHaveLength(1);
      expect(t.steps.filter((s) => s.tool === 'send_keys')).toHaveLength(199);
    });
  },
);
