import { afterAll, describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fsSource } from '../../src/core/io/source.js';
import type { RunLocation } from '../../src/core/formats/types.js';
import { step_jsonlFormat } from '../../src/core/formats/prenormalized/step_jsonl.js';
import { detectFormat } from '../../src/core/formats/registry.js';
import { writeFiles } from '../helpers/files.js';

const dirLoc = (p: string): RunLocation => ({ src: fsSource, path: p, kind: 'dir' });
const tmpRoots: string[] = [];
afterAll(() => tmpRoots.forEach((d) => rmSync(d, { recursive: true, force: true })));
function writeTree(files: Record<string, string>): string {
  const root = mkdtempSync(path.join(tmpdir(), 'ct-stepjsonl-'));
  tmpRoots.push(root);
  return writeFiles(root, files);
}

// Synthetic run in CodeTracer's step_jsonl shape (no public example exists).
function syntheticRun(): string {
  return writeTree({
    'task.md': 'Make the tests pass.\n',
    'step_1.jsonl': JSON.stringify({
      step_index: 1,
      command: 'ls',
      terminal_result: 'src tests',
      stage_label: 'explore',
      llm_analysis: { command_impact: { assessment: 'useful', impact_type: 'just explore' } },
    }),
    // Pretty-printed: each file is one JSON object whatever its line breaks.
    'step_2.jsonl': JSON.stringify(
      {
        step_index: 2,
        command: 'cat tests/test_a.py',
        terminal_result: 'def test_a(): ...',
        stage_label: 'explore',
        llm_analysis: JSON.stringify({
          command_impact: { assessment: 'unuseful', impact_type: 'just explore' },
        }),
      },
      null,
      2,
    ),
    'step_10.jsonl': JSON.stringify({
      step_index: 10,
      command: "sed -i 's/a/b/' src/a.py",
      terminal_result: '',
      stage_label: 'fix',
      llm_analysis: { command_impact: { assessment: 'incorrect', impact_type: 'state changes' } },
    }),
    'notes.txt': 'not a step',
  });
}

describe('step_jsonl', () => {
  it('detects, counts and sorts files numerically', async () => {
    const dir = syntheticRun();
    expect(await step_jsonlFormat.detect(dirLoc(dir))).toBe(true);
    expect((await detectFormat(dirLoc(dir)))?.id).toBe('step_jsonl');
    expect(await step_jsonlFormat.quickCount!(dirLoc(dir))).toBe(3);
    const [t] = await step_jsonlFormat.parse(dirLoc(dir));
    expect(t.format).toBe('step_jsonl');
    expect(t.task).toBe('Make the tests pass.');
    expect(t.steps.map((s) => [s.id, s.action, s.observation])).toEqual([
      [1, 'ls', 'src tests'],
      [2, 'cat tests/test_a.py', 'def test_a(): ...'],
      [10, "sed -i 's/a/b/' src/a.py", ''],
    ]);
    expect(t.steps[0].toolCalls).toEqual([{ name: 'bash', arguments: { command: 'ls' } }]);
    expect(t.stages).toEqual([
      { id: 1, start: 1, end: 2, label: 'explore' },
      { id: 2, start: 10, end: 10, label: 'fix' },
    ]);
    expect(t.warnings.join('\n')).toMatch(/step ids skip 3, 4, 5, 6, 7, 8, 9/);
  });

  it('keeps llm_analysis only as hidden annotations, never in step text', async () => {
    const [t] = await step_jsonlFormat.parse(dirLoc(syntheticRun()));
    const visible = JSON.stringify({ steps: t.steps, task: t.task, stages: t.stages });
    expect(visible).not.toMatch(/assessment|incorrect|unuseful|llm_analysis/);
    expect(t.metadata.annotations).toEqual({
      stepAssessments: [
        { step_id: 1, command_impact: { assessment: 'useful', impact_type: 'just explore' } },
        { step_id: 2, command_impact: { assessment: 'unuseful', impact_type: 'just explore' } },
        { step_id: 10, command_impact: { assessment: 'incorrect', impact_type: 'state changes' } },
      ],
    });
  });

  it('skips an unreadable step file with a warning, and refuses folders without steps', async () => {
    const dir = writeTree({
      'step_1.jsonl': '{"command": "pwd", "terminal_result": "/app"}',
      'step_2.jsonl': '{"command": "ls", "terminal_',
    });
    const [t] = await step_jsonlFormat.parse(dirLoc(dir));
    expect(t.steps.map((s) => [s.id, s.action])).toEqual([[1, 'pwd']]);
    expect(t.warnings[0]).toMatch(/step_2\.jsonl: .*truncated JSON.*; step skipped/);
    const empty = writeTree({ 'steps.jsonl': '{}' });
    expect(await step_jsonlFormat.detect(dirLoc(empty))).toBe(false);
  });
});
