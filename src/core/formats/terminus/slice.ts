// A CodeTraceBench pre-normalized terminus-2 step: `action_ref.content` is a whole
// `agent-logs/episode-N/response.txt` and `observation_ref.content` the whole next `prompt.txt`, so the step
// is built exactly as the raw parser builds it.
import type { StepInput } from '../shared/build.js';
import { episodeStep, type EpisodeStep } from './step.js';

/** The step with the reason it could not be read, when it could not (the raw text is then the action). */
export function sliceStep(action: string, observation: string | null): EpisodeStep {
  return episodeStep(action, observation);
}

export function stepFromSlice(action: string, observation: string | null): StepInput | null {
  return sliceStep(action, observation).step;
}
