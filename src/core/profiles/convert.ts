// Diagnosis -> any output profile. Pure functions; writing is in write.ts.
import type { Trajectory } from '../model/trajectory.js';
import { firstLine } from '../formats/shared/text.js';
import type { Diagnosis, DiagnosisLabel, DiagnosisStage, PerStep } from './diagnosis.js';
import type {
  DeviationType,
  DetailedOutput,
  ImpactSeverity,
  ProfileName,
  ProfileOutput,
  RlEntry,
  RlFeedbackOutput,
  StepVerdict,
  TracebenchEntry,
  TracebenchOutput,
} from './schemas.js';

/** A diagnosis made consistent with its trajectory: one label per step, stages covering every step. */
export interface PreparedDiagnosis {
  diagnosis: Diagnosis;
  /** One label per step id (the most severe wins), only for steps that exist, sorted by step id. */
  labels: DiagnosisLabel[];
  stages: DiagnosisStage[];
  /** What was dropped or added to make it consistent (unknown step ids, uncovered steps). */
  warnings: string[];
}

const SEVERITY: Record<StepVerdict, number> = { incorrect: 2, unuseful: 1, correct: 0 };

export function prepareDiagnosis(diagnosis: Diagnosis, traj: Trajectory): PreparedDiagnosis {
  const warnings: string[] = [];
  const ids = new Set(traj.steps.map((s) => s.id));
  const byStep = new Map<number, DiagnosisLabel>();
  for (const l of diagnosis.labels) {
    if (!ids.has(l.stepId)) {
      warnings.push(`label for step ${l.stepId} dropped: the run has no such step`);
      continue;
    }
    const prev = byStep.get(l.stepId);
    if (!prev || SEVERITY[l.verdict] > SEVERITY[prev.verdict]) byStep.set(l.stepId, l);
    else if (
      SEVERITY[l.verdict] === SEVERITY[prev.verdict] &&
      l.reasoning &&
      l.reasoning !== prev.reasoning
    ) {
      byStep.set(l.stepId, {
        ...prev,
        reasoning: prev.reasoning ? `${prev.reasoning}; ${l.reasoning}` : l.reasoning,
      });
    }
  }
  const labels = [...byStep.values()].sort((a, b) => a.stepId - b.stepId);
  const stages = coverStages(stagesFor(diagnosis, traj), traj, warnings);
  return { diagnosis, labels, stages, warnings };
}

function stagesFor(d: Diagnosis, traj: Trajectory): DiagnosisStage[] {
  if (d.stages.length) return d.stages;
  if (traj.stages?.length)
    return traj.stages.map((s) => ({ id: s.id, start: s.start, end: s.end, label: s.label }));
  return [];
}

/** Stages sorted by start; steps outside every stage get extra stages so each step has one. */
function coverStages(given: DiagnosisStage[], traj: Trajectory, warnings: string[]): DiagnosisStage[] {
  const stages = [...given].sort((a, b) => a.start - b.start || a.id - b.id);
  const uncovered = traj.steps
    .map((s) => s.id)
    .filter((id) => !stages.some((st) => id >= st.start && id <= st.end));
  if (!uncovered.length) return stages;
  let nextId = Math.max(0, ...stages.map((s) => s.id)) + 1;
  if (stages.length)
    warnings.push(`${uncovered.length} step(s) outside every stage were put in extra stages`);
  // Consecutive uncovered ids form one extra stage.
  let runStart = uncovered[0];
  let prev = uncovered[0];
  const push = (a: number, b: number) => stages.push({ id: nextId++, start: a, end: b });
  const index = new Map(traj.steps.map((s, i) => [s.id, i]));
  for (const id of uncovered.slice(1)) {
    if (index.get(id) === (index.get(prev) ?? -2) + 1) {
      prev = id;
      continue;
    }
    push(runStart, prev);
    runStart = prev = id;
  }
  push(runStart, prev);
  return stages.sort((a, b) => a.start - b.start || a.id - b.id);
}

/** The stage a label belongs to: its own stageId when that stage contains it, else the containing stage. */
export function stageOf(stepId: number, stages: DiagnosisStage[], hint?: number): DiagnosisStage | undefined {
  if (hint !== undefined) {
    const s = stages.find((x) => x.id === hint && stepId >= x.start && stepId <= x.end);
    if (s) return s;
  }
  return stages.find((x) => stepId >= x.start && stepId <= x.end);
}

export function toTracebench(p: PreparedDiagnosis): TracebenchOutput {
  const entries = new Map<number, { stage: DiagnosisStage; inc: number[]; unu: number[]; why: string[] }>();
  for (const l of p.labels) {
    if (l.verdict === 'correct') continue;
    const st = stageOf(l.stepId, p.stages, l.stageId);
    if (!st) continue; // cannot happen: stages cover every step
    let e = entries.get(st.id);
    if (!e) entries.set(st.id, (e = { stage: st, inc: [], unu: [], why: [] }));
    (l.verdict === 'incorrect' ? e.inc : e.unu).push(l.stepId);
    if (l.reasoning) e.why.push(`Step ${l.stepId} (${l.verdict}): ${l.reasoning}`);
  }
  return [...entries.values()]
    .sort((a, b) => a.stage.start - b.stage.start)
    .map((e): TracebenchEntry => ({
      stage_id: e.stage.id,
      incorrect_step_ids: e.inc,
      unuseful_step_ids: e.unu,
      reasoning: e.stage.reasoning || e.why.join('\n'),
      diagnoser: p.diagnosis.diagnoser,
    }));
}

