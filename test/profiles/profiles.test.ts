import { describe, expect, it } from 'vitest';
import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Step, Trajectory } from '../../src/core/model/trajectory.js';
import {
  PROFILE_FILES,
  loadPredictions,
  prepareDiagnosis,
  toProfile,
  validateDetailed,
  validateProfileFile,
  validateRlFeedback,
  validateTracebench,
  writeProfiles,
  type Diagnosis,
  type RlFeedbackOutput,
  type TracebenchOutput,
  type DetailedOutput,
} from '../../src/core/profiles/index.js';

function traj(n: number): Trajectory {
  const steps: Step[] = Array.from({ length: n }, (_, i) => ({
    id: i + 1,
    actor: 'agent',
    action: `cmd ${i + 1}`,
    toolCalls: [],
    observation: 'ok',
    reasoning: null,
  }));
  return {
    id: 'synthetic-1',
    sources: ['/x/run'],
    format: 'synthetic',
    agent: null,
    model: null,
    task: 't',
    verdict: { solved: false },
    steps,
    warnings: [],
    metadata: {},
  };
}

const diag: Diagnosis = {
  diagnoser: 'heuristic',
  labels: [
    { stepId: 2, verdict: 'unuseful', reasoning: 'repeated read', signal: 'repeated_read' },
    { stepId: 5, verdict: 'incorrect', reasoning: 'edit broke tests', confidence: 0.8 },
    { stepId: 7, verdict: 'incorrect', reasoning: 'submitted without testing', signal: 'premature_submit' },
    { stepId: 5, verdict: 'unuseful', reasoning: 'weaker duplicate' },
  ],
  stages: [
    { id: 1, start: 1, end: 3 },
    { id: 2, start: 4, end: 6 },
  ],
};

describe('toProfile', () => {
  const t = traj(8);

  it('tracebench groups labels by stage, adds a stage for uncovered steps, and names the diagnoser', () => {
    const out = toProfile(diag, t, 'tracebench') as TracebenchOutput;
    expect(out).toEqual([
      {
        stage_id: 1,
        incorrect_step_ids: [],
        unuseful_step_ids: [2],
        reasoning: 'Step 2 (unuseful): repeated read',
        diagnoser: 'heuristic',
      },
      {
        stage_id: 2,
        incorrect_step_ids: [5],
        unuseful_step_ids: [],
        reasoning: 'Step 5 (incorrect): edit broke tests',
        diagnoser: 'heuristic',
      },
      {
        stage_id: 3,
        incorrect_step_ids: [7],
        unuseful_step_ids: [],
        reasoning: 'Step 7 (incorrect): submitted without testing',
        diagnoser: 'heuristic',
      },
    ]);
    const p = prepareDiagnosis(diag, t);
    expect(p.stages.at(-1)).toEqual({ id: 3, start: 7, end: 8 });
    expect(validateTracebench(out, t, { stages: p.stages })).toEqual({
      valid: true,
      errors: [],
      warnings: [],
    });
  });

  it('detailed has the five upstream keys plus diagnoser, and validates', () => {
    const out = toProfile(diag, t, 'detailed') as DetailedOutput;
    expect(Object.keys(out).sort()).toEqual([
      'correct_strategy',
      'critical_decision_points',
      'diagnoser',
      'root_cause_chain',
      'stage_labels',
      'summary',
    ]);
    expect(out.root_cause_chain).toEqual(['Step 7: submitted without testing', 'Step 5: edit broke tests']);
    expect(out.critical_decision_points.map((c) => c.step_id)).toEqual([5, 7]);
    expect(out.summary).toContain('2 incorrect and 1 unuseful of 8 steps; first incorrect step 5');
    expect(validateDetailed(out, t, { stages: prepareDiagnosis(diag, t).stages }).valid).toBe(true);
  });

  it('rl_feedback covers every step once with consistent verdict, deviation and reward', () => {
    const out = toProfile(diag, t, 'rl_feedback') as RlFeedbackOutput;
    expect(out.map((e) => e.step_id)).toEqual([1, 2, 3, 4, 5, 6, 7, 8]);
    expect(out[0]).toMatchObject({
      verdict: 'correct',
      deviation_type: 'none',
      impact_severity: 'none',
      reward_signal: 0,
    });
    expect(out[1]).toMatchObject({
      verdict: 'unuseful',
      deviation_type: 'redundant',
      impact_severity: 'minor',
      reward_signal: -0.3,
    });
    expect(out[4]).toMatchObject({ verdict: 'incorrect', impact_severity: 'critical', reward_signal: -0.8 });
    expect(out[6]).toMatchObject({
      verdict: 'incorrect',
      deviation_type: 'premature_conclusion',
      impact_severity: 'moderate',
    });
    expect(out.every((e) => e.diagnoser === 'heuristic')).toBe(true);
    expect(validateRlFeedback(out, t)).toEqual({ valid: true, errors: [], warnings: [] });
  });

  it('drops labels for steps that do not exist, with a warning', () => {
    const p = prepareDiagnosis(
      { ...diag, labels: [{ stepId: 99, verdict: 'incorrect', reasoning: 'x' }] },
      t,
    );
    expect(p.labels).toEqual([]);
    expect(p.warnings[0]).toMatch(/step 99 dropped/);
  });
});

