// Reading outputs back: any profile file (ours or the upstream tool's) -> labels / a Diagnosis.
// Used by `codetracer eval` and the TUI.
import { fsSource, join, basename } from '../io/source.js';
import { parseJson, readText } from '../io/read.js';
import { CodetracerError, isCodetracerError } from '../io/errors.js';
import type { Diagnosis, DiagnosisLabel } from './diagnosis.js';
import {
  DetailedSchema,
  PROFILE_FILES,
  PROFILE_NAMES,
  RlFeedbackSchema,
  TracebenchSchema,
  VERDICTS,
  profileOfFile,
  type ProfileName,
  type TracebenchOutput,
} from './schemas.js';
import { detectProfile } from './validate.js';
import { SIDECAR_FILE, type RunSidecar } from './write.js';
import { z } from 'zod';

/** The upstream `ErrorAnalysis` JSON (`{traj_id, labels[{step_id, verdict, reasoning}]}`), also accepted. */
const ErrorAnalysisSchema = z.object({
  traj_id: z.string().optional(),
  labels: z.array(
    z.object({ step_id: z.number().int(), verdict: z.enum(VERDICTS), reasoning: z.string().optional() }),
  ),
  summary: z.string().optional(),
});

export type LoadedProfile = ProfileName | 'error_analysis';

export interface LoadedPrediction {
  /** The file the labels came from. */
  file: string;
  profile: LoadedProfile;
  /** Labels and extras in the internal form (stages empty unless the sidecar gave them). */
  diagnosis: Diagnosis;
  /** The sidecar of the output folder, when there is one. */
  sidecar?: RunSidecar;
  /** Problems with other candidate files that were skipped. */
  warnings: string[];
}

function labelsFromStages(stages: TracebenchOutput): DiagnosisLabel[] {
  const out = new Map<number, DiagnosisLabel>();
  for (const e of stages) {
    for (const id of e.unuseful_step_ids) {
      if (!out.has(id))
        out.set(id, { stepId: id, verdict: 'unuseful', reasoning: e.reasoning, stageId: e.stage_id });
    }
    // Incorrect wins over unuseful when a step is listed twice.
    for (const id of e.incorrect_step_ids) {
      out.set(id, { stepId: id, verdict: 'incorrect', reasoning: e.reasoning, stageId: e.stage_id });
    }
  }
  return [...out.values()].sort((a, b) => a.stepId - b.stepId);
}

const firstDiagnoser = (xs: { diagnoser?: string }[]) => xs.find((x) => x.diagnoser)?.diagnoser;