export function toDetailed(p: PreparedDiagnosis, traj: Trajectory): DetailedOutput {
  const d = p.diagnosis;
  const incorrect = p.labels.filter((l) => l.verdict === 'incorrect');
  const unuseful = p.labels.filter((l) => l.verdict === 'unuseful');
  const action = (id: number) => firstLine(traj.steps.find((s) => s.id === id)?.action ?? '', 160);
  const chain = d.rootCauseChain ?? [...incorrect].reverse().map((l) => `Step ${l.stepId}: ${l.reasoning}`);
  const points =
    d.criticalDecisionPoints?.map((c) => ({
      step_id: c.stepId,
      decision: c.decision,
      should_have: c.shouldHave,
    })) ??
    incorrect.map((l) => ({
      step_id: l.stepId,
      decision: action(l.stepId) || l.reasoning,
      should_have: l.correctAlternative ?? '',
    }));
  const first = incorrect[0]?.stepId;
  const summary =
    d.summary ??
    `${d.diagnoser} diagnoser: ${incorrect.length} incorrect and ${unuseful.length} unuseful of ` +
      `${traj.steps.length} steps` +
      (first !== undefined ? `; first incorrect step ${first}.` : '; no incorrect step found.');
  return {
    root_cause_chain: chain,
    critical_decision_points: points,
    correct_strategy: d.correctStrategy ?? '',
    stage_labels: toTracebench(p),
    summary,
    diagnoser: d.diagnoser,
  };
}

// The enum has no "unknown": labels without a deviation type get one guessed from the signal name,
// else the generic type for their verdict.
function guessDeviation(l: DiagnosisLabel): DeviationType {
  if (l.deviationType) return l.deviationType;
  if (l.verdict === 'correct') return 'none';
  const s = `${l.signal ?? ''}`.toLowerCase();
  if (/repeat|redundan|duplicate|loop|again/.test(s)) return 'redundant';
  if (/premature|submit|give_?up|finish|conclu/.test(s)) return 'premature_conclusion';
  if (/explor|unread|blind/.test(s)) return 'missing_exploration';
  if (/tool/.test(s)) return 'wrong_tool';
  return l.verdict === 'unuseful' ? 'redundant' : 'wrong_target';
}

export function toRlFeedback(p: PreparedDiagnosis, traj: Trajectory): RlFeedbackOutput {
  const d = p.diagnosis;
  const given = new Map<number, PerStep>((d.perStep ?? []).map((x) => [x.stepId, x]));
  const labels = new Map(p.labels.map((l) => [l.stepId, l]));
  const firstIncorrect = p.labels.find((l) => l.verdict === 'incorrect')?.stepId;
  return traj.steps.map((step): RlEntry => {
    const g = given.get(step.id);
    if (g) {
      return {
        step_id: g.stepId,
        verdict: g.verdict,
        deviation_type: g.deviationType,
        correct_alternative: g.correctAlternative,
        impact_severity: g.impactSeverity,
        reasoning: g.reasoning,
        reward_signal: g.rewardSignal,
        diagnoser: d.diagnoser,
      };
    }
    const l = labels.get(step.id);
    if (!l || l.verdict === 'correct') {
      return {
        step_id: step.id,
        verdict: 'correct',
        deviation_type: 'none',
        correct_alternative: l?.correctAlternative ?? '',
        impact_severity: 'none',
        reasoning: l?.reasoning || `not flagged by the ${d.diagnoser} diagnoser`,
        reward_signal: clampReward(l?.rewardSignal ?? 0, 0, 1),
        diagnoser: d.diagnoser,
      };
    }
    const severity: ImpactSeverity =
      l.impactSeverity ??
      (l.verdict === 'unuseful' ? 'minor' : step.id === firstIncorrect ? 'critical' : 'moderate');
    const base = l.verdict === 'unuseful' ? -0.3 : severity === 'critical' ? -1 : -0.7;
    return {
      step_id: step.id,
      verdict: l.verdict,
      deviation_type: guessDeviation(l),
      correct_alternative: l.correctAlternative ?? '',
      impact_severity: severity,
      reasoning: l.reasoning,
      reward_signal: clampReward(l.rewardSignal ?? base * (l.confidence ?? 1), -1, 1),
      diagnoser: d.diagnoser,
    };
  });
}

const clampReward = (x: number, lo: number, hi: number) =>
  Math.round(Math.min(hi, Math.max(lo, x)) * 1000) / 1000;

export function toProfile(diagnosis: Diagnosis, traj: Trajectory, profile: ProfileName): ProfileOutput {
  return profileFromPrepared(prepareDiagnosis(diagnosis, traj), traj, profile);
}

export function profileFromPrepared(
  p: PreparedDiagnosis,
  traj: Trajectory,
  profile: ProfileName,
): ProfileOutput {
  switch (profile) {
    case 'tracebench':
      return toTracebench(p);
    case 'detailed':
      return toDetailed(p, traj);
    case 'rl_feedback':
      return toRlFeedback(p, traj);
  }
}
