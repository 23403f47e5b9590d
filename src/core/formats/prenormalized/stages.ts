// `stage_ranges.json`: [{stage | stage_id, start_step_id, end_step_id}], inclusive and 1-based. The stage may be
// an int (CodeTraceBench step maps), a string ("full", written by the upstream normalizer) or `stage_id` (manifest).
import type { Stage } from '../../model/trajectory.js';
import { asArray, asNumber, isObj } from '../shared/access.js';

export interface StagePlan {
  stages: Stage[];
  warnings: string[];
}

/** Read stage ranges and keep what overlaps the steps that exist, clipped to them. */
export function readStageRanges(data: unknown, stepIds: number[], shown: string): StagePlan {
  const warnings: string[] = [];
  const stages: Stage[] = [];
  if (stepIds.length === 0) return { stages, warnings };
  const first = Math.min(...stepIds);
  const last = Math.max(...stepIds);
  let invalid = 0;
  let dropped = 0;
  let clipped = 0;
  asArray(data).forEach((r, i) => {
    if (!isObj(r)) {
      invalid++;
      return;
    }
    const start = asNumber(r.start_step_id);
    const end = asNumber(r.end_step_id);
    if (
      start === undefined ||
      end === undefined ||
      !Number.isInteger(start) ||
      !Number.isInteger(end) ||
      end < start
    ) {
      invalid++;
      return;
    }
    const tag = r.stage ?? r.stage_id;
    const num = asNumber(tag);
    const stage: Stage = { id: num !== undefined && Number.isInteger(num) ? num : i + 1, start, end };
    if (typeof tag === 'string' && num === undefined && tag.trim()) stage.label = tag.trim();
    if (typeof r.label === 'string' && r.label.trim()) stage.label = r.label.trim();
    if (start > last || end < first) {
      dropped++;
      return;
    }
    if (start < first || end > last) {
      clipped++;
      stage.start = Math.max(start, first);
      stage.end = Math.min(end, last);
    }
    stages.push(stage);
  });
  if (!Array.isArray(data)) warnings.push(`${shown}: not a JSON array; no stages read`);
  if (invalid)
    warnings.push(`${shown}: ${invalid} entries without a valid start_step_id..end_step_id skipped`);
  if (dropped || clipped) {
    warnings.push(
      `${shown}: ${dropped} of ${asArray(data).length} ranges lie outside steps ${first}..${last} and were dropped` +
        (clipped ? `, ${clipped} clipped to them` : ''),
    );
  }
  return { stages, warnings };
}