describe('validators catch semantic errors', () => {
  const t = traj(6);
  const stages = [
    { id: 1, start: 1, end: 3 },
    { id: 2, start: 4, end: 6 },
  ];
  const entry = (o: Partial<TracebenchOutput[number]>) => ({
    stage_id: 1,
    incorrect_step_ids: [] as number[],
    unuseful_step_ids: [] as number[],
    reasoning: 'r',
    diagnoser: 'heuristic',
    ...o,
  });

  it('tracebench: unknown step, step outside its stage, duplicates, unknown stage', () => {
    const r = validateTracebench(
      [
        entry({ incorrect_step_ids: [2, 9], unuseful_step_ids: [2] }),
        entry({ stage_id: 1, incorrect_step_ids: [5] }),
        entry({ stage_id: 4, incorrect_step_ids: [6] }),
      ],
      t,
      { stages },
    );
    expect(r.valid).toBe(false);
    expect(r.errors).toEqual([
      '[0].incorrect_step_ids: step 9 does not exist (steps 1-6)',
      '[0].unuseful_step_ids: step 2 is already labelled in [0].incorrect_step_ids',
      '[1]: stage_id 1 appears in more than one entry',
      '[1].incorrect_step_ids: step 5 is outside stage 1 (steps 1-3)',
      '[2]: stage_id 4 is not a stage of this run (stages: 1, 2)',
    ]);
  });

  it('tracebench: structure errors name the place; a missing diagnoser is only a warning', () => {
    expect(validateTracebench({ a: 1 }, t).errors[0]).toMatch(/^\(top level\): /);
    const r = validateTracebench(
      [{ stage_id: 1, incorrect_step_ids: ['3'], unuseful_step_ids: [], reasoning: '' }],
      t,
    );
    expect(r.errors[0]).toMatch(/^\[0\]\.incorrect_step_ids\[0\]: /);
    const ok = validateTracebench(
      [{ stage_id: 1, incorrect_step_ids: [3], unuseful_step_ids: [], reasoning: 'x' }],
      t,
      { stages },
    );
    expect(ok.valid).toBe(true);
    expect(ok.warnings).toEqual(['labels: no "diagnoser" field (who produced this is unknown)']);
  });

  it('rl_feedback: coverage, duplicates, correct steps, reward range, zero-step runs', () => {
    const e = (id: number, o: Partial<RlFeedbackOutput[number]> = {}) => ({
      step_id: id,
      verdict: 'correct' as const,
      deviation_type: 'none' as const,
      correct_alternative: '',
      impact_severity: 'none' as const,
      reasoning: 'fine',
      reward_signal: 0.5,
      diagnoser: 'heuristic',
      ...o,
    });
    const r = validateRlFeedback(
      [e(1), e(2, { deviation_type: 'redundant' }), e(2), e(3, { reward_signal: -0.2 }), e(7)],
      t,
    );
    expect(r.errors).toEqual([
      '[1] (step 2): a correct step must have deviation_type "none", got "redundant"',
      '[3] (step 3): a correct step must have reward_signal in [0, 1], got -0.2',
      '[4]: step 7 does not exist (steps 1-6)',
      'steps with more than one entry: 2',
      'steps with no entry (rl_feedback must cover every step): 4-6',
    ]);
    expect(validateRlFeedback([e(1, { reward_signal: 1.5 })], t).errors[0]).toMatch(
      /^\[0\]\.reward_signal: /,
    );
    expect(validateRlFeedback([e(1)], traj(0)).errors).toEqual([
      '[0]: step 1 does not exist (the run has no steps)',
    ]);
  });

  it('detailed: decision points must name existing steps; stage_labels are checked like tracebench', () => {
    const r = validateDetailed(
      {
        root_cause_chain: [],
        critical_decision_points: [{ step_id: 10, decision: 'd', should_have: 's' }],
        correct_strategy: '',
        stage_labels: [entry({ stage_id: 2, incorrect_step_ids: [1] })],
        summary: 's',
        diagnoser: 'heuristic',
      },
      t,
      { stages },
    );
    expect(r.errors).toEqual([
      'critical_decision_points[0]: step 10 does not exist (steps 1-6)',
      'stage_labels[0].incorrect_step_ids: step 1 is outside stage 2 (steps 4-6)',
    ]);
  });
});

