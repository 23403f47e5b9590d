// Event stream -> steps. Steps follow CodeTraceBench: every agent action except system/message/null, in
// event-id order; each is paired with the observations whose `cause` is its id. Chat messages are not
// steps but are kept: agent text goes into the next step's reasoning (the last one is the final message),
// with any user reply to it; other user messages and stray errors are appended to the observation of the
// step they follow.
import type { Step } from '../../model/trajectory.js';
import { asArray, asNumber, asString, getPath, type Obj } from '../shared/access.js';
import { StepList } from '../shared/build.js';
import { joinNonEmpty } from '../shared/text.js';
import {
  actionKind,
  argsOf,
  causeOf,
  eventId,
  hasSources,
  isAction,
  isObservation,
  isStepAction,
  messageText,
  modelResponse,
  modelResponseId,
  observationKind,
  responseMessage,
  sortEvents,
  type OhEvent,
} from './events.js';
import { observationText, stepFromEvent } from './step.js';

/** One event with where it was read from (display path; 1-based line for JSONL records). */
export interface EventRecord {
  event: OhEvent;
  file: string;
  line?: number;
}

export interface BuiltSteps {
  steps: Step[];
  /** The agent's last message(s) after its last step (its answer / summary), if any. */
  finalMessage: string | null;
  /** The first user message (the task when the run has no other task source). */
  firstUserMessage: string | null;
  /** User messages that no step follows or precedes (kept so nothing the user said is lost). */
  userMessages: string[];
  /** SystemMessageAction args (agent_class, openhands_version, tools). */
  system: Obj | null;
  /** The model named by the first recorded LLM response. */
  responseModel: string | null;
  /** `task_completed` of the last finish action (the agent's own claim, not a verdict). */
  taskCompleted: unknown;
  /** How many steps of each action kind. */
  stepKinds: Record<string, number>;
  eventCount: number;
  /**
   * Our step id of each shell step in the unit of CodeTraceBench's published OpenHands step maps, which
   * number only `run` actions that have a command and a `run` observation (element i = their step i+1).
   */
  runStepIds: number[];
  /** Stray errors from before the first step (nothing to attach them to). */
  earlyErrors: string[];
}

/** Observation kinds worth showing even when they answer no step (tool-call errors, rejections, loops). */
const STRAY_KINDS = new Set(['error', 'user_rejected', 'loop_detection']);

/** Does this response hold several tool calls (so its actions ran as one parallel group)? */
function isMultiCall(e: OhEvent): boolean {
  const total = asNumber(getPath(e, 'tool_call_metadata.total_calls_in_response'));
  if (total !== undefined) return total > 1;
  return asArray(responseMessage(e)?.tool_calls).length > 1;
}

