// The checkpoint a replay starts from: the steps kept, the diagnosis, the breakpoint, the corrective
// strategy and the restore plan. Pure: nothing is read or run here.
import type { Trajectory } from '../model/trajectory.js';
import type { Diagnosis } from '../profiles/diagnosis.js';
import { chooseBreakpoint } from './breakpoint.js';
import { restorePlan } from './plan.js';
import { correctiveStrategy } from './strategy.js';
import type { Checkpoint } from './types.js';

const head = (s: string, n = 160) => {
  const line = s.split('\n', 1)[0].trim();
  return line.length > n ? line.slice(0, n - 1) + '…' : line;
};

export function buildCheckpoint(
  traj: Trajectory,
  address: string,
  found: { diagnosis: Diagnosis; source: string },
  given: { step?: number; auto?: boolean },
): Checkpoint {
  const bp = chooseBreakpoint(traj, found.diagnosis, given);
  const prior = traj.steps.filter((s) => s.id < bp.step);
  const labels = new Map(found.diagnosis.labels.map((l) => [l.stepId, l.verdict]));
  const plan = restorePlan(traj.steps, bp.step);
  return {
    origin: { address, trajId: traj.id, format: traj.format },
    task: traj.task,
    breakpoint: bp.step,
    breakpointReason: bp.reason,
    priorSummary: prior.map((s) => {
      const v = labels.get(s.id);
      return `${s.id}. [${s.actor}${v && v !== 'correct' ? `, ${v}` : ''}] ${head(s.action)}`;
    }),
    diagnosis: found.diagnosis,
    diagnosisSource: found.source,
    strategy: correctiveStrategy(found.diagnosis, bp.step),
    edits: plan.edits,
    commands: plan.commands,
  };
}
