// The heuristic diagnoser's result in the common Diagnosis form (the LLM one produces it itself).
import type { Trajectory } from '../model/trajectory.js';
import type { Diagnosis, DiagnosisLabel } from '../profiles/diagnosis.js';
import { diagnoseHeuristic } from '../diagnosis/heuristic/index.js';

function evidenceList(e: unknown): string[] | undefined {
  if (e === undefined || e === null) return undefined;
  const list = Array.isArray(e) ? e : [e];
  // The heuristic names the other steps a judgement rests on by id.
  const out = list
    .map((x) => (typeof x === 'number' ? `step ${x}` : typeof x === 'string' ? x : JSON.stringify(x)))
    .filter((x) => x && x.length);
  return out.length ? out : undefined;
}

/** Run the heuristic diagnoser and express its result in the common Diagnosis form. */
export async function heuristicDiagnosis(traj: Trajectory): Promise<Diagnosis> {
  const r = await diagnoseHeuristic(traj);
  const labels: DiagnosisLabel[] = r.labels.map((l) => {
    const out: DiagnosisLabel = { stepId: l.stepId, verdict: l.verdict, reasoning: l.reason ?? '' };
    const ev = evidenceList(l.evidence);
    if (ev) out.evidence = ev;
    if (typeof l.signal === 'string') out.signal = l.signal;
    if (typeof l.confidence === 'number' && l.confidence >= 0 && l.confidence <= 1)
      out.confidence = l.confidence;
    return out;
  });
  const stages = (r.stages?.length ? r.stages : (traj.stages ?? [])).map((s) => ({
    id: s.id,
    start: s.start,
    end: s.end,
    ...(s.label ? { label: s.label } : {}),
  }));
  return { diagnoser: r.diagnoser || 'heuristic', labels, stages };
}
