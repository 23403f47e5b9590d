// CodeTraceBench pre-normalized OpenHands steps: `action_ref.content` is the raw JSON of one event file
// (`sessions/sessions/<sid>/events/N.json`) and `observation_ref.content` the event that answers it. The
// step is built by the same function the raw parser uses, so both show the same step. What needs the
// whole stream (parallel group, chat messages around the step, raw ref) is left to the caller.
import type { StepInput } from '../shared/build.js';
import { isObj } from '../shared/access.js';
import { flattenEvents, isAction, isEventLike, type OhEvent } from './events.js';
import { stepFromEvent } from './step.js';

function parse(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

/** Observation events in a slice: one event, a list of events, or plain text (older backfilled refs). */
function observationsOf(observation: string | null): OhEvent[] {
  if (observation === null || observation.trim() === '') return [];
  const v = parse(observation.trim());
  if (isEventLike(v)) return [v];
  if (Array.isArray(v)) return flattenEvents(v).filter((e) => !isAction(e));
  return [{ observation: 'run', content: observation }];
}

/** The step for one action-event slice; null when the slice is not an OpenHands action event. */
export function stepFromSlice(action: string, observation: string | null): StepInput | null {
  const v = parse(action.trim());
  if (!isObj(v) || !isEventLike(v) || !isAction(v)) return null;
  return stepFromEvent(v, observationsOf(observation));
}
