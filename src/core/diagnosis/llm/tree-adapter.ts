// Step kinds, stages and tree.md for the diagnoser. TEMPORARY local fallback until src/core/tree lands
// (classifyStep / segmentStages / buildTree / renderTreeMd); then this file only forwards to it.
import type { Stage, Step, Trajectory } from '../../model/trajectory.js';
import type { StepKind } from './context.js';

export interface TreeView {
  kindOf: (s: Step) => StepKind;
  stages: Stage[];
  treeMd: string | null;
}

const CHANGE = /\b(write|edit|create|str_replace|insert|apply_patch|patch|sed -i|tee|cp|mv|mkdir|touch|rm|pip install|npm install|apt(-get)? install|make|git (add|commit|checkout|merge|rebase|apply|clone)|chmod)\b|>\s*\S/i;

export function fallbackKind(s: Step): StepKind {
  if (s.edits?.length) return 'change';
  return CHANGE.test(s.action.split('\n')[0] ?? '') ? 'change' : 'explore';
}

export function treeView(traj: Trajectory): TreeView {
  const stages = traj.stages?.length
    ? traj.stages
    : traj.steps.length
      ? [{ id: 1, start: traj.steps[0].id, end: traj.steps[traj.steps.length - 1].id, label: 'full run' }]
      : [];
  return { kindOf: fallbackKind, stages, treeMd: null };
}