export function buildSteps(records: EventRecord[]): BuiltSteps {
  const sorted = sortEvents(records, (r) => eventId(r.event));
  const sourced = hasSources(sorted.map((r) => r.event));

  const byCause = new Map<number, EventRecord[]>();
  for (const r of sorted) {
    const c = causeOf(r.event);
    if (c === undefined || !isObservation(r.event)) continue;
    const list = byCause.get(c);
    if (list) list.push(r);
    else byCause.set(c, [r]);
  }
  const stepIds = new Set<number>();
  for (const r of sorted) {
    const id = eventId(r.event);
    if (id !== undefined && isStepAction(r.event, sourced)) stepIds.add(id);
  }
  // Responses whose actions are several steps: one parallel group each.
  const groupCount = new Map<string, number>();
  for (const r of sorted) {
    const rid = modelResponseId(r.event);
    if (rid !== undefined && isStepAction(r.event, sourced) && isMultiCall(r.event)) {
      groupCount.set(rid, (groupCount.get(rid) ?? 0) + 1);
    }
  }

  const list = new StepList();
  const groups = new Map<string, number>();
  const out: BuiltSteps = {
    steps: list.steps,
    finalMessage: null,
    firstUserMessage: null,
    userMessages: [],
    system: null,
    responseModel: null,
    taskCompleted: undefined,
    stepKinds: {},
    eventCount: sorted.length,
    runStepIds: [],
    earlyErrors: [],
  };
  // Chat between two steps, in order; it goes into the next step's reasoning.
  let pending: { user: boolean; text: string }[] = [];
  let seenFirstMessage = false;

  const attachToLast = (label: string, text: string): boolean => {
    const last = list.last();
    if (!last) return false;
    last.observation = joinNonEmpty([last.observation, `[${label}]\n${text}`]);
    return true;
  };

  for (let i = 0; i < sorted.length; i++) {
    const rec = sorted[i];
    const e = rec.event;
    if (out.responseModel === null) out.responseModel = asString(modelResponse(e)?.model) ?? null;

    if (isAction(e)) {
      const kind = actionKind(e) ?? '';
      if (isStepAction(e, sourced)) {
        const id = eventId(e);
        let obs: EventRecord[] = id !== undefined ? (byCause.get(id) ?? []) : [];
        // Events without ids (old exports): the observations right after the action answer it.
        if (id === undefined) {
          obs = [];
          for (let j = i + 1; j < sorted.length && isObservation(sorted[j].event); j++) {
            if (causeOf(sorted[j].event) === undefined) obs.push(sorted[j]);
          }
        }
        const input = stepFromEvent(
          e,
          obs.map((o) => o.event),
        );
        if (pending.length) {
          const chat = pending.map((p) => (p.user ? `[user message]\n${p.text}` : p.text));
          input.reasoning = joinNonEmpty([...chat, input.reasoning]);
          pending = [];
        }
        if (id !== undefined) {
          const lastObs = obs.length ? eventId(obs[obs.length - 1].event) : undefined;
          input.raw = { file: rec.file, eventStart: id, eventEnd: lastObs ?? id };
        } else {
          input.raw = { file: rec.file };
        }
        if (rec.line !== undefined) {
          input.raw.lineStart = rec.line;
          input.raw.lineEnd = rec.line;
        }
        const rid = modelResponseId(e);
        if (rid !== undefined && (groupCount.get(rid) ?? 0) > 1) {
          let g = groups.get(rid);
          if (g === undefined) {
            g = list.nextGroup();
            groups.set(rid, g);
          }
          input.parallelGroup = g;
        }
        const step = list.push(input);
        out.stepKinds[kind] = (out.stepKinds[kind] ?? 0) + 1;
        const command = asString(argsOf(e).command);
        if (kind === 'run' && command?.trim() && obs.some((o) => observationKind(o.event) === 'run')) {
          out.runStepIds.push(step.id);
        }
        if (kind === 'finish') out.taskCompleted = argsOf(e).task_completed;
        continue;
      }
      if (kind === 'system') {
        out.system = argsOf(e);
      } else if (kind === 'message') {
        const text = messageText(e).trim();
        if (!text) continue;
        const fromUser = sourced ? e.source === 'user' : !seenFirstMessage;
        seenFirstMessage = true;
        if (fromUser) {
          if (out.firstUserMessage === null) out.firstUserMessage = text;
          // A reply to the agent's message stays after it; otherwise it follows the last step's output.
          else if (pending.length) pending.push({ user: true, text });
          else if (!attachToLast('user message', text)) out.userMessages.push(text);
        } else {
          pending.push({ user: false, text });
        }
      }
      continue;
    }

    if (isObservation(e)) {
      // Observations answering a step were taken above; keep stray errors next to the step they follow.
      const c = causeOf(e);
      if (c !== undefined && stepIds.has(c)) continue;
      if (c === undefined && eventId(e) === undefined) continue;
      const kind = observationKind(e) ?? '';
      if (!STRAY_KINDS.has(kind) || c !== undefined) continue;
      const text = observationText(e).trim();
      if (text && !attachToLast(kind, text)) out.earlyErrors.push(`[${kind}] ${text}`);
    }
  }

  const agentTail = pending.filter((p) => !p.user).map((p) => p.text);
  if (agentTail.length) out.finalMessage = agentTail.join('\n\n');
  out.userMessages.push(...pending.filter((p) => p.user).map((p) => p.text));
  return out;
}
