// Everything the Step pane shows for one step, as wrapped tone-tagged lines: header, action, reasoning,
// tool calls, edits as diffs, observation. Built once per (step, width) and windowed by the pane.
import type { Label } from '../../src/controller/state.js';
import type { Step } from '../../src/core/model/trajectory.js';
import { blockLines, MAX_BLOCK_LINES, type Line } from './lines.js';
import { editDiffLines } from './diff-lines.js';

function section(title: string): Line[] {
  return [
    { text: '', tone: 'text' },
    { text: title, tone: 'heading' },
  ];
}

function argsText(args: unknown): string {
  if (typeof args === 'string') return args;
  try {
    return JSON.stringify(args, null, 2) ?? '';
  } catch {
    return String(args);
  }
}

const fold = (s: string) => s.replace(/\s+/g, ' ').trim();

function shownIn(action: string, args: unknown): boolean {
  const a = fold(action);
  const values: string[] = [];
  const walk = (v: unknown) => {
    if (typeof v === 'string') values.push(fold(v));
    else if (typeof v === 'number' || typeof v === 'boolean') values.push(String(v));
    else if (Array.isArray(v)) v.forEach(walk);
    else if (v && typeof v === 'object') Object.values(v).forEach(walk);
  };
  walk(args);
  return values.every((v) => v === '' || a.includes(v));
}

export function stepLines(step: Step, width: number, labels: readonly Label[] = []): Line[] {
  const meta = [
    `step ${step.id}`,
    step.actor !== 'agent' ? step.actor : null,
    step.agentName ?? null,
    step.tool ?? null,
    step.exitCode !== undefined && step.exitCode !== null ? `exit ${step.exitCode}` : null,
    step.timestamp ?? null,
    step.tokens?.output !== undefined ? `${step.tokens.input ?? 0}→${step.tokens.output} tok` : null,
  ].filter((x): x is string => !!x);
  const out: Line[] = [{ text: meta.join(' · '), tone: 'accent' }];
  for (const l of labels) {
    out.push(
      ...blockLines(
        `${l.verdict.toUpperCase()} (${l.source}${l.changedByHuman ? ', edited' : ''}): ${l.reasoning}`,
        width,
        l.verdict === 'incorrect' ? 'removed' : l.verdict === 'unuseful' ? 'hunk' : 'added',
        20,
      ),
    );
  }
  out.push(...section('Action'), ...blockLines(step.action || '(empty)', width));
  if (step.reasoning)
    out.push(...section('Reasoning'), ...blockLines(step.reasoning, width, 'muted', MAX_BLOCK_LINES, true));
  // Tool-call arguments add nothing when the action already shows every argument value.
  const calls = step.toolCalls.filter((c) => !shownIn(step.action, c.arguments));
  if (calls.length) {
    out.push(...section(`Tool calls (${step.toolCalls.length})`));
    for (const c of calls) out.push(...blockLines(`${c.name} ${argsText(c.arguments)}`, width, 'text', 200));
  }
  if (step.edits?.length) {
    out.push(...section(`Edits (${step.edits.length})`));
    for (const e of step.edits) out.push(...editDiffLines(e, width));
  }
  out.push(...section('Observation'));
  out.push(
    ...(step.observation === null
      ? [{ text: '(none)', tone: 'muted' as const }]
      : blockLines(step.observation, width)),
  );
  return out;
}
