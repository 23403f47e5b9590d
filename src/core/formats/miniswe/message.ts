// One mini-swe-agent message -> one step. Shared by the traj.json parser, the agent.log parser and
// stepFromSlice, so a CodeTraceBench slice and the raw run give the same step.
//
// Message shapes handled (all versions write `messages[]`):
// - v1 text mode: assistant `content` with a ```bash fence; observation = next user message
//   (`<returncode>N</returncode>\n<output>...</output>`), reasoning in `extra.response.choices[0].message`.
// - v2 text mode: same, fence language `mswea_bash_command`, parsed commands in `extra.actions`,
//   observation `extra.returncode`/`extra.timestamp`, final `{role: "exit"}` message.
// - v2 tool calling: assistant `tool_calls` (function `bash`, arguments `{"command": ...}`), observations are
//   `{role: "tool", tool_call_id}` messages.
// - v2 Responses API: assistant `{object: "response", output: [reasoning|message|function_call]}`, observations
//   `{type: "function_call_output", call_id, output}`.
import type { RawRef, ToolCall, TokenUsage } from '../../model/trajectory.js';
import type { StepInput } from '../shared/build.js';
import {
  asArray,
  asNumber,
  asObj,
  asString,
  getPath,
  isObj,
  parseMaybeJson,
  type Obj,
} from '../shared/access.js';
import { joinNonEmpty } from '../shared/text.js';

