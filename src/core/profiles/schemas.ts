// The three upstream output shapes (upstream-spec §10), byte-compatible field names, plus "diagnoser".
//
// Where "diagnoser" goes: tracebench and rl_feedback are top-level ARRAYS in the upstream tool and
// existing scripts iterate them, so the array stays an array and every entry carries
// `"diagnoser": "<name>"` (an extra key that upstream readers ignore). The detailed profile is an object,
// so it gets one top-level `diagnoser` key (its stage_labels entries carry it too, because they are
// tracebench entries). An empty tracebench array (nothing found) cannot carry the field; the run's
// sidecar `codetracer_run.json` (see write.ts) always records the diagnoser, so nothing is lost.
import { z } from 'zod';

export const PROFILE_NAMES = ['tracebench', 'detailed', 'rl_feedback'] as const;
export type ProfileName = (typeof PROFILE_NAMES)[number];

/** Output file of each profile: identical to the upstream tool so existing scripts keep working. */
export const PROFILE_FILES: Record<ProfileName, string> = {
  tracebench: 'codetracer_labels.json',
  detailed: 'codetracer_analysis.json',
  rl_feedback: 'codetracer_rl_feedback.json',
};

export function isProfileName(s: string): s is ProfileName {
  return (PROFILE_NAMES as readonly string[]).includes(s);
}

/** The profile a file name belongs to, or null. */
export function profileOfFile(fileName: string): ProfileName | null {
  for (const p of PROFILE_NAMES) if (fileName === PROFILE_FILES[p]) return p;
  return null;
}

export const VERDICTS = ['incorrect', 'unuseful', 'correct'] as const;
export type StepVerdict = (typeof VERDICTS)[number];
export const DEVIATION_TYPES = [
  'wrong_tool',
  'wrong_target',
  'redundant',
  'premature_conclusion',
  'missing_exploration',
  'none',
] as const;
export type DeviationType = (typeof DEVIATION_TYPES)[number];
export const IMPACT_SEVERITIES = ['critical', 'moderate', 'minor', 'none'] as const;
export type ImpactSeverity = (typeof IMPACT_SEVERITIES)[number];

const stepId = z.number().int();

/** One stage entry: the whole tracebench file is an array of these. */
export const TracebenchEntrySchema = z.object({
  stage_id: z.number().int(),
  incorrect_step_ids: z.array(stepId),
  unuseful_step_ids: z.array(stepId),
  reasoning: z.string(),
  diagnoser: z.string().optional(),
});
export type TracebenchEntry = z.infer<typeof TracebenchEntrySchema>;
export const TracebenchSchema = z.array(TracebenchEntrySchema);
export type TracebenchOutput = z.infer<typeof TracebenchSchema>;

export const DecisionPointSchema = z.object({
  step_id: stepId,
  decision: z.string(),
  should_have: z.string(),
});
export type DecisionPoint = z.infer<typeof DecisionPointSchema>;

export const DetailedSchema = z.object({
  /** Ordered from the final failure back to the initial error. */
  root_cause_chain: z.array(z.string()),
  critical_decision_points: z.array(DecisionPointSchema),
  correct_strategy: z.string(),
  stage_labels: TracebenchSchema,
  summary: z.string(),
  diagnoser: z.string().optional(),
});
export type DetailedOutput = z.infer<typeof DetailedSchema>;

export const RlEntrySchema = z.object({
  step_id: stepId,
  verdict: z.enum(VERDICTS),
  deviation_type: z.enum(DEVIATION_TYPES),
  correct_alternative: z.string(),
  impact_severity: z.enum(IMPACT_SEVERITIES),
  reasoning: z.string(),
  reward_signal: z.number().min(-1).max(1),
  diagnoser: z.string().optional(),
});
export type RlEntry = z.infer<typeof RlEntrySchema>;
export const RlFeedbackSchema = z.array(RlEntrySchema);
export type RlFeedbackOutput = z.infer<typeof RlFeedbackSchema>;

export type ProfileOutput = TracebenchOutput | DetailedOutput | RlFeedbackOutput;
