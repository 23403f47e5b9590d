// One label per step (the strongest wins), and the labels grouped by stage.
import type { LabeledStage } from '../../tree/index.js';
import type { HeuristicLabel, HeuristicStage } from './types.js';

/** Keep the most confident label of each step; on a tie `incorrect` beats `unuseful`, then signal order. */
export function mergeLabels(labels: HeuristicLabel[], agentIds: Set<number>): HeuristicLabel[] {
  const best = new Map<number, HeuristicLabel>();
  for (const l of labels) {
    if (!agentIds.has(l.stepId)) continue;
    const cur = best.get(l.stepId);
    if (!cur || stronger(l, cur)) best.set(l.stepId, l);
  }
  return [...best.values()]
    .map((l) => ({
      ...l,
      evidence: [...new Set(l.evidence)].filter((id) => id !== l.stepId).sort((a, b) => a - b),
    }))
    .sort((a, b) => a.stepId - b.stepId);
}

function stronger(a: HeuristicLabel, b: HeuristicLabel): boolean {
  if (a.confidence !== b.confidence) return a.confidence > b.confidence;
  if (a.verdict !== b.verdict) return a.verdict === 'incorrect';
  return false;
}

/**
 * The stages with their labelled steps. A step outside every stage (a run's own ranges can leave gaps)
 * goes to the closest stage before it, or the first one.
 */
export function groupByStage(stages: LabeledStage[], labels: HeuristicLabel[]): HeuristicStage[] {
  const out: HeuristicStage[] = stages.map((s) => ({ ...s, incorrect: [], unuseful: [] }));
  if (!out.length) return out;
  for (const l of labels) {
    let target = out.find((s) => l.stepId >= s.start && l.stepId <= s.end);
    if (!target) target = [...out].reverse().find((s) => s.end < l.stepId) ?? out[0];
    target[l.verdict].push(l.stepId);
  }
  return out;
}