describe('writeProfiles and loadPredictions', () => {
  it('writes every profile atomically, each passes validation from disk, and loads back to the same labels', async () => {
    const t = traj(8);
    const dir = path.join(mkdtempSync(path.join(tmpdir(), 'ct-prof-')), 'out');
    const w = await writeProfiles(diag, t, dir, ['tracebench', 'detailed', 'rl_feedback'], {
      address: '/x/run',
    });
    expect(readdirSync(dir).sort()).toEqual([...Object.values(PROFILE_FILES), 'codetracer_run.json'].sort());
    const sidecar = JSON.parse(readFileSync(w.sidecar, 'utf8'));
    expect(sidecar).toMatchObject({
      traj_id: 'synthetic-1',
      diagnoser: 'heuristic',
      step_count: 8,
      address: '/x/run',
    });
    for (const f of Object.values(w.files)) {
      const v = await validateProfileFile(f!, t, { stages: sidecar.stages });
      expect(v.errors).toEqual([]);
    }
    const want = [
      { stepId: 2, verdict: 'unuseful' },
      { stepId: 5, verdict: 'incorrect' },
      { stepId: 7, verdict: 'incorrect' },
    ];
    const pick = (ls: { stepId: number; verdict: string }[]) =>
      ls.map((l) => ({ stepId: l.stepId, verdict: l.verdict }));
    const fromDir = await loadPredictions(dir);
    expect(fromDir.profile).toBe('tracebench');
    expect(fromDir.diagnosis.diagnoser).toBe('heuristic');
    expect(pick(fromDir.diagnosis.labels)).toEqual(want);
    expect(fromDir.diagnosis.stages).toEqual(sidecar.stages);
    for (const f of [w.files.detailed!, w.files.rl_feedback!]) {
      expect(pick((await loadPredictions(f)).diagnosis.labels)).toEqual(want);
    }
  });

  it('an invalid profile file is skipped for the next one; nothing usable is a one-line error', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'ct-prof-'));
    writeFileSync(path.join(dir, 'codetracer_labels.json'), '[{"stage_id": 1,');
    await expect(loadPredictions(dir)).rejects.toThrow(
      /no usable output: .*codetracer_labels.json: (truncated|invalid) JSON/,
    );
    writeFileSync(
      path.join(dir, 'codetracer_rl_feedback.json'),
      JSON.stringify([
        {
          step_id: 3,
          verdict: 'incorrect',
          deviation_type: 'wrong_tool',
          correct_alternative: '',
          impact_severity: 'critical',
          reasoning: 'x',
          reward_signal: -1,
        },
      ]),
    );
    const p = await loadPredictions(dir);
    expect(p.profile).toBe('rl_feedback');
    expect(p.diagnosis.diagnoser).toBe('unknown');
    expect(p.diagnosis.labels.map((l) => l.stepId)).toEqual([3]);
    expect(p.warnings[0]).toMatch(/codetracer_labels.json: (truncated|invalid) JSON/);
  });
});