/** Fence languages mini-swe-agent's action regexes accept (v1 `bash`, v2 `mswea_bash_command`). */
const FENCE = /```(?:bash|sh|shell|zsh|mswea_bash_command)[ \t]*\r?\n([\s\S]*?)\r?\n```/g;
/** The XML action form of the `swebench_xml` configs. */
const XML = /<bash_code>([\s\S]*?)<\/bash_code>/g;
const THOUGHT_LABEL = /^\s*(?:\*\*|#+\s*)?THOUGHT\s*:?(?:\*\*)?:?\s*/i;

export function roleOf(msg: Obj): string {
  if (msg.object === 'response') return 'assistant';
  if (msg.type === 'function_call_output') return 'tool';
  return asString(msg.role) ?? '';
}

/** Text of a message: a string content, or the text parts of a content list / Responses output. */
export function textOf(msg: Obj): string {
  if (typeof msg.content === 'string') return msg.content;
  if (msg.type === 'function_call_output') return asString(msg.output) ?? '';
  const parts: string[] = [];
  const collect = (list: unknown[]): void => {
    for (const p of list) {
      if (typeof p === 'string') parts.push(p);
      else if (isObj(p) && typeof p.text === 'string') parts.push(p.text);
    }
  };
  collect(asArray(msg.content));
  if (msg.object === 'response') {
    for (const item of asArray(msg.output)) {
      if (isObj(item) && item.type === 'message') collect(asArray(item.content));
    }
  }
  return parts.join('\n');
}

interface Action {
  commands: string[];
  toolCalls: ToolCall[];
  /** The message text minus the action blocks and the THOUGHT label. */
  thought: string | null;
}

function findAll(re: RegExp, text: string): { cmd: string; start: number; end: number }[] {
  const out: { cmd: string; start: number; end: number }[] = [];
  re.lastIndex = 0;
  for (let m = re.exec(text); m; m = re.exec(text)) {
    out.push({ cmd: (m[1] ?? m[0]).trim(), start: m.index, end: m.index + m[0].length });
  }
  return out;
}

function cleanThought(text: string, cut: { start: number; end: number }[]): string | null {
  let rest = '';
  let at = 0;
  for (const c of cut) {
    rest += text.slice(at, c.start) + '\n';
    at = c.end;
  }
  rest += text.slice(at);
  const t = rest
    .replace(THOUGHT_LABEL, '')
    .replace(/\n{3,}/g, '\n\n')
    .trim();
  return t || null;
}

/** Compile a Python action regex from the run's config, when JS accepts it. */
export function compileActionRegex(src: string | undefined): RegExp | null {
  if (!src) return null;
  try {
    return new RegExp(src.replace(/\(\?P</g, '(?<'), 'gs');
  } catch {
    return null;
  }
}

function callFrom(id: unknown, name: unknown, args: unknown): { call: ToolCall; command: string } {
  const n = asString(name) ?? 'bash';
  const parsed = parseMaybeJson(args);
  const command =
    asString(asObj(parsed)?.command) ?? (n === 'bash' && typeof parsed === 'string' ? parsed : undefined);
  const call: ToolCall = { name: n, arguments: parsed ?? {} };
  const sid = asString(id);
  if (sid) call.id = sid;
  return {
    call,
    command: command ?? `${n} ${typeof parsed === 'string' ? parsed : JSON.stringify(parsed ?? {})}`,
  };
}

/** The action an assistant message carries, or null when it carries none (not a step). */
export function actionOf(msg: Obj, actionRegex: RegExp | null = null): Action | null {
  const text = textOf(msg);
  const calls: { call: ToolCall; command: string }[] = [];
  for (const tc of asArray(msg.tool_calls)) {
    if (!isObj(tc)) continue;
    const fn = asObj(tc.function);
    calls.push(callFrom(tc.id, fn?.name ?? tc.name, fn?.arguments ?? tc.arguments));
  }
  if (msg.object === 'response') {
    for (const item of asArray(msg.output)) {
      if (isObj(item) && item.type === 'function_call')
        calls.push(callFrom(item.call_id ?? item.id, item.name, item.arguments));
    }
  }
  if (calls.length) {
    return {
      commands: calls.map((c) => c.command),
      toolCalls: calls.map((c) => c.call),
      thought: cleanThought(text, []),
    };
  }
  let found = actionRegex ? findAll(actionRegex, text) : [];
  if (!found.length)
    found = [...findAll(FENCE, text), ...findAll(XML, text)].sort((a, b) => a.start - b.start);
  if (found.length) {
    return {
      commands: found.map((f) => f.cmd),
      toolCalls: found.map((f) => ({ name: 'bash', arguments: { command: f.cmd } })),
      thought: cleanThought(text, found),
    };
  }
  // v2 records the parsed commands; trust them when the text form is one we do not know.
  const parsed = asArray(getPath(msg, 'extra.actions'))
    .map((a) => asString(asObj(a)?.command))
    .filter((c): c is string => c !== undefined);
  if (parsed.length) {
    return {
      commands: parsed,
      toolCalls: parsed.map((c) => ({ name: 'bash', arguments: { command: c } })),
      thought: cleanThought(text, []),
    };
  }
  return null;
}

function pushUnique(out: string[], v: unknown): void {
  if (typeof v === 'string' && v.trim() && !out.includes(v.trim())) out.push(v.trim());
}

function thinkingIn(m: Obj | undefined, out: string[]): void {
  if (!m) return;
  pushUnique(out, m.reasoning_content);
  pushUnique(out, m.reasoning);
  for (const b of asArray(m.thinking_blocks)) pushUnique(out, asObj(b)?.thinking);
  pushUnique(out, getPath(m, 'provider_specific_fields.reasoning_content'));
}

/** Hidden model thinking of an assistant message (reasoning_content, thinking blocks, reasoning summaries). */
export function thinkingOf(msg: Obj): string | null {
  const out: string[] = [];
  thinkingIn(msg, out);
  thinkingIn(asObj(getPath(msg, 'extra.response.choices.0.message')), out);
  const outputs =
    msg.object === 'response' ? asArray(msg.output) : asArray(getPath(msg, 'extra.response.output'));
  for (const item of outputs) {
    if (!isObj(item) || item.type !== 'reasoning') continue;
    for (const s of asArray(item.summary)) pushUnique(out, asObj(s)?.text);
    for (const s of asArray(item.content)) pushUnique(out, asObj(s)?.text);
  }
  return out.length ? out.join('\n\n') : null;
}

export function tokensOf(msg: Obj): TokenUsage | undefined {
  const usage = asObj(getPath(msg, 'extra.response.usage')) ?? asObj(msg.usage);
  const t: TokenUsage = {};
  const input = asNumber(usage?.prompt_tokens) ?? asNumber(usage?.input_tokens);
  const output = asNumber(usage?.completion_tokens) ?? asNumber(usage?.output_tokens);
  const cached =
    asNumber(getPath(usage, 'prompt_tokens_details.cached_tokens')) ??
    asNumber(usage?.cache_read_input_tokens) ??
    asNumber(getPath(usage, 'input_tokens_details.cached_tokens'));
  const cost = asNumber(usage?.cost) ?? asNumber(getPath(msg, 'extra.cost'));
  if (input !== undefined && input >= 0) t.input = input;
  if (output !== undefined && output >= 0) t.output = output;
  if (cached !== undefined && cached >= 0) t.cached = cached;
  if (cost !== undefined && cost >= 0) t.cost = cost;
  return Object.keys(t).length ? t : undefined;
}

export function timestampOf(msg: Obj): number | string | undefined {
  const ts =
    msg.timestamp ??
    getPath(msg, 'extra.timestamp') ??
    getPath(msg, 'extra.response.created') ??
    msg.created_at;
  return typeof ts === 'number' || typeof ts === 'string' ? ts : undefined;
}

export function exitCodeOf(msg: Obj): number | undefined {
  const rc = asNumber(getPath(msg, 'extra.returncode'));
  if (rc !== undefined) return Math.trunc(rc);
  const m = /<returncode>\s*(-?\d+)\s*<\/returncode>/.exec(textOf(msg));
  return m ? Number(m[1]) : undefined;
}

/** Is this message an observation for an earlier action (command output, tool result, exit)? */
export function isObservation(msg: Obj): boolean {
  const r = roleOf(msg);
  return r === 'user' || r === 'tool' || r === 'exit';
}

/**
 * The step for an assistant message and the observation messages that answer it; null when the message
 * carries no action. Reasoning = model thinking, then the prose around the command (THOUGHT).
 */
export function stepFromMessage(
  msg: Obj,
  observations: Obj[],
  opts: { actionRegex?: RegExp | null; raw?: RawRef; notes?: string[] } = {},
): StepInput | null {
  const act = actionOf(msg, opts.actionRegex ?? null);
  if (!act) return null;
  const step: StepInput = {
    actor: 'agent',
    action: act.commands.join('\n\n'),
    tool:
      act.toolCalls.length === 1
        ? act.toolCalls[0].name
        : act.toolCalls.every((c) => c.name === 'bash')
          ? 'bash'
          : undefined,
    toolCalls: act.toolCalls,
    reasoning: joinNonEmpty([...(opts.notes ?? []), thinkingOf(msg), act.thought]),
  };
  if (observations.length) {
    const text = observations.map(textOf).join('\n\n');
    step.observation = text.trim() ? text : null;
    const codes = observations.map(exitCodeOf).filter((c): c is number => c !== undefined);
    if (codes.length) step.exitCode = codes.find((c) => c !== 0) ?? codes[0];
    const end = timestampOf(observations[observations.length - 1]);
    if (end !== undefined) step.endTimestamp = end;
  }
  const ts = timestampOf(msg);
  if (ts !== undefined) step.timestamp = ts;
  const tokens = tokensOf(msg);
  if (tokens) step.tokens = tokens;
  if (opts.raw) step.raw = opts.raw;
  return step;
}

/** Call ids of an assistant message's tool calls (chat `tool_calls[].id`, Responses `call_id`). */
export function toolCallIds(msg: Obj): string[] {
  const ids: string[] = [];
  for (const tc of asArray(msg.tool_calls)) {
    const id = asString(asObj(tc)?.id);
    if (id) ids.push(id);
  }
  if (msg.object === 'response') {
    for (const item of asArray(msg.output)) {
      const o = asObj(item);
      const id = o?.type === 'function_call' ? (asString(o.call_id) ?? asString(o.id)) : undefined;
      if (id) ids.push(id);
    }
  }
  return ids;
}
