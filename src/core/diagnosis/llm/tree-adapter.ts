// Step kinds, stages and tree.md for the diagnoser, from the tree module (no LLM involved).
import type { Stage, Step, Trajectory } from '../../model/trajectory.js';
import { buildTree, classifySteps, renderTreeMd, segmentStages } from '../../tree/index.js';
import type { StepKind } from './context.js';
import { FULL_LISTING_MAX_STEPS } from './tools/overview.js';

export interface TreeView {
  kindOf: (s: Step) => StepKind;
  stages: Stage[];
  /** tree.md text for runs short enough to show it whole; null otherwise. */
  treeMd: string | null;
}

export function treeView(traj: Trajectory): TreeView {
  const classes = classifySteps(traj.steps);
  const kinds = new Map<number, StepKind>(traj.steps.map((s, i) => [s.id, classes[i].type]));
  const stages = segmentStages(traj, classes);
  const treeMd = traj.steps.length <= FULL_LISTING_MAX_STEPS ? renderTreeMd(buildTree(traj, classes)) : null;
  return { kindOf: (s) => kinds.get(s.id) ?? 'explore', stages, treeMd };
}
