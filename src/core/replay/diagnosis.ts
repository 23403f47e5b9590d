// This run's diagnosis: read back from its CodeTracer output folder (wherever `analyze` put it: the
// folder given, beside the run, or the user cache), else computed now by the heuristic diagnoser.
// Looking never creates a folder.
import { createHash } from 'node:crypto';
import path from 'node:path';
import { heuristicDiagnosis } from '../analyze/diagnose.js';
import { isCodetracerError } from '../io/errors.js';
import type { Trajectory } from '../model/trajectory.js';
import type { Diagnosis } from '../profiles/diagnosis.js';
import { loadPredictions } from '../profiles/load.js';
import { cacheRoot, runKey, type RunPlace } from '../profiles/location.js';

export interface FoundDiagnosis {
  diagnosis: Diagnosis;
  source: string;
}

/** The folders `analyze` may have written this run's outputs to, most specific first. */
export function outputCandidates(place: RunPlace, env: NodeJS.ProcessEnv, given?: string): string[] {
  const out: string[] = [];
  if (given) out.push(given, path.join(given, runKey(place.trajId)));
  if (place.fsPath) {
    const base = place.kind === 'dir' ? path.join(place.fsPath, 'codetracer') : `${place.fsPath}.codetracer`;
    out.push(place.multi ? path.join(base, runKey(place.trajId)) : base);
  }
  const hash = createHash('sha256').update(place.address).digest('hex').slice(0, 16);
  const cache = path.join(cacheRoot(env), hash);
  out.push(place.multi ? path.join(cache, runKey(place.trajId)) : cache);
  return out;
}

export async function findDiagnosis(
  traj: Trajectory,
  place: RunPlace,
  opts: { env: NodeJS.ProcessEnv; diagnosisPath?: string },
): Promise<FoundDiagnosis> {
  for (const dir of outputCandidates(place, opts.env, opts.diagnosisPath)) {
    try {
      const p = await loadPredictions(dir);
      // An output folder of another run (a shared --output-dir) must not be used for this one.
      if (p.sidecar && p.sidecar.traj_id !== traj.id) continue;
      return { diagnosis: p.diagnosis, source: p.file };
    } catch (e) {
      if (!isCodetracerError(e)) throw e;
      if (opts.diagnosisPath && dir === opts.diagnosisPath && e.code !== 'not_found') throw e;
    }
  }
  return { diagnosis: await heuristicDiagnosis(traj), source: 'heuristic diagnoser (computed now)' };
}
