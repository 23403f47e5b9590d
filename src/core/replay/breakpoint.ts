// Which step the replay starts from: the user's --step, or (--auto) the earliest incorrect step the
// diagnosis names in its root-cause chain, else its first incorrect label.
import { CodetracerError } from '../io/errors.js';
import type { Trajectory } from '../model/trajectory.js';
import type { Diagnosis } from '../profiles/diagnosis.js';

export interface Breakpoint {
  step: number;
  reason: string;
}

/** Step ids a free-text chain entry names ("step 12", "Step 3:", "steps 4-5" gives 4). */
export function stepIdsIn(text: string): number[] {
  const out: number[] = [];
  for (const m of text.matchAll(/\bsteps?\s*#?(\d+)/gi)) out.push(Number(m[1]));
  return out;
}

export function autoBreakpoint(diagnosis: Diagnosis): Breakpoint | null {
  const incorrect = new Set(diagnosis.labels.filter((l) => l.verdict === 'incorrect').map((l) => l.stepId));
  const chainIds = (diagnosis.rootCauseChain ?? []).flatMap(stepIdsIn).filter((id) => incorrect.has(id));
  if (chainIds.length) {
    const step = Math.min(...chainIds);
    return { step, reason: `the earliest incorrect step of the root-cause chain (step ${step})` };
  }
  if (incorrect.size) {
    const step = Math.min(...incorrect);
    return { step, reason: `the first incorrect step (step ${step})` };
  }
  const decisions = (diagnosis.criticalDecisionPoints ?? []).map((c) => c.stepId);
  if (decisions.length) {
    const step = Math.min(...decisions);
    return { step, reason: `the first critical decision point (step ${step})` };
  }
  return null;
}

export function chooseBreakpoint(
  traj: Trajectory,
  diagnosis: Diagnosis,
  given: { step?: number; auto?: boolean },
): Breakpoint {
  if (given.step !== undefined && given.auto)
    throw new CodetracerError('usage', 'give either --step N or --auto, not both');
  let bp: Breakpoint | null;
  if (given.step !== undefined) bp = { step: given.step, reason: 'given with --step' };
  else if (given.auto) {
    bp = autoBreakpoint(diagnosis);
    if (!bp)
      throw new CodetracerError(
        'usage',
        `--auto: the diagnosis (${diagnosis.diagnoser}) marks no step incorrect; give --step N`,
      );
  } else throw new CodetracerError('usage', 'give --step N or --auto');
  if (!traj.steps.some((s) => s.id === bp.step)) {
    const last = traj.steps.at(-1)?.id ?? 0;
    throw new CodetracerError('usage', `step ${bp.step} is not in the run (steps 1..${last})`);
  }
  return bp;
}
