// One Terminus episode as a step: the response is the action, the next prompt's terminal output the observation.
import type { ToolCall } from '../../model/trajectory.js';
import type { StepInput } from '../shared/build.js';
import { joinNonEmpty } from '../shared/text.js';
import { showCommands } from './keys.js';
import { observationFromPrompt } from './prompt.js';
import { parseTerminusResponse, type ParsedResponse } from './response.js';

/** Tool name of a Terminus command: keystrokes sent to a tmux pane. */
export const SEND_KEYS = 'send_keys';
/** Tool name recording that the response declared the task complete. */
export const TASK_COMPLETE = 'task_complete';

export interface EpisodeStep {
  step: StepInput;
  /** Set when the response could not be read as a Terminus response (the raw text is then the action). */
  problem?: string;
  taskComplete?: boolean;
  /** Which Terminus response form was read. */
  kind?: 'json' | 'xml';
}

function reasoningText(p: ParsedResponse): string | null {
  const parts = p.reasoning.map(([label, text]) => `${label}: ${text}`);
  return joinNonEmpty([p.extraText, ...parts]);
}

function actionText(p: ParsedResponse): string {
  const shown = showCommands(p.commands);
  if (shown.trim() !== '') return p.taskComplete ? `${shown}\n(marks the task complete)` : shown;
  return p.taskComplete ? '(no commands; marks the task complete)' : '(no commands)';
}

/** Build the step for one response text and the prompt that followed it (null for the last episode). */
export function episodeStep(response: string, nextPrompt: string | null): EpisodeStep {
  const observation = observationFromPrompt(nextPrompt);
  const parsed = parseTerminusResponse(response);
  if (!parsed.ok) {
    const raw = response.trim();
    return {
      step: { action: raw === '' ? '(empty response)' : raw, observation, toolCalls: [] },
      problem: parsed.error,
    };
  }
  const p = parsed.value;
  const toolCalls: ToolCall[] = p.commands.map((c) => ({
    name: SEND_KEYS,
    arguments: { keystrokes: c.keystrokes, ...c.args },
  }));
  if (p.taskComplete) toolCalls.push({ name: TASK_COMPLETE, arguments: { task_complete: true } });
  const step: StepInput = {
    action: actionText(p),
    observation,
    reasoning: reasoningText(p),
    toolCalls,
  };
  if (p.commands.length) step.tool = SEND_KEYS;
  const out: EpisodeStep = { step, kind: p.kind };
  if (p.taskComplete !== undefined) out.taskComplete = p.taskComplete;
  return out;
}
