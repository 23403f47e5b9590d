// ATIF steps -> our steps. Each ATIF step is one step with the file's own `step_id` (so users can
// cross-reference); its tool calls become toolCalls, their results (paired by `source_call_id`) the
// observation, `reasoning_content` (plus the message, when the step also calls tools) the reasoning.
import type { Actor, Step, TokenUsage, ToolCall } from '../../model/trajectory.js';
import { asArray, asBool, asNumber, asObj, asString, getPath, isObj, type Obj } from '../shared/access.js';
import { StepList } from '../shared/build.js';
import { contentText } from '../shared/content-text.js';
import { displayToolCalls, exitCodeFromResult } from '../shared/tool-display.js';
import { lineOf } from '../shared/text.js';

export interface AtifSteps {
  steps: Step[];
  warnings: string[];
  /** step ids of steps marked `is_copied_context` (context carried over from an earlier trajectory). */
  copiedContext: number[];
}

function actorOf(source: unknown, hasCalls: boolean): Actor {
  if (source === 'user' || source === 'agent' || source === 'system') return source;
  return hasCalls ? 'agent' : 'system';
}

function tokensOf(metrics: Obj | undefined): TokenUsage | undefined {
  if (!metrics) return undefined;
  const t: TokenUsage = {};
  const prompt = asNumber(metrics.prompt_tokens);
  const completion = asNumber(metrics.completion_tokens);
  const cached = asNumber(metrics.cached_tokens);
  const cost = asNumber(metrics.cost_usd);
  if (prompt !== undefined && prompt >= 0) t.input = prompt;
  if (completion !== undefined && completion >= 0) t.output = completion;
  if (cached !== undefined && cached > 0) t.cached = cached;
  if (cost !== undefined && cost > 0) t.cost = cost;
  // Writers put zeros where they have no measurement; zero tokens for an LLM turn is not data.
  if (!t.input && !t.output && !t.cached && !t.cost) return undefined;
  return t;
}

/** Harbor's converter writes "Executed <tool> <call id>" as the message of a tool-call step: not reasoning. */
function isPlaceholderMessage(message: string, calls: ToolCall[]): boolean {
  const m = message.trim();
  return /^Executed\s/.test(m) && calls.some((c) => c.id && m.includes(c.id));
}

function refText(ref: unknown): string {
  const parts = asArray(ref)
    .filter(isObj)
    .map((r) => asString(r.trajectory_path) ?? asString(r.trajectory_id) ?? asString(r.session_id) ?? '?');
  return parts.length ? `(delegated to sub-agent trajectory ${parts.join(', ')})` : '';
}

function observationOf(step: Obj, calls: ToolCall[]): { text: string | null; perCall: Map<string, string> } {
  const results = asArray(asObj(step.observation)?.results).filter(isObj);
  const perCall = new Map<string, string>();
  const unpaired: string[] = [];
  for (const r of results) {
    const text = [contentText(r.content), refText(r.subagent_trajectory_ref)].filter(Boolean).join('\n');
    const id = asString(r.source_call_id);
    if (id && calls.some((c) => c.id === id))
      perCall.set(id, perCall.has(id) ? `${perCall.get(id)}\n${text}` : text);
    else unpaired.push(text);
  }
  if (!results.length) return { text: null, perCall };
  const sections: string[] = [];
  if (calls.length === 1) {
    const own = perCall.get(calls[0].id ?? '');
    if (own !== undefined) sections.push(own);
  } else {
    for (const c of calls) {
      const own = perCall.get(c.id ?? '');
      if (own !== undefined) sections.push(`[${c.name} ${c.id}]\n${own}`);
    }
  }
  sections.push(...unpaired);
  return { text: sections.join('\n\n'), perCall };
}

/** Line of each step's `"step_id": N` in the file, matched in order; empty when the text does not line up. */
function stepLines(text: string, ids: number[]): Map<number, number> {
  const out = new Map<number, number>();
  const re = /"step_id"\s*:\s*(\d+)/g;
  let i = 0;
  for (let m = re.exec(text); m && i < ids.length; m = re.exec(text)) {
    if (Number(m[1]) === ids[i]) out.set(i++, lineOf(text, m.index));
  }
  return i === ids.length ? out : new Map();
}

