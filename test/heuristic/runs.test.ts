// Whole runs: a solved run with a clean path gets no labels; failing runs get the labels their patterns
// call for, and nothing else. Also a 500-step run built from real steps.
import { describe, expect, it } from 'vitest';
import { diagnoseHeuristic } from '../../src/core/diagnosis/heuristic/index.js';
import { openRun } from '../../src/core/formats/open.js';
import '../../src/core/init.js';
import { syntheticRun } from '../../bench/heuristic-run.js';
import { loadRun } from '../tree/steps.js';
import type { Trajectory } from '../../src/core/model/trajectory.js';

const brief = (t: Trajectory) =>
  diagnoseHeuristic(t).labels.map((l) => `${l.stepId}:${l.verdict}:${l.signal}`);

describe('whole runs', () => {
  it('django-11163 (solved, clean path): no labels', () => {
    expect(brief(loadRun('miniswe_django-11163.json'))).toEqual([]);
  });

  it('the same run parsed from its raw traj.json by the mini-SWE-agent parser: no labels', async () => {
    const [t] = await openRun('examples/miniswe-swebench/django__django-11163');
    expect(t.steps).toHaveLength(13);
    expect(brief(t)).toEqual([]);
  });

  it('Claude Code hello-world (solved): no labels', async () => {
    const [t] = await openRun('examples/claude-code/hello-world.1-of-1.2025-11-09__14-07-43');
    expect(brief(t)).toEqual([]);
  });

  it('pydicom-1458 parsed from the raw SWE-agent .traj: the unchanged retry of a rejected edit', async () => {
    const [t] = await openRun('examples/swe-agent/pydicom__pydicom-1458.traj');
    expect(brief(t)).toEqual(['8:unuseful:failed-retry']);
  });

  it('ponyc-4595 (OpenHands): the same full-file view twice more', () => {
    expect(brief(loadRun('openhands_ponyc-4595.json'))).toEqual([
      '7:unuseful:repeated-read',
      '9:unuseful:repeated-read',
    ]);
  });

  it('django-16560 (failed, 145 steps): the regression and the repeated read, few labels overall', () => {
    const r = diagnoseHeuristic(loadRun('miniswe_django-16560.json'));
    expect(r.labels.map((l) => `${l.stepId}:${l.verdict}:${l.signal}`)).toEqual([
      '101:incorrect:test-regression',
      '119:unuseful:repeated-read',
    ]);
  });

  it('labels carry a reason, evidence that exists, a signal and a confidence', () => {
    for (const f of ['miniswe_django-16560.json', 'atif_polyglot-c-py.json', 'openhands_ponyc-4595.json']) {
      const t = loadRun(f);
      const ids = new Set(t.steps.map((s) => s.id));
      for (const l of diagnoseHeuristic(t).labels) {
        expect(l.reason.length).toBeGreaterThan(20);
        expect(l.evidence.length).toBeGreaterThan(0);
        expect(l.evidence.every((id) => ids.has(id) && id !== l.stepId)).toBe(true);
        expect(l.confidence).toBeGreaterThan(0);
        expect(l.confidence).toBeLessThanOrEqual(1);
      }
    }
  });
});

describe('a 500-step run of real steps', () => {
  const { traj, segments } = syntheticRun(500);
  const r = diagnoseHeuristic(traj);

  it('is deterministic', () => {
    expect(diagnoseHeuristic(traj)).toEqual(r);
  });

  it('labels agent steps only, once each, with valid evidence', () => {
    const byId = new Map(traj.steps.map((s) => [s.id, s]));
    expect(traj.steps).toHaveLength(500);
    expect(new Set(r.labels.map((l) => l.stepId)).size).toBe(r.labels.length);
    for (const l of r.labels) {
      expect(byId.get(l.stepId)?.actor).toBe('agent');
      expect(l.evidence.every((id) => byId.has(id))).toBe(true);
    }
  });

  it('finds what each source run shows at its place in the long run', () => {
    const at = (name: string, id: number) =>
      segments.find((s) => s.name === name && s.length >= id)!.offset + id;
    const label = (id: number) => r.labels.find((l) => l.stepId === id);
    expect(label(at('miniswe_django-16560.json', 101))).toMatchObject({
      verdict: 'incorrect',
      signal: 'test-regression',
    });
    expect(label(at('sweagent_pydicom-1458.json', 8))).toMatchObject({
      verdict: 'unuseful',
      signal: 'failed-retry',
    });
    expect(label(at('openhands_ponyc-4595.json', 7))).toMatchObject({
      verdict: 'unuseful',
      signal: 'repeated-read',
    });
    expect(label(at('atif_polyglot-c-py.json', 13))).toMatchObject({ verdict: 'unuseful', signal: 'loop' });
    // The clean django-11163 stretch stays clean.
    const clean = segments.find((s) => s.name === 'miniswe_django-11163.json')!;
    expect(
      r.labels.filter((l) => l.stepId > clean.offset && l.stepId <= clean.offset + clean.length),
    ).toEqual([]);
  });

  it('groups every label into the stage that holds it; stages cover the run', () => {
    expect(r.stages[0].start).toBe(1);
    expect(r.stages[r.stages.length - 1].end).toBe(500);
    const grouped = r.stages.flatMap((s) => [...s.incorrect, ...s.unuseful]).sort((a, b) => a - b);
    expect(grouped).toEqual(r.labels.map((l) => l.stepId));
  });
});