/** Parse a profile value into a Diagnosis. Throws CodetracerError naming `shown` when it is none. */
export function diagnosisFromProfile(
  data: unknown,
  shown: string,
  profile?: ProfileName,
): { profile: LoadedProfile; diagnosis: Diagnosis } {
  const kind: LoadedProfile | null =
    profile ?? detectProfile(data) ?? (ErrorAnalysisSchema.safeParse(data).success ? 'error_analysis' : null);
  const bad = (err: z.ZodError) => {
    const i = err.issues[0];
    const at = i.path.map((p) => (typeof p === 'number' ? `[${p}]` : `.${String(p)}`)).join('');
    return new CodetracerError(
      'invalid_data',
      `not a valid ${kind} output: ${at.replace(/^\./, '') || 'top level'}: ${i.message}`,
      shown,
    );
  };
  switch (kind) {
    case 'tracebench': {
      const r = TracebenchSchema.safeParse(data);
      if (!r.success) throw bad(r.error);
      return {
        profile: kind,
        diagnosis: {
          diagnoser: firstDiagnoser(r.data) ?? 'unknown',
          labels: labelsFromStages(r.data),
          stages: [],
        },
      };
    }
    case 'detailed': {
      const r = DetailedSchema.safeParse(data);
      if (!r.success) throw bad(r.error);
      const d = r.data;
      return {
        profile: kind,
        diagnosis: {
          diagnoser: d.diagnoser ?? firstDiagnoser(d.stage_labels) ?? 'unknown',
          labels: labelsFromStages(d.stage_labels),
          stages: [],
          summary: d.summary,
          rootCauseChain: d.root_cause_chain,
          criticalDecisionPoints: d.critical_decision_points.map((c) => ({
            stepId: c.step_id,
            decision: c.decision,
            shouldHave: c.should_have,
          })),
          correctStrategy: d.correct_strategy,
        },
      };
    }
    case 'rl_feedback': {
      const r = RlFeedbackSchema.safeParse(data);
      if (!r.success) throw bad(r.error);
      const perStep = r.data.map((e) => ({
        stepId: e.step_id,
        verdict: e.verdict,
        deviationType: e.deviation_type,
        correctAlternative: e.correct_alternative,
        impactSeverity: e.impact_severity,
        reasoning: e.reasoning,
        rewardSignal: e.reward_signal,
      }));
      const labels: DiagnosisLabel[] = perStep.filter((p) => p.verdict !== 'correct').map((p) => ({ ...p }));
      return {
        profile: kind,
        diagnosis: { diagnoser: firstDiagnoser(r.data) ?? 'unknown', labels, stages: [], perStep },
      };
    }
    case 'error_analysis': {
      const d = ErrorAnalysisSchema.parse(data);
      const labels = d.labels
        .filter((l) => l.verdict !== 'correct')
        .map((l) => ({ stepId: l.step_id, verdict: l.verdict, reasoning: l.reasoning ?? '' }));
      return { profile: kind, diagnosis: { diagnoser: 'unknown', labels, stages: [], summary: d.summary } };
    }
    default:
      throw new CodetracerError('invalid_data', 'not a tracebench, detailed or rl_feedback output', shown);
  }
}

async function readSidecar(dir: string): Promise<RunSidecar | undefined> {
  const p = join(dir, SIDECAR_FILE);
  if (!(await fsSource.stat(p))) return undefined;
  try {
    const v = parseJson(await readText(fsSource, p), p) as RunSidecar;
    return v && typeof v === 'object' && typeof v.traj_id === 'string' ? v : undefined;
  } catch {
    return undefined;
  }
}

async function loadFile(file: string): Promise<{ profile: LoadedProfile; diagnosis: Diagnosis }> {
  const data = parseJson(await readText(fsSource, file, { allowEmpty: false }), file);
  return diagnosisFromProfile(data, file, profileOfFile(basename(file)) ?? undefined);
}

/**
 * Labels from a profile file, or from an output folder (tracebench file first, then detailed, then
 * rl_feedback: all three carry the same labels when we wrote them). Throws a one-line CodetracerError
 * when nothing usable is there.
 */
export async function loadPredictions(p: string): Promise<LoadedPrediction> {
  const st = await fsSource.stat(p);
  if (!st) throw new CodetracerError('not_found', 'no such file or directory', p);
  if (st.kind === 'file') {
    const r = await loadFile(p);
    return { file: p, ...r, warnings: [] };
  }
  const sidecar = await readSidecar(p);
  const warnings: string[] = [];
  for (const profile of PROFILE_NAMES) {
    const file = join(p, PROFILE_FILES[profile]);
    if (!(await fsSource.stat(file))) continue;
    try {
      const r = await loadFile(file);
      if (sidecar) {
        r.diagnosis.stages = sidecar.stages ?? [];
        if (r.diagnosis.diagnoser === 'unknown' && sidecar.diagnoser)
          r.diagnosis.diagnoser = sidecar.diagnoser;
      }
      return { file, ...r, ...(sidecar ? { sidecar } : {}), warnings };
    } catch (e) {
      if (!isCodetracerError(e)) throw e;
      warnings.push(e.oneLine());
    }
  }
  const why = warnings.length ? warnings[0] : `no ${Object.values(PROFILE_FILES).join(' / ')} here`;
  throw new CodetracerError('not_found', `no usable output: ${why}`, p);
}
