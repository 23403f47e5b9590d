// The profile's output contract: how it is described to the model (field names and meanings, which
// upstream left out), what the finish tool accepts, and how a final answer is checked and turned into
// the profile-agnostic Diagnosis. Also the fallback that turns recorded labels into a valid diagnosis.
import { z } from 'zod';
import type { Diagnosis, DiagnosisLabel } from '../../profiles/diagnosis.js';
import { diagnosisFromProfile } from '../../profiles/load.js';
import {
  DetailedSchema,
  PROFILE_FILES,
  RlEntrySchema,
  TracebenchEntrySchema,
  type ProfileName,
} from '../../profiles/schemas.js';
import { compactIds, validateProfile } from '../../profiles/validate.js';
import type { ToolContext } from './context.js';

const Entry = TracebenchEntrySchema.omit({ diagnoser: true });
const Rl = RlEntrySchema.omit({ diagnoser: true });
/** What the model sends as `output` for each profile (the file shapes without our `diagnoser` key). */
export const MODEL_OUTPUT_SCHEMAS: Record<ProfileName, z.ZodType> = {
  tracebench: z.array(Entry),
  detailed: DetailedSchema.omit({ diagnoser: true }).extend({ stage_labels: z.array(Entry) }),
  rl_feedback: z.array(Rl),
};

const STAGE_ENTRY = [
  '  - stage_id (integer): id of the stage (from the stage list) that contains the steps',
  '  - incorrect_step_ids (array of integers): steps in that stage whose state-changing action was wrong',
  '  - unuseful_step_ids (array of integers): steps in that stage that were redundant exploration',
  '  - reasoning (string): why, naming the steps and the evidence you saw',
  "  Each step id appears once at most, inside its stage's range; list only stages with a labelled step.",
].join('\n');

export function contractText(profile: ProfileName): string {
  const file = PROFILE_FILES[profile];
  switch (profile) {
    case 'tracebench':
      return [
        `Final answer (profile "tracebench", written to ${file}): call finish with {"output": [ ... ]}, an array with one entry per stage:`,
        STAGE_ENTRY,
        'An empty array means you found no incorrect or unuseful step.',
      ].join('\n');
    case 'detailed':
      return [
        `Final answer (profile "detailed", written to ${file}): call finish with {"output": { ... }}, an object with:`,
        '- root_cause_chain (array of strings): from the final failure back to the initial wrong decision, one sentence each',
        '- critical_decision_points (array of objects): {step_id (integer), decision (string: what the agent did), should_have (string: what it should have done)}',
        '- correct_strategy (string): how the task should have been approached',
        '- stage_labels (array): one entry per stage with a labelled step:',
        STAGE_ENTRY,
        '- summary (string): two or three sentences on what happened and why the run failed or succeeded',
      ].join('\n');
    case 'rl_feedback':
      return [
        `Final answer (profile "rl_feedback", written to ${file}): call finish with {"output": [ ... ]}, an array of per-step entries:`,
        '- step_id (integer)',
        '- verdict: "incorrect" | "unuseful" | "correct"',
        '- deviation_type: "wrong_tool" | "wrong_target" | "redundant" | "premature_conclusion" | "missing_exploration" | "none"',
        '- correct_alternative (string): what the agent should have done ("" for correct steps)',
        '- impact_severity: "critical" | "moderate" | "minor" | "none"',
        '- reasoning (string): the evidence',
        '- reward_signal (number in [-1, 1]): negative for harmful steps, 0..1 for correct ones',
        'Correct steps use deviation_type "none", impact_severity "none" and reward_signal in [0, 1]. Steps you leave',
        'out are recorded as correct with reward 0, so list at least every incorrect and unuseful step.',
      ].join('\n');
  }
}

export type CheckResult = { ok: true; diagnosis: Diagnosis } | { ok: false; errors: string[] };

function labelledIds(profile: ProfileName, v: unknown): number[] {
  const fromStages = (xs: { incorrect_step_ids: number[]; unuseful_step_ids: number[] }[]) =>
    xs.flatMap((e) => [...e.incorrect_step_ids, ...e.unuseful_step_ids]);
  if (profile === 'tracebench') return fromStages(v as z.infer<typeof Entry>[]);
  if (profile === 'detailed')
    return fromStages((v as { stage_labels: z.infer<typeof Entry>[] }).stage_labels);
  return (v as z.infer<typeof Rl>[]).filter((e) => e.verdict !== 'correct').map((e) => e.step_id);
}

