// Everything a tool may look at: the normalized run (read-only), its stages and step kinds, the run's
// files (through its FileSource), and the controller's state.
import type { RunLocation } from '../../formats/types.js';
import type { Stage, Step, Trajectory } from '../../model/trajectory.js';
import type { RunState } from './state.js';

export type StepKind = 'change' | 'explore';

export interface ToolContext {
  traj: Trajectory;
  steps: Map<number, Step>;
  kinds: Map<number, StepKind>;
  stages: Stage[];
  stageOf: Map<number, Stage>;
  /** tree.md of the run (null when not available). */
  treeMd: string | null;
  /** Where the run was read from: read_file reads inside it only. */
  location: RunLocation | null;
  state: RunState;
  /** Characters per page of a long step / file. */
  pageChars: number;
}

export interface ContextInput {
  traj: Trajectory;
  kindOf: (s: Step) => StepKind;
  stages: Stage[];
  treeMd: string | null;
  location: RunLocation | null;
  state: RunState;
  pageChars: number;
}

export function makeContext(i: ContextInput): ToolContext {
  const steps = new Map(i.traj.steps.map((s) => [s.id, s]));
  const kinds = new Map(i.traj.steps.map((s) => [s.id, i.kindOf(s)]));
  // Stages sorted by start; a step belongs to the last stage that starts at or before it and covers it.
  const stageOf = new Map<number, Stage>();
  const sorted = [...i.stages].sort((a, b) => a.start - b.start || a.id - b.id);
  for (const s of i.traj.steps) {
    let lo = 0;
    let hi = sorted.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (sorted[mid].start <= s.id) lo = mid + 1;
      else hi = mid;
    }
    // The last stage starting at or before the step; overlapping stages (rare) fall back to a scan.
    const last = sorted[lo - 1];
    if (last && last.end >= s.id) stageOf.set(s.id, last);
    else {
      const any = sorted.slice(0, lo).find((st) => st.end >= s.id);
      if (any) stageOf.set(s.id, any);
    }
  }
  return {
    traj: i.traj,
    steps,
    kinds,
    stages: i.stages,
    stageOf,
    treeMd: i.treeMd,
    location: i.location,
    state: i.state,
    pageChars: i.pageChars,
  };
}

/** "steps 1-486" (or "no steps"). */
export function stepRange(traj: Trajectory): string {
  if (!traj.steps.length) return 'no steps';
  return `steps ${traj.steps[0].id}-${traj.steps[traj.steps.length - 1].id}`;
}