export function atifSteps(rawSteps: unknown[], file: string, text: string): AtifSteps {
  const warnings: string[] = [];
  const objs = rawSteps.filter(isObj);
  if (objs.length !== rawSteps.length)
    warnings.push(`${rawSteps.length - objs.length} step(s) are not objects; skipped`);

  // Keep the file's numbering when it is usable (positive, increasing); else number by position.
  const ids = objs.map((s) => asNumber(s.step_id));
  const usable = ids.every(
    (id, i) => id !== undefined && Number.isInteger(id) && id > 0 && (i === 0 || id > ids[i - 1]!),
  );
  if (!usable) warnings.push('step_id values are missing or not increasing; steps are numbered by position');
  else if (ids.some((id, i) => id !== i + 1))
    warnings.push('step_id values are not sequential from 1 (ATIF requires it); kept as written');
  const lines = usable ? stepLines(text, ids as number[]) : new Map<number, number>();

  const list = new StepList();
  const copiedContext: number[] = [];
  objs.forEach((s, i) => {
    const calls: ToolCall[] = asArray(s.tool_calls)
      .filter(isObj)
      .map((c) => ({
        id: asString(c.tool_call_id),
        name: asString(c.function_name) ?? 'tool',
        arguments: c.arguments ?? {},
      }));
    const actor = actorOf(s.source, calls.length > 0);
    const message = contentText(s.message);
    const { text: observation, perCall } = observationOf(s, calls);

    let action: string;
    let edits;
    if (calls.length) {
      const shown = displayToolCalls(calls);
      action = shown.action;
      edits = shown.edits;
    } else {
      action = message.trim() ? message : `(empty ${actor} message)`;
    }
    const reasoningParts = [asString(s.reasoning_content) ?? ''];
    if (calls.length && message.trim() && !isPlaceholderMessage(message, calls)) reasoningParts.push(message);

    let exitCode: number | undefined;
    if (calls.length === 1) {
      // Harbor keeps the Claude Code `is_error` flag in the step's extra (ATIF has no field for it).
      const isError = [
        'extra.tool_result_is_error',
        'extra.tool_result_metadata.is_error',
        'extra.tool_result_metadata.raw_tool_result.is_error',
      ]
        .map((p) => asBool(getPath(s, p)))
        .find((b) => b !== undefined);
      exitCode = exitCodeFromResult(calls[0].name, perCall.get(calls[0].id ?? '') ?? '', isError);
    }
    const line = lines.get(i);
    const step = list.push({
      actor,
      // Harbor marks steps of a Claude Code sub-agent (Task tool) as sidechain steps.
      agentName: asBool(getPath(s, 'extra.is_sidechain')) ? 'subagent' : undefined,
      action,
      tool: calls[0]?.name,
      toolCalls: calls,
      observation,
      reasoning: reasoningParts.filter((p) => p.trim()).join('\n\n'),
      timestamp: asString(s.timestamp),
      tokens: tokensOf(asObj(s.metrics)),
      // One step holding several calls: they ran as one parallel batch.
      parallelGroup: calls.length > 1 ? list.nextGroup() : undefined,
      exitCode,
      edits,
      raw: line !== undefined ? { file, lineStart: line, eventStart: i } : { file, eventStart: i },
    });
    if (usable) step.id = ids[i]!;
    if (asBool(s.is_copied_context)) copiedContext.push(step.id);
  });
  // A step's JSON ends where the next one starts.
  for (let i = 0; i + 1 < list.steps.length; i++) {
    const raw = list.steps[i].raw;
    const next = lines.get(i + 1);
    if (raw?.lineStart !== undefined && next !== undefined && next > raw.lineStart) raw.lineEnd = next - 1;
  }
  return { steps: list.steps, warnings, copiedContext };
}
