// Claude Code events -> steps. One step per tool call (`tool_use` block), in the order the calls appear,
// paired with its `tool_result` by id. Thinking and text that precede a call are its reasoning; text after
// the last call is the final message. Claude Code may emit one event per content block with the same
// message id, so blocks are grouped by message id, not by event.
import type { Step, TokenUsage } from '../../model/trajectory.js';
import { asArray, asBool, asNumber, asObj, asString, isObj, type Obj } from '../shared/access.js';
import { StepList } from '../shared/build.js';
import { contentText } from '../shared/content-text.js';
import { displayToolCall, exitCodeFromResult } from '../shared/tool-display.js';
import type { StreamEvent } from './events.js';

/** Claude Code writes this placeholder for an empty text block; it carries nothing. */
const EMPTY_TEXT = '(no content)';
const CALL_TYPES = new Set(['tool_use', 'server_tool_use', 'mcp_tool_use']);

interface Call {
  id: string;
  name: string;
  input: unknown;
  /** Message id (or event index) the block came from: calls of one message share a parallel group. */
  key: string;
  /** parent_tool_use_id of a sub-agent's event; null on the main thread. */
  thread: string | null;
  reasoning: string[];
  time?: string | number;
  line: number;
  lineEnd: number;
  result?: { text: string; isError?: boolean; time?: string | number; lineEnd: number };
  dropped?: boolean;
}

interface Note {
  kind: 'thinking' | 'text';
  text: string;
}

interface SubAgent {
  parentToolUseId: string;
  prompt?: string;
  calls: Call[];
  leftover: Note[];
}

export interface BuiltRun {
  steps: Step[];
  model: string | null;
  /** The first user prompt of the main thread, when the stream has one (session transcripts do). */
  firstPrompt: string | null;
  metadata: Record<string, unknown>;
  warnings: string[];
}

function tokensOf(usage: Obj | undefined): TokenUsage | undefined {
  if (!usage) return undefined;
  const input = asNumber(usage.input_tokens) ?? 0;
  const created = asNumber(usage.cache_creation_input_tokens) ?? 0;
  const read = asNumber(usage.cache_read_input_tokens) ?? 0;
  const output = asNumber(usage.output_tokens) ?? 0;
  // All-zero usage is what proxies write when they do not know; it is not a measurement.
  if (input + created + read + output === 0) return undefined;
  const t: TokenUsage = { input: input + created + read, output };
  if (read > 0) t.cached = read;
  return t;
}

function callName(block: Obj): string {
  const name = asString(block.name) ?? 'tool';
  const server = asString(block.server_name);
  return block.type === 'mcp_tool_use' && server ? `mcp__${server}__${name}` : name;
}

