// Trace tree, step classification and stages (no LLM). The small public surface:
//   classifyStep(step) / classifySteps(steps)  -> change | explore, with a kind
//   buildTree(traj) -> TraceTree; renderTreeMd(tree) -> upstream tree.md text; treeRows(tree) -> flat rows
//   segmentStages(traj) -> stages (the run's own, clipped, or segmented)
export { classifyStep, classifySteps } from './classify.js';
export {
  buildTree,
  renderTreeMd,
  treeRows,
  treeLabel,
  type TraceTree,
  type TreeNode,
  type TreeRow,
} from './tree.js';
export { segmentStages, stageLabel, type LabeledStage } from './stages.js';
export type { NodeType, StepKind, StepClass } from './types.js';
