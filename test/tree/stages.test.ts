import { readdirSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { segmentStages } from '../../src/core/tree/index.js';
import { openRun } from '../../src/core/formats/open.js';
import '../../src/core/init.js';
import { bash, fixtureDir, loadRun, run, step } from './steps.js';
import type { Stage, Trajectory } from '../../src/core/model/trajectory.js';

/** Stages cover every step exactly once, in order, with ids 1..k and inclusive ranges. */
function expectPartition(t: Trajectory, stages: Stage[]) {
  expect(stages.map((s) => s.id)).toEqual(stages.map((_, i) => i + 1));
  const covered = stages.flatMap((s) =>
    t.steps.filter((x) => x.id >= s.start && x.id <= s.end).map((x) => x.id),
  );
  expect(covered).toEqual(t.steps.map((s) => s.id));
  for (const s of stages) expect(s.start).toBeLessThanOrEqual(s.end);
}

describe('segmented stages', () => {
  it('django-11163: explore, reproduce, fix, check, clean up, submit', () => {
    const t = loadRun('miniswe_django-11163.json');
    expect(segmentStages(t).map((s) => [s.start, s.end, s.label])).toEqual([
      [1, 2, 'explore forms/models.py'],
      [3, 4, 'edit reproduce_issue.py'],
      [5, 8, 'edit forms/models.py'],
      [9, 12, 'edit check_fields_for_model.py, reproduce_issue.py'],
      [13, 13, 'submit'],
    ]);
  });

  it('pydicom-1458: reproduce, fix, clean up, submit', () => {
    const t = loadRun('sweagent_pydicom-1458.json');
    expect(segmentStages(t).map((s) => [s.start, s.end, s.label])).toEqual([
      [1, 4, 'edit reproduce_bug.py'],
      [5, 9, 'edit pixel_data_handlers/numpy_handler.py'],
      [10, 11, 'remove reproduce_bug.py'],
      [12, 12, 'submit'],
    ]);
  });

  it('cuts after test runs and labels them', () => {
    const t = run([
      bash(1, 'grep -rn "def to_native_string" requests'),
      bash(2, 'cat requests/utils.py'),
      bash(3, 'python -m pytest test_requests.py -x'),
      bash(4, 'python -m pytest test_requests.py -k method'),
      bash(5, 'grep -n "builtin_str" requests/sessions.py'),
      bash(6, 'nl -ba requests/sessions.py | sed -n 420,430p'),
    ]);
    expect(segmentStages(t).map((s) => [s.start, s.end, s.label])).toEqual([
      [1, 2, 'explore requests, requests/utils.py'],
      [3, 4, 'run tests'],
      [5, 6, 'explore requests/sessions.py'],
    ]);
  });

  it('a user turn starts a stage; stages never exceed 12 steps', () => {
    const steps = [
      step(1, 'Fix the proof', { actor: 'user' }),
      ...Array.from({ length: 30 }, (_, i) => bash(i + 2, `cat src/f${i % 3}.c`)),
    ];
    const stages = segmentStages(run(steps));
    expect(stages[0]).toMatchObject({ start: 1, end: 1, label: 'user message' });
    expect(Math.max(...stages.map((s) => s.end - s.start + 1))).toBeLessThanOrEqual(12);
    expectPartition(run(steps), stages);
  });

  it('partitions every derived fixture run, deterministically', () => {
    for (const f of readdirSync(fixtureDir).filter((n) => n.endsWith('.json'))) {
      const t = loadRun(f);
      const a = segmentStages(t);
      expectPartition(t, a);
      expect(segmentStages(t)).toEqual(a);
      expect(a.every((s) => s.label.length > 0)).toBe(true);
    }
  });

  it('partitions parsed example runs of every kind', async () => {
    for (const p of [
      'examples/claude-code/hello-world.1-of-1.2025-11-09__14-07-43',
      'examples/whowhen/hand-crafted-1.json',
      'examples/harbor/prove-plus-comm__YDACMLN',
    ]) {
      const [t] = await openRun(p);
      expectPartition(t, segmentStages(t));
    }
  });

  it('an empty run has no stages', () => {
    expect(segmentStages(run([]))).toEqual([]);
  });
});

describe("the run's own stages", () => {
  it('win, clipped to the steps, overlaps trimmed, ids kept', () => {
    const steps = [bash(1, 'ls'), bash(2, 'cat a.py'), bash(3, 'pytest'), bash(4, 'git diff')];
    const own: Stage[] = [
      { id: 1, start: 1, end: 2 },
      { id: 2, start: 2, end: 3, label: 'test it' },
      { id: 3, start: 4, end: 9 },
      { id: 4, start: 10, end: 20 },
    ];
    expect(segmentStages(run(steps, { stages: own })).map((s) => [s.id, s.start, s.end, s.label])).toEqual([
      [1, 1, 2, 'explore a.py'],
      [2, 3, 3, 'test it'],
      [3, 4, 4, 'run git diff'],
    ]);
  });

  it('one step with 20 stage ranges (CodeTraceBench 04e67d90): one stage', async () => {
    const [t] = await openRun(
      'test/fixtures/prenormalized/tmux-advanced-workflow/miniswe-Anthropic__Claude-Sonnet-4-20250514-Thinking-tmux-advanced-workflow-04e67d90',
    );
    expect(t.steps).toHaveLength(1);
    expect(segmentStages(t).map((s) => [s.id, s.start, s.end])).toEqual([[1, 1, 1]]);
  });

  it('fall back to segmentation when none overlaps the steps', () => {
    const t = run([bash(1, 'ls'), bash(2, 'cat a.py')], { stages: [{ id: 5, start: 7, end: 9 }] });
    expect(segmentStages(t).map((s) => [s.id, s.start, s.end])).toEqual([[1, 1, 2]]);
  });
});