export function buildSteps(events: StreamEvent[], file: string): BuiltRun {
  const calls: Call[] = [];
  const byId = new Map<string, Call>();
  const notes = new Map<string, Note[]>(); // per thread ('' = main)
  const usageByKey = new Map<string, Obj>();
  const subagents = new Map<string, SubAgent>();
  const meta: Record<string, unknown> = {};
  const warnings: string[] = [];
  const systemCounts: Record<string, number> = {};
  let model: string | null = null;
  let messageModel: string | null = null;
  let firstPrompt: string | null = null;
  let duplicates = 0;
  let orphans = 0;
  let anon = 0;
  let apiErrors = 0;

  const threadOf = (v: Obj): string | null =>
    asString(v.parent_tool_use_id) ?? (asBool(v.isSidechain) ? 'sidechain' : null);
  const notesOf = (thread: string | null): Note[] => {
    const k = thread ?? '';
    let n = notes.get(k);
    if (!n) notes.set(k, (n = []));
    return n;
  };
  const subOf = (thread: string): SubAgent => {
    let s = subagents.get(thread);
    if (!s) subagents.set(thread, (s = { parentToolUseId: thread, calls: [], leftover: [] }));
    return s;
  };

  const pairResult = (block: Obj, ev: StreamEvent): void => {
    const id = asString(block.tool_use_id) ?? '';
    const call = byId.get(id);
    if (!call) {
      orphans++;
      return;
    }
    if (call.result) return;
    call.result = {
      text: contentText(block.content),
      isError: asBool(block.is_error),
      time: ev.time,
      lineEnd: ev.lineEnd,
    };
  };

  const userText = (text: string, thread: string | null): void => {
    if (!text.trim()) return;
    if (thread) {
      const s = subOf(thread);
      s.prompt ??= text;
    } else {
      firstPrompt ??= text;
    }
  };

  events.forEach((ev, index) => {
    const v = ev.value;
    const thread = threadOf(v);
    switch (v.type) {
      case 'system': {
        const sub = asString(v.subtype) ?? 'system';
        systemCounts[sub] = (systemCounts[sub] ?? 0) + 1;
        if (sub === 'init') {
          model ??= asString(v.model) ?? null;
          for (const [k, key] of [
            ['session_id', 'sessionId'],
            ['cwd', 'cwd'],
            ['claude_code_version', 'claudeCodeVersion'],
            ['permissionMode', 'permissionMode'],
          ] as const) {
            if (v[k] !== undefined && meta[key] === undefined) meta[key] = v[k];
          }
          if (Array.isArray(v.tools) && meta.tools === undefined) meta.tools = v.tools;
        }
        return;
      }
      case 'result': {
        meta.result = {
          subtype: v.subtype ?? null,
          isError: asBool(v.is_error) ?? null,
          numTurns: asNumber(v.num_turns) ?? null,
          durationMs: asNumber(v.duration_ms) ?? null,
          totalCostUsd: asNumber(v.total_cost_usd) ?? null,
          result: asString(v.result) ?? null,
        };
        return;
      }
      case 'user': {
        const content = asObj(v.message)?.content;
        if (typeof content === 'string') {
          userText(content, thread);
          return;
        }
        for (const b of asArray(content).filter(isObj)) {
          if (b.type === 'tool_result') pairResult(b, ev);
          else if (b.type === 'text') userText(asString(b.text) ?? '', thread);
        }
        return;
      }
      case 'assistant': {
        const msg = asObj(v.message) ?? {};
        const key = asString(msg.id) ?? `event-${index}`;
        messageModel ??= asString(msg.model) ?? null;
        const usage = asObj(msg.usage);
        if (usage) usageByKey.set(key, usage);
        if (v.error !== undefined || asBool(v.isApiErrorMessage)) apiErrors++;
        const pending = notesOf(thread);
        const content =
          typeof msg.content === 'string' ? [{ type: 'text', text: msg.content }] : asArray(msg.content);
        for (const b of content.filter(isObj)) {
          const type = asString(b.type) ?? '';
          if (type === 'thinking') {
            const t = asString(b.thinking) ?? asString(b.text) ?? '';
            if (t.trim()) pending.push({ kind: 'thinking', text: t });
          } else if (type === 'redacted_thinking') {
            pending.push({ kind: 'thinking', text: '[redacted thinking]' });
          } else if (type === 'text') {
            const t = asString(b.text) ?? '';
            if (t.trim() && t.trim() !== EMPTY_TEXT) pending.push({ kind: 'text', text: t });
          } else if (CALL_TYPES.has(type)) {
            let id = asString(b.id) ?? '';
            if (!id) id = `#anonymous-${++anon}`;
            const reasoning = pending.splice(0).map((n) => n.text);
            const prior = byId.get(id);
            if (prior && !prior.result) {
              // The same call emitted again before its result (seen with some proxies): the later
              // emission is the one that ran. Keep its position; keep earlier reasoning if it has none.
              prior.dropped = true;
              duplicates++;
              if (!reasoning.length) reasoning.push(...prior.reasoning);
            }
            const call: Call = {
              id,
              name: callName(b),
              input: b.input ?? {},
              key,
              thread,
              reasoning,
              time: ev.time,
              line: ev.line,
              lineEnd: ev.lineEnd,
            };
            calls.push(call);
            byId.set(id, call);
            if (thread) subOf(thread).calls.push(call);
          } else if (type.endsWith('_tool_result') && typeof b.tool_use_id === 'string') {
            pairResult(b, ev);
          }
        }
        return;
      }
      default:
        return;
    }
  });

  // Parallel groups: messages that hold more than one (kept) call.
  const live = calls.filter((c) => !c.dropped);
  const perKey = new Map<string, number>();
  for (const c of live) perKey.set(c.key, (perKey.get(c.key) ?? 0) + 1);

  const list = new StepList();
  const groupOf = new Map<string, number>();
  const stepOf = new Map<Call, Step>();
  const tokensGiven = new Set<string>();
  const errorSteps: number[] = [];
  for (const c of live) {
    let parallelGroup: number | undefined;
    if ((perKey.get(c.key) ?? 0) > 1) {
      parallelGroup = groupOf.get(c.key);
      if (parallelGroup === undefined) groupOf.set(c.key, (parallelGroup = list.nextGroup()));
    }
    // Usage is per message: give it to the message's first step only, so sums stay right.
    let tokens: TokenUsage | undefined;
    if (!tokensGiven.has(c.key)) {
      tokensGiven.add(c.key);
      tokens = tokensOf(usageByKey.get(c.key));
    }
    const shown = displayToolCall(c.name, c.input);
    const exitCode = c.result ? exitCodeFromResult(c.name, c.result.text, c.result.isError) : undefined;
    const parentCall = c.thread ? byId.get(c.thread) : undefined;
    const subType = parentCall ? asString(asObj(parentCall.input)?.subagent_type) : undefined;
    const step = list.push({
      actor: 'agent',
      agentName: c.thread ? `subagent${subType ? `:${subType}` : ''}` : undefined,
      action: shown.action,
      tool: c.name,
      toolCalls: [{ id: c.id, name: c.name, arguments: c.input }],
      observation: c.result ? c.result.text : null,
      reasoning: c.reasoning.join('\n\n'),
      timestamp: c.time,
      endTimestamp: c.result?.time,
      tokens,
      parallelGroup,
      exitCode,
      edits: shown.edits,
      raw: { file, lineStart: c.line, lineEnd: Math.max(c.lineEnd, c.result?.lineEnd ?? 0) },
    });
    stepOf.set(c, step);
    if (c.result?.isError) errorSteps.push(step.id);
  }

  // Whatever the main thread said after its last call is the final message (never dropped).
  const leftover = notes.get('') ?? [];
  const finalText = leftover.filter((n) => n.kind === 'text').map((n) => n.text);
  const finalThinking = leftover.filter((n) => n.kind === 'thinking').map((n) => n.text);
  if (finalText.length) meta.finalMessage = finalText.join('\n\n');
  if (finalThinking.length) meta.finalReasoning = finalThinking.join('\n\n');

  if (subagents.size) {
    meta.subagents = [...subagents.values()].map((s) => {
      const parent = byId.get(s.parentToolUseId);
      const parentStep = parent ? stepOf.get(parent) : undefined;
      const ids = s.calls
        .filter((c) => !c.dropped)
        .map((c) => stepOf.get(c)?.id)
        .filter((x) => x !== undefined);
      const rest = (notes.get(s.parentToolUseId) ?? []).filter((n) => n.kind === 'text').map((n) => n.text);
      return {
        parentToolUseId: s.parentToolUseId,
        parentStep: parentStep?.id ?? null,
        subagentType: parent ? (asString(asObj(parent.input)?.subagent_type) ?? null) : null,
        description: parent ? (asString(asObj(parent.input)?.description) ?? null) : null,
        steps: ids,
        finalMessage: rest.length ? rest.join('\n\n') : null,
      };
    });
  }
  if (errorSteps.length) meta.errorStepIds = errorSteps;
  if (Object.keys(systemCounts).length) meta.systemEvents = systemCounts;
  if (apiErrors) meta.apiErrorMessages = apiErrors;
  if (duplicates) {
    warnings.push(
      `${duplicates} tool call(s) were emitted twice with the same id before their result; kept the later emission`,
    );
  }
  if (orphans) warnings.push(`${orphans} tool result(s) had no matching tool call`);
  const unanswered = live.filter((c) => !c.result).length;
  if (unanswered) meta.callsWithoutResult = unanswered;
  return { steps: list.steps, model: model ?? messageModel, firstPrompt, metadata: meta, warnings };
}
