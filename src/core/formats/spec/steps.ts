// Records -> steps for a spec: filters, actor, tool calls, pairing of calls and results by id, grouping of
// consecutive records into one step. The display of tool calls is the shared one every parser uses.
import type { Actor, Step, ToolCall } from '../../model/trajectory.js';
import { StepList } from '../shared/build.js';
import { displayToolCalls } from '../shared/tool-display.js';
import type { SpecRecord, Deadline } from './records.js';
import type { Spec } from './schema.js';
import {
  argumentsOf,
  firstText,
  firstTextOrEmpty,
  firstValue,
  matchesWhen,
  objectsAt,
  textOf,
} from './values.js';
import { selectOne } from './path.js';

interface Result {
  callId?: string;
  text: string;
}

interface Draft {
  /** Index of the (first) record in the record list. */
  pos: number;
  rec: SpecRecord;
  actor: Actor;
  agentName?: string;
  calls: ToolCall[];
  /** Shell commands of the step (several when records were grouped). */
  commands: { text: string; tool: string }[];
  action?: string;
  texts: string[];
  reasoning: string[];
  observation?: string;
  tool?: string;
  timestamp?: string | number;
  results: Result[];
  groupKey?: string;
}

function actorOf(spec: Spec, rec: unknown): Actor {
  const a = spec.steps.actor;
  if (!a) return 'agent';
  for (const r of a.rules ?? []) if (matchesWhen(rec, r.when)) return r.actor;
  if (a.path && a.map) {
    const v = textOf(selectOne(rec, a.path));
    if (v !== undefined && a.map[v]) return a.map[v];
  }
  return a.default;
}

function draftOf(spec: Spec, r: SpecRecord, pos: number): Draft {
  const s = spec.steps;
  const rec = r.value;
  const calls: ToolCall[] = [];
  if (s.toolCalls) {
    for (const c of objectsAt(rec, s.toolCalls.path)) {
      // An object without a tool name is not a call (the path may point at the record itself).
      const name = firstText(c, s.toolCalls.name);
      if (!name) continue;
      const id = s.toolCalls.id ? textOf(selectOne(c, s.toolCalls.id)) : undefined;
      calls.push({
        ...(id ? { id } : {}),
        name,
        arguments: argumentsOf(s.toolCalls.arguments ? selectOne(c, s.toolCalls.arguments) : undefined),
      });
    }
  }
  const commands: Draft['commands'] = [];
  if (s.command) {
    const text = firstText(rec, s.command.path);
    if (text !== undefined) {
      commands.push({ text, tool: s.command.tool });
      calls.push({ name: s.command.tool, arguments: { command: text } });
    }
  }
  const results: Result[] = [];
  if (spec.results?.path && !spec.results.when) {
    for (const o of objectsAt(rec, spec.results.path)) {
      results.push({
        callId: textOf(selectOne(o, spec.results.callId)),
        text: firstText(o, spec.results.content) ?? '',
      });
    }
  }
  const text = firstText(rec, s.text);
  const ts = firstValue(rec, s.timestamp);
  return {
    pos,
    rec: r,
    actor: actorOf(spec, rec),
    agentName: firstText(rec, s.agentName)?.trim() || undefined,
    calls,
    commands,
    action: firstText(rec, s.action),
    texts: text !== undefined ? [text] : [],
    reasoning: [firstText(rec, s.reasoning) ?? ''].filter((x) => x.trim()),
    observation: firstTextOrEmpty(rec, s.observation),
    tool: firstText(rec, s.tool),
    timestamp: typeof ts === 'string' || typeof ts === 'number' ? ts : undefined,
    results,
    groupKey: spec.group ? textOf(selectOne(rec, spec.group.by))?.trim() || undefined : undefined,
  };
}

const pushNew = (into: string[], from: string[]) => {
  for (const x of from) if (!into.includes(x)) into.push(x);
};

function merge(a: Draft, b: Draft): void {
  a.calls.push(...b.calls);
  pushNew(a.texts, b.texts);
  pushNew(a.reasoning, b.reasoning);
  a.results.push(...b.results);
  if (b.observation !== undefined)
    a.observation = a.observation ? `${a.observation}\n\n${b.observation}` : b.observation;
  a.action ??= b.action;
  a.tool ??= b.tool;
  a.commands.push(...b.commands);
}

