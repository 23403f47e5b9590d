// Label summaries shared by the commands that print diagnoses.
import type { Trajectory } from '../core/model/trajectory.js';
import type { Diagnosis } from '../core/profiles/diagnosis.js';
import { prepareDiagnosis } from '../core/profiles/convert.js';
import type { Style } from './style.js';

export function countLabels(d: Diagnosis, traj: Trajectory) {
  // The same one-label-per-existing-step view the written files are made from.
  const labels = prepareDiagnosis(d, traj).labels;
  const inc = labels.filter((l) => l.verdict === 'incorrect').map((l) => l.stepId);
  return {
    incorrect: inc.length,
    unuseful: labels.filter((l) => l.verdict === 'unuseful').length,
    first_incorrect: inc.length ? Math.min(...inc) : null,
  };
}

/** "Step N [incorrect]: reasoning" lines, in step order. */
export function printLabels(d: Diagnosis, traj: Trajectory, out: (s: string) => void, st: Style): void {
  const labels = prepareDiagnosis(d, traj)
    .labels.filter((l) => l.verdict !== 'correct')
    .sort((a, b) => a.stepId - b.stepId);
  if (!labels.length) {
    out('No incorrect or unuseful step found.\n');
    return;
  }
  for (const l of labels) {
    const v = l.verdict === 'incorrect' ? st.red('incorrect') : st.yellow('unuseful');
    const why = l.reasoning.replace(/\s+/g, ' ').trim();
    out(`Step ${l.stepId} [${v}]: ${why.length > 100 ? why.slice(0, 99) + '…' : why}\n`);
  }
}
