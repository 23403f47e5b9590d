// Verdicts come from the run's own files. Each reader returns null when its source is absent.
import type { Verdict } from '../../model/trajectory.js';
import type { FileSource } from '../../io/source.js';
import { join, dirname } from '../../io/source.js';
import { readOptionalJson, readOptionalText } from '../../io/read.js';
import { asBool, asNumber, asObj, getPath } from './access.js';

/** terminal-bench `results.json` (`is_resolved`) of a trial dir. */
export async function verdictFromResultsJson(src: FileSource, dir: string): Promise<Verdict | null> {
  const p = join(dir, 'results.json');
  const r = asObj(await readOptionalJson(src, p));
  if (!r || !('is_resolved' in r)) return null;
  const solved = asBool(r.is_resolved);
  const failure = typeof r.failure_mode === 'string' && r.failure_mode !== 'unset' ? r.failure_mode : null;
  return { solved: solved ?? null, exitStatus: failure, source: src.display(p) };
}

/** Harbor: `verifier/reward.txt` first, then `result.json` `verifier_result.rewards.reward`. */
export async function verdictFromReward(src: FileSource, dir: string): Promise<Verdict | null> {
  const rewardPath = join(dir, 'verifier', 'reward.txt');
  const text = await readOptionalText(src, rewardPath);
  const fromText = text !== null ? asNumber(text.trim()) : undefined;
  const resultPath = join(dir, 'result.json');
  const result = await readOptionalJson(src, resultPath);
  const exc = asObj(getPath(result, 'exception_info'));
  const exitStatus = exc ? String(exc.exception_type ?? 'exception') : null;
  if (fromText !== undefined) {
    return { solved: fromText >= 1, reward: fromText, exitStatus, source: src.display(rewardPath) };
  }
  const reward = asNumber(getPath(result, 'verifier_result.rewards.reward'));
  if (reward !== undefined)
    return { solved: reward >= 1, reward, exitStatus, source: src.display(resultPath) };
  if (exc) return { solved: false, reward: null, exitStatus, source: src.display(resultPath) };
  return null;
}

/**
 * SWE-bench harness `report.json` near a run file, in either shape: the run-level
 * `{<instance_id>: {resolved, ...}}`, or the per-instance `logs/<id>/report.json` some harness versions
 * write without the id wrapper (`{resolved, patch_exists, tests_status, ...}`).
 */
export async function verdictFromSweReport(
  src: FileSource,
  startDir: string,
  instanceId: string,
): Promise<Verdict | null> {
  // Common layouts: <out>/logs/<id>/report.json next to <out>/trajs/<id>/, or report.json beside the traj.
  const candidates = [
    join(startDir, 'report.json'),
    join(dirname(startDir), 'logs', instanceId, 'report.json'),
    join(dirname(dirname(startDir)), 'logs', instanceId, 'report.json'),
  ];
  for (const p of candidates) {
    const r = asObj(await readOptionalJson(src, p));
    const wrapped = asObj(r?.[instanceId]);
    const entry =
      wrapped ??
      (r && ('tests_status' in r || 'patch_exists' in r || 'patch_successfully_applied' in r)
        ? r
        : undefined);
    if (entry && 'resolved' in entry) {
      return { solved: asBool(entry.resolved) ?? null, source: src.display(p) };
    }
  }
  return null;
}

export const UNKNOWN: Verdict = { solved: null };
