// Text search over a trajectory: actions, observations and reasoning, case-insensitive. One match per
// field per step (n/N walk steps, the Step pane shows where in the field it is).
import type { Trajectory } from '../core/model/trajectory.js';
import type { SearchField, SearchMatch } from './state.js';

const FIELDS: readonly SearchField[] = ['action', 'reasoning', 'observation'];

/** Cap so a one-letter query on 100k steps does not build a huge list. */
export const MAX_MATCHES = 20_000;

export function findMatches(traj: Trajectory, query: string): SearchMatch[] {
  const q = query.toLowerCase();
  if (!q) return [];
  const out: SearchMatch[] = [];
  for (const step of traj.steps) {
    for (const field of FIELDS) {
      const text = step[field];
      if (!text) continue;
      const at = text.toLowerCase().indexOf(q);
      if (at < 0) continue;
      out.push({ stepId: step.id, field, offset: at });
      if (out.length >= MAX_MATCHES) return out;
    }
  }
  return out;
}

/** Index of the first match on or after `stepId` (wrapping to 0), -1 when there are none. */
export function firstMatchFrom(matches: readonly SearchMatch[], stepId: number | null): number {
  if (!matches.length) return -1;
  if (stepId === null) return 0;
  const i = matches.findIndex((m) => m.stepId >= stepId);
  return i < 0 ? 0 : i;
}
