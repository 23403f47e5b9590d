// PLACEHOLDER: replaced by the real implementation.
// Turns a CodeTraceBench `action_ref.content` slice (raw JSON of one message/event of this format) and the
// matching `observation_ref.content` into a step, so pre-normalized runs show the same step as the raw run.
import type { StepInput } from '../shared/build.js';

export function stepFromSlice(action: string, observation: string | null): StepInput | null {
  void action;
  void observation;
  return null;
}
