// The common internal form every diagnoser produces and every profile is written from.
import { z } from 'zod';
import { DEVIATION_TYPES, IMPACT_SEVERITIES, VERDICTS } from './schemas.js';

export const DiagnosisLabelSchema = z.object({
  stepId: z.number().int(),
  verdict: z.enum(VERDICTS),
  reasoning: z.string(),
  /** Stage the diagnoser put the step in; otherwise the stage whose range contains it. */
  stageId: z.number().int().optional(),
  deviationType: z.enum(DEVIATION_TYPES).optional(),
  correctAlternative: z.string().optional(),
  impactSeverity: z.enum(IMPACT_SEVERITIES).optional(),
  rewardSignal: z.number().min(-1).max(1).optional(),
  /** 0..1, how sure the diagnoser is (heuristic signals carry one). */
  confidence: z.number().min(0).max(1).optional(),
  /** Which heuristic rule or LLM tool call produced the label. */
  signal: z.string().optional(),
  evidence: z.array(z.string()).optional(),
});
export type DiagnosisLabel = z.infer<typeof DiagnosisLabelSchema>;

export const DiagnosisStageSchema = z.object({
  id: z.number().int(),
  start: z.number().int(),
  end: z.number().int(),
  label: z.string().optional(),
  /** Stage-level explanation (tracebench `reasoning`); else built from the labels in the stage. */
  reasoning: z.string().optional(),
});
export type DiagnosisStage = z.infer<typeof DiagnosisStageSchema>;

/** Full per-step feedback (one rl_feedback entry, camelCase), when a diagnoser produced it directly. */
export const PerStepSchema = z.object({
  stepId: z.number().int(),
  verdict: z.enum(VERDICTS),
  deviationType: z.enum(DEVIATION_TYPES),
  correctAlternative: z.string(),
  impactSeverity: z.enum(IMPACT_SEVERITIES),
  reasoning: z.string(),
  rewardSignal: z.number().min(-1).max(1),
});
export type PerStep = z.infer<typeof PerStepSchema>;

export const CriticalDecisionSchema = z.object({
  stepId: z.number().int(),
  decision: z.string(),
  shouldHave: z.string(),
});
export type CriticalDecision = z.infer<typeof CriticalDecisionSchema>;

export const DiagnosisSchema = z.object({
  /** "heuristic", or the LLM model name. Written into every output. */
  diagnoser: z.string().min(1),
  /**
   * Judgements on steps. Usually only incorrect/unuseful steps; a "correct" label may carry per-step
   * detail. Steps without a label are correct.
   */
  labels: z.array(DiagnosisLabelSchema),
  /** Stage segmentation the labels refer to (inclusive, 1-based step ids). */
  stages: z.array(DiagnosisStageSchema),
  summary: z.string().optional(),
  /** Final failure first, initial error last (as upstream). */
  rootCauseChain: z.array(z.string()).optional(),
  criticalDecisionPoints: z.array(CriticalDecisionSchema).optional(),
  correctStrategy: z.string().optional(),
  /** Per-step feedback for rl_feedback; steps missing here are derived from `labels`. */
  perStep: z.array(PerStepSchema).optional(),
});
export type Diagnosis = z.infer<typeof DiagnosisSchema>;