/** rl_feedback entries for the steps the model left out: correct, reward 0. */
function completeRl(v: z.infer<typeof Rl>[], ctx: ToolContext): z.infer<typeof Rl>[] {
  const have = new Set(v.map((e) => e.step_id));
  const extra = ctx.traj.steps
    .filter((s) => !have.has(s.id))
    .map((s) => ({
      step_id: s.id,
      verdict: 'correct' as const,
      deviation_type: 'none' as const,
      correct_alternative: '',
      impact_severity: 'none' as const,
      reasoning: 'not flagged by the diagnoser',
      reward_signal: 0,
    }));
  return [...v, ...extra].sort((a, b) => a.step_id - b.step_id);
}

/** Check a final answer: shape, meaning against the run, and that every labelled step was viewed. */
export function checkFinal(
  profile: ProfileName,
  raw: unknown,
  ctx: ToolContext,
  diagnoser: string,
): CheckResult {
  let value = raw;
  // Some models send the object as a JSON string.
  if (typeof value === 'string') {
    try {
      value = JSON.parse(value);
    } catch {
      return { ok: false, errors: ['output is a string that is not JSON; send the object/array itself'] };
    }
  }
  const shape = MODEL_OUTPUT_SCHEMAS[profile].safeParse(value);
  if (!shape.success) {
    return {
      ok: false,
      errors: shape.error.issues
        .slice(0, 10)
        .map(
          (i) =>
            `output${i.path.map((p) => (typeof p === 'number' ? `[${p}]` : `.${String(p)}`)).join('')}: ${i.message}`,
        ),
    };
  }
  value = shape.data;
  if (profile === 'rl_feedback') value = completeRl(value as z.infer<typeof Rl>[], ctx);
  const stages = ctx.stages.map((s) => ({ id: s.id, start: s.start, end: s.end }));
  const v = validateProfile(profile, value, ctx.traj, { stages });
  const errors = [...v.errors];
  const unviewed = [...new Set(labelledIds(profile, value))].filter(
    (id) => ctx.steps.has(id) && !ctx.state.viewed.has(id),
  );
  if (unviewed.length) {
    errors.push(
      `labelled step(s) ${compactIds(unviewed)} were never viewed in this run; view them first (view_step / view_stage) or leave them out`,
    );
  }
  if (errors.length) return { ok: false, errors: errors.slice(0, 12) };

  const { diagnosis } = diagnosisFromProfile(value, 'finish', profile);
  return { ok: true, diagnosis: enrich({ ...diagnosis, diagnoser }, profile, value, ctx) };
}

/** Attach stage reasoning and the per-step detail of recorded labels to the final answer's labels. */
function enrich(d: Diagnosis, profile: ProfileName, value: unknown, ctx: ToolContext): Diagnosis {
  const entries =
    profile === 'tracebench'
      ? (value as z.infer<typeof Entry>[])
      : profile === 'detailed'
        ? (value as { stage_labels: z.infer<typeof Entry>[] }).stage_labels
        : [];
  const why = new Map(entries.map((e) => [e.stage_id, e.reasoning]));
  const stages = ctx.stages.map((s) => ({
    id: s.id,
    start: s.start,
    end: s.end,
    ...(s.label ? { label: s.label } : {}),
    ...(why.get(s.id) ? { reasoning: why.get(s.id) } : {}),
  }));
  const labels = d.labels.map((l): DiagnosisLabel => {
    const r = ctx.state.labels.get(l.stepId);
    if (!r || r.verdict !== l.verdict) return { ...l, signal: 'finish' };
    return {
      ...l,
      reasoning: r.reasoning,
      ...(r.deviationType && !l.deviationType ? { deviationType: r.deviationType } : {}),
      ...(r.correctAlternative && !l.correctAlternative ? { correctAlternative: r.correctAlternative } : {}),
      ...(r.impactSeverity && !l.impactSeverity ? { impactSeverity: r.impactSeverity } : {}),
      signal: 'record_label',
    };
  });
  return { ...d, labels, stages };
}

/** A valid diagnosis from the labels recorded so far (used when the run ends without a final answer). */
export function diagnosisFromLabels(ctx: ToolContext, diagnoser: string, note: string): Diagnosis {
  const labels: DiagnosisLabel[] = ctx.state.labelList().map((l) => ({
    stepId: l.stepId,
    verdict: l.verdict,
    reasoning: l.reasoning,
    ...(l.stageId !== undefined ? { stageId: l.stageId } : {}),
    ...(l.deviationType ? { deviationType: l.deviationType } : {}),
    ...(l.correctAlternative ? { correctAlternative: l.correctAlternative } : {}),
    ...(l.impactSeverity ? { impactSeverity: l.impactSeverity } : {}),
    signal: 'record_label',
  }));
  const stages = ctx.stages.map((s) => ({
    id: s.id,
    start: s.start,
    end: s.end,
    ...(s.label ? { label: s.label } : {}),
  }));
  return { diagnoser, labels, stages, summary: note };
}
