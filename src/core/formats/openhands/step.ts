// One action event plus the observations it caused -> one step. Shared by the raw parser and by
// stepFromSlice (CodeTraceBench pre-normalized slices), so both show the same step for the same event.
import type { Actor, TokenUsage } from '../../model/trajectory.js';
import { asArray, asNumber, asObj, asString, getPath, isObj } from '../shared/access.js';
import type { StepInput } from '../shared/build.js';
import { contentText } from '../shared/content-text.js';
import { joinNonEmpty } from '../shared/text.js';
import { describeAction } from './display.js';
import {
  actionKind,
  argsOf,
  isFirstCallOfResponse,
  modelResponse,
  modelResponseId,
  observationKind,
  responseMessage,
  type OhEvent,
} from './events.js';

/** Observation kinds that say nothing about the action (state bookkeeping). */
const SILENT_OBSERVATIONS = new Set(['agent_state_changed']);

/** What the agent was shown: command output keeps OpenHands' prefix/suffix notes (exit code, timeouts). */
export function observationText(o: OhEvent): string {
  const content = contentText(o.content);
  const md = asObj(getPath(o, 'extras.metadata'));
  const prefix = asString(md?.prefix) ?? '';
  const suffix = asString(md?.suffix) ?? '';
  // An empty output leaves only the note, without the newline that separated it from the output.
  return content === '' ? `${prefix}${suffix}`.trim() : `${prefix}${content}${suffix}`;
}

export function exitCodeOf(o: OhEvent): number | undefined {
  const v = asNumber(getPath(o, 'extras.metadata.exit_code')) ?? asNumber(getPath(o, 'extras.exit_code'));
  return v !== undefined && Number.isInteger(v) ? v : undefined;
}

/** The LLM's own thinking for this response: reasoning_content or Anthropic thinking blocks. */
function modelThinking(e: OhEvent): string | null {
  const msg = responseMessage(e);
  if (!msg) return null;
  const blocks = asArray(msg.thinking_blocks)
    .filter(isObj)
    .map((b) => asString(b.thinking) ?? '');
  return joinNonEmpty([
    asString(msg.reasoning_content) ?? asString(getPath(msg, 'provider_specific_fields.reasoning_content')),
    ...blocks,
  ]);
}

/**
 * Reasoning = the LLM's thinking + its text + `args.thought`, each once. OpenHands copies the response
 * text into the first action's thought; parallel actions of one response share that text, so only the
 * first one carries it. For `think` the thought is the action itself; the response text stays reasoning.
 */
export function reasoningOf(e: OhEvent): string | null {
  const kind = actionKind(e);
  const thought = (asString(argsOf(e).thought) ?? '').trim();
  const first = isFirstCallOfResponse(e);
  const thinking = first ? modelThinking(e) : null;
  const text = first ? contentText(responseMessage(e)?.content).trim() : '';
  if (kind === 'think') return joinNonEmpty([thinking, text]);
  let said: string | null = thought || null;
  if (text && !thought.includes(text))
    said = thought && !text.includes(thought) ? `${text}\n\n${thought}` : text;
  return joinNonEmpty([thinking, said]);
}

/** Token usage of the LLM call that produced the action, counted on the response's first action only. */
export function tokensOf(e: OhEvent): TokenUsage | undefined {
  if (!isFirstCallOfResponse(e)) return undefined;
  const out: TokenUsage = {};
  const u = asObj(modelResponse(e)?.usage);
  if (u) {
    const input = asNumber(u.prompt_tokens) ?? asNumber(u.input_tokens);
    const output = asNumber(u.completion_tokens) ?? asNumber(u.output_tokens);
    const cached =
      asNumber(getPath(u, 'prompt_tokens_details.cached_tokens')) ?? asNumber(u.cache_read_input_tokens);
    if (input !== undefined) out.input = input;
    if (output !== undefined) out.output = output;
    if (cached) out.cached = cached;
  } else {
    // llm_metrics is a snapshot of the run's metrics; its per-call list may hold this response's usage.
    const usages = asArray(getPath(e, 'llm_metrics.token_usages')).filter(isObj);
    const rid = modelResponseId(e);
    const hit = rid !== undefined ? usages.find((x) => x.response_id === rid) : usages[usages.length - 1];
    if (hit) {
      const input = asNumber(hit.prompt_tokens);
      const output = asNumber(hit.completion_tokens);
      const cached = asNumber(hit.cache_read_tokens);
      if (input !== undefined) out.input = input;
      if (output !== undefined) out.output = output;
      if (cached) out.cached = cached;
    }
  }
  for (const k of Object.keys(out) as (keyof TokenUsage)[]) if ((out[k] as number) < 0) delete out[k];
  return Object.keys(out).length ? out : undefined;
}

function actorOf(e: OhEvent): Actor {
  if (e.source === 'user') return 'user';
  if (e.source === 'environment') return 'environment';
  return 'agent';
}

/** Observations that carry something for the step (not state-change bookkeeping, not empty no-ops). */
export function isTelling(o: OhEvent): boolean {
  const kind = observationKind(o);
  if (kind && SILENT_OBSERVATIONS.has(kind)) return false;
  if (kind === 'null' && contentText(o.content).trim() === '') return false;
  return true;
}

/** The step for an action event and the observation events whose `cause` is its id (in id order). */
export function stepFromEvent(action: OhEvent, observations: OhEvent[]): StepInput {
  const shown = describeAction(action);
  const telling = observations.filter(isTelling);
  const step: StepInput = {
    actor: actorOf(action),
    action: shown.action,
    tool: shown.tool,
    toolCalls: shown.toolCalls,
    observation: telling.length ? telling.map(observationText).join('\n\n') : null,
    reasoning: reasoningOf(action),
  };
  if (shown.edits.length) step.edits = shown.edits;
  const ts = asString(action.timestamp);
  if (ts) step.timestamp = ts;
  const last = telling[telling.length - 1];
  const te = last ? asString(last.timestamp) : undefined;
  if (te) step.endTimestamp = te;
  const tokens = tokensOf(action);
  if (tokens) step.tokens = tokens;
  for (const o of telling) {
    const code = exitCodeOf(o);
    if (code !== undefined) {
      step.exitCode = code;
      break;
    }
  }
  return step;
}
