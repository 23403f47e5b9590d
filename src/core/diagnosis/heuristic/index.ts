// The heuristic diagnoser: no LLM, deterministic, linear-ish in the run's size. Each rule lives in its own
// file under signals/ and looks for one pattern; the strongest label per step is kept and the labels are
// grouped by stage. It is the offline fallback of `analyze` and the baseline an LLM diagnoser must beat.
//
//   diagnoseHeuristic(traj) -> { diagnoser: 'heuristic', labels, stages }
import type { Trajectory } from '../../model/trajectory.js';
import { classifySteps, segmentStages } from '../../tree/index.js';
import { runFacts } from './facts.js';
import { groupByStage, mergeLabels } from './merge.js';
import { failedRetry } from './signals/retry.js';
import { revertedEdit } from './signals/revert.js';
import { testRegression } from './signals/regression.js';
import { repeatedRead } from './signals/repeat.js';
import { loops } from './signals/loop.js';
import { answerAlreadyVisible } from './signals/late.js';
import { unverifiedSubmit } from './signals/unverified.js';
import type { HeuristicResult, Signal } from './types.js';

export type { HeuristicLabel, HeuristicResult, HeuristicStage, HeuristicVerdict } from './types.js';

/** The rules, in the order used to break ties between equally confident labels. */
export const SIGNALS: readonly Signal[] = [
  testRegression,
  revertedEdit,
  failedRetry,
  unverifiedSubmit,
  repeatedRead,
  loops,
  answerAlreadyVisible,
];

/** Label the agent's steps `incorrect` or `unuseful` from rule-based signals; group them by stage. */
export function diagnoseHeuristic(traj: Trajectory): HeuristicResult {
  const classes = classifySteps(traj.steps);
  const facts = runFacts(traj, classes);
  const agentIds = new Set(facts.agentSteps.map((f) => f.step.id));
  const labels = mergeLabels(
    SIGNALS.flatMap((signal) => signal(facts)),
    agentIds,
  );
  return { diagnoser: 'heuristic', labels, stages: groupByStage(segmentStages(traj, classes), labels) };
}