/** The observation from paired results: one call's own result, or each call's under its name; then the rest. */
function observationOf(d: Draft): string | null {
  if (!d.results.length) return d.observation ?? null;
  const perCall = new Map<string, string>();
  const unpaired: string[] = [];
  for (const r of d.results) {
    if (r.callId && d.calls.some((c) => c.id === r.callId)) {
      const had = perCall.get(r.callId);
      perCall.set(r.callId, had !== undefined ? `${had}\n${r.text}` : r.text);
    } else unpaired.push(r.text);
  }
  const sections: string[] = [];
  if (d.calls.length === 1) {
    const own = perCall.get(d.calls[0].id ?? '');
    if (own !== undefined) sections.push(own);
  } else {
    for (const c of d.calls) {
      const own = perCall.get(c.id ?? '');
      if (own !== undefined) sections.push(`[${c.name} ${c.id}]\n${own}`);
    }
  }
  sections.push(...unpaired);
  return sections.join('\n\n');
}

export interface BuiltSteps {
  steps: Step[];
  warnings: string[];
}

export function buildSteps(spec: Spec, records: SpecRecord[], deadline: Deadline): BuiltSteps {
  const warnings: string[] = [];
  const crossResults = spec.results?.when ? spec.results : undefined;
  const drafts: Draft[] = [];
  const resultRecs: { pos: number; rec: SpecRecord }[] = [];
  records.forEach((r, pos) => {
    if (pos % 2000 === 0) deadline.check();
    if (crossResults && matchesWhen(r.value, crossResults.when)) {
      resultRecs.push({ pos, rec: r });
      return;
    }
    if (!matchesWhen(r.value, spec.steps.when)) return;
    if (spec.steps.skip && matchesWhen(r.value, spec.steps.skip)) return;
    const d = draftOf(spec, r, pos);
    const prev = drafts[drafts.length - 1];
    if (prev && d.groupKey && prev.groupKey === d.groupKey) merge(prev, d);
    else drafts.push(d);
  });

  if (crossResults) {
    const byCall = new Map<string, Draft>();
    for (const d of drafts) for (const c of d.calls) if (c.id) byCall.set(c.id, d);
    let orphans = 0;
    // Both lists are in record order: `k` tracks the last step before the result.
    let k = -1;
    for (const { pos, rec } of resultRecs) {
      while (k + 1 < drafts.length && drafts[k + 1].pos < pos) k++;
      const callId = textOf(selectOne(rec.value, crossResults.callId));
      const text = firstText(rec.value, crossResults.content) ?? '';
      const target = (callId ? byCall.get(callId) : undefined) ?? (k >= 0 ? drafts[k] : undefined);
      if (target) target.results.push({ callId, text });
      else orphans++;
    }
    if (orphans) warnings.push(`${orphans} result record(s) come before any step; dropped`);
  }

  const list = new StepList();
  for (const d of drafts) {
    let action: string;
    let edits;
    let fromCalls = false;
    if (d.action !== undefined) action = d.action;
    else if (d.commands.length) action = d.commands.map((c) => c.text).join('\n\n');
    else if (d.calls.length) {
      const shown = displayToolCalls(d.calls);
      action = shown.action;
      edits = shown.edits;
      fromCalls = true;
    } else if (d.texts.length) action = d.texts.join('\n\n');
    else action = spec.steps.emptyAction.replace('{actor}', d.actor);
    if (!action.trim()) action = spec.steps.emptyAction.replace('{actor}', d.actor);
    const reasoning = [...d.reasoning];
    if (spec.steps.textToReasoning && fromCalls) pushNew(reasoning, d.texts);
    list.push({
      actor: d.actor,
      agentName: d.agentName,
      action,
      tool: d.tool ?? d.commands[0]?.tool ?? d.calls[0]?.name,
      toolCalls: d.calls,
      observation: observationOf(d),
      reasoning: reasoning.join('\n\n'),
      timestamp: d.timestamp,
      parallelGroup: d.calls.length > 1 ? list.nextGroup() : undefined,
      edits,
      raw: {
        file: d.rec.file,
        ...(d.rec.line !== undefined ? { lineStart: d.rec.line } : {}),
        eventStart: d.rec.index,
      },
    });
  }
  return { steps: list.steps, warnings };
}
