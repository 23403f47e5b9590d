// OpenHands (v0.x) events as serialized by `event_to_dict`: `{id, timestamp, source, message, cause?,
// action+args | observation+content+extras, tool_call_metadata?, llm_metrics?}`. Tolerant accessors only.
import { asArray, asNumber, asObj, asString, getPath, isObj, type Obj } from '../shared/access.js';

export type OhEvent = Obj;

/** Action kinds that are never steps (CodeTraceBench): the system prompt, chat messages, no-ops. */
const NON_STEP_ACTIONS = new Set(['system', 'message', 'null']);

export function eventId(e: OhEvent): number | undefined {
  return asNumber(e.id);
}

export function actionKind(e: OhEvent): string | undefined {
  return asString(e.action);
}

export function observationKind(e: OhEvent): string | undefined {
  return asString(e.observation);
}

export function isAction(e: OhEvent): boolean {
  return typeof e.action === 'string';
}

export function isObservation(e: OhEvent): boolean {
  return typeof e.observation === 'string' && !isAction(e);
}

export function causeOf(e: OhEvent): number | undefined {
  return asNumber(e.cause);
}

export function argsOf(e: OhEvent): Obj {
  return asObj(e.args) ?? {};
}

/** A dict that is an OpenHands event: an action or observation kind plus one of the event keys. */
export function isEventLike(v: unknown): v is OhEvent {
  if (!isObj(v)) return false;
  if (typeof v.action !== 'string' && typeof v.observation !== 'string') return false;
  return 'id' in v || 'source' in v || 'args' in v || 'extras' in v || 'cause' in v;
}

/**
 * True when a list holds OpenHands events. Old eval outputs store `[action, observation]` pairs; those
 * count too. Chat-message lists (SWE-agent / Who&When `history`) do not: their items carry `role`.
 */
export function looksLikeEventList(items: unknown[]): boolean {
  const head = items.slice(0, 12);
  if (head.length === 0) return false;
  let events = 0;
  let others = 0;
  for (const it of head) {
    if (Array.isArray(it)) {
      if (it.some(isEventLike)) events++;
      else others++;
    } else if (isEventLike(it)) events++;
    else others++;
  }
  return events > 0 && events >= others;
}

/** Flatten old `[action, observation]` pairs into one event list; plain lists pass through. */
export function flattenEvents(items: unknown[]): OhEvent[] {
  const out: OhEvent[] = [];
  for (const it of items) {
    if (Array.isArray(it)) {
      for (const x of it) if (isEventLike(x)) out.push(x);
    } else if (isEventLike(it)) out.push(it);
  }
  return out;
}

/** Does this run label its events with `source`? (Very old exports do not; then every action is the agent's.) */
export function hasSources(events: OhEvent[]): boolean {
  return events.some((e) => typeof e.source === 'string');
}

/**
 * The CodeTraceBench step rule: every action whose source is the agent, except `system`, `message` and
 * `null`. Event ids are not step ids; steps are numbered in event order.
 */
export function isStepAction(e: OhEvent, sourced = true): boolean {
  const kind = actionKind(e);
  if (!kind || NON_STEP_ACTIONS.has(kind)) return false;
  if (!sourced) return kind !== 'recall' && kind !== 'change_agent_state';
  return e.source === 'agent';
}

/** The text of a message action (`args.content`, else the event `message`). */
export function messageText(e: OhEvent): string {
  return asString(argsOf(e).content) ?? asString(e.message) ?? '';
}

/** The LLM response that produced an action (litellm ModelResponse dict), when recorded. */
export function modelResponse(e: OhEvent): Obj | undefined {
  return asObj(getPath(e, 'tool_call_metadata.model_response'));
}

export function modelResponseId(e: OhEvent): string | undefined {
  const id = getPath(e, 'tool_call_metadata.model_response.id');
  return typeof id === 'string' || typeof id === 'number' ? String(id) : undefined;
}

/** The assistant message of the model response (first choice). */
export function responseMessage(e: OhEvent): Obj | undefined {
  return asObj(getPath(modelResponse(e), 'choices.0.message'));
}

export function toolCallId(e: OhEvent): string | undefined {
  return asString(getPath(e, 'tool_call_metadata.tool_call_id'));
}

export function functionName(e: OhEvent): string | undefined {
  return asString(getPath(e, 'tool_call_metadata.function_name'));
}

/** The raw tool call of the LLM response that this action executes (matched by tool_call_id). */
export function rawToolCall(e: OhEvent): Obj | undefined {
  const calls = asArray(responseMessage(e)?.tool_calls).filter(isObj);
  const id = toolCallId(e);
  if (id !== undefined) {
    const hit = calls.find((c) => c.id === id);
    if (hit) return hit;
  }
  return calls.length === 1 ? calls[0] : undefined;
}

/**
 * Is this action the first tool call of its LLM response? The response text and usage belong to the
 * response, so only its first action carries them (OpenHands also puts the thought on the first one only).
 */
export function isFirstCallOfResponse(e: OhEvent): boolean {
  const calls = asArray(responseMessage(e)?.tool_calls).filter(isObj);
  const id = toolCallId(e);
  if (calls.length === 0 || id === undefined) return true;
  return calls[0].id === id;
}

/** Sort by numeric id; events without one keep their place after the numbered ones (stable). */
export function sortEvents<T>(items: T[], idOf: (t: T) => number | undefined): T[] {
  return items
    .map((t, i) => ({ t, i, id: idOf(t) }))
    .sort((a, b) => {
      if (a.id !== undefined && b.id !== undefined) return a.id - b.id || a.i - b.i;
      if (a.id !== undefined) return -1;
      if (b.id !== undefined) return 1;
      return a.i - b.i;
    })
    .map((x) => x.t);
}
