// One step in full, paged: header, reasoning, action, tool calls, edits, observation. Viewing a step is
// what entitles the model to label it.
import { z } from 'zod';
import type { Step } from '../../../model/trajectory.js';
import type { ToolContext } from '../context.js';
import { defineTool, fail, ok } from './types.js';
import { pageFooter, paginate } from './render.js';

const EDIT_CHARS = 3000;

function cut(s: string, max: number): string {
  return s.length > max ? `${s.slice(0, max)}\n… (${s.length - max} more characters)` : s;
}

export function renderStep(ctx: ToolContext, s: Step): string {
  const st = ctx.stageOf.get(s.id);
  const head = [
    `Step ${s.id} · ${ctx.kinds.get(s.id) ?? 'explore'} · actor ${s.agentName ? `${s.actor}:${s.agentName}` : s.actor}` +
      (s.tool ? ` · tool ${s.tool}` : '') +
      (s.exitCode !== undefined && s.exitCode !== null ? ` · exit ${s.exitCode}` : '') +
      (st ? ` · stage ${st.id} (steps ${st.start}-${st.end})` : ''),
  ];
  const label = ctx.state.labels.get(s.id);
  if (label) head.push(`(already labelled ${label.verdict})`);
  const parts = [head.join('\n')];
  if (s.reasoning) parts.push(`Reasoning:\n${s.reasoning.trim()}`);
  parts.push(`Action:\n${s.action.trim() || '(empty)'}`);
  const calls = s.toolCalls.filter((c) => c.arguments !== undefined && c.arguments !== null);
  if (calls.length > 1 || (calls.length === 1 && typeof calls[0].arguments === 'object')) {
    const text = calls
      .map((c) => `${c.name} ${typeof c.arguments === 'string' ? c.arguments : JSON.stringify(c.arguments)}`)
      .join('\n');
    parts.push(`Tool calls:\n${cut(text, EDIT_CHARS)}`);
  }
  for (const e of s.edits ?? []) {
    const body = [
      e.oldText != null ? `--- old\n${cut(e.oldText, EDIT_CHARS)}` : '',
      e.newText != null ? `+++ new\n${cut(e.newText, EDIT_CHARS)}` : '',
    ].filter(Boolean);
    parts.push(
      `Edit ${e.kind} ${e.path}${e.line !== undefined ? ` at line ${e.line}` : ''}${body.length ? `\n${body.join('\n')}` : ''}`,
    );
  }
  parts.push(
    s.observation === null ? 'Observation: (none)' : `Observation:\n${s.observation.trimEnd() || '(empty)'}`,
  );
  return parts.join('\n\n');
}

export const viewStepTool = defineTool({
  name: 'view_step',
  description:
    'Show one step in full (reasoning, action, tool calls, edits, observation). Long steps come in pages: pass ' +
    'page=2, 3, … for the rest. You may only label steps you have viewed (here or with view_stage).',
  schema: z.object({
    step_id: z.number().int(),
    page: z.number().int().positive().optional().describe('page number, default 1'),
  }),
  run: (a, ctx) => {
    const s = ctx.steps.get(a.step_id);
    if (!s) return fail(`step ${a.step_id} does not exist (${rangeText(ctx)})`);
    const pages = paginate(renderStep(ctx, s), ctx.pageChars);
    const page = a.page ?? 1;
    if (page > pages.length)
      return fail(`step ${s.id} has ${pages.length} page(s); page ${page} does not exist`);
    ctx.state.markViewed([s.id]);
    const prefix = page > 1 ? `Step ${s.id} (continued)\n` : '';
    return ok(prefix + pages[page - 1] + pageFooter(page, pages.length, `view_step step_id=${s.id}`));
  },
});

export function rangeText(ctx: ToolContext): string {
  const st = ctx.traj.steps;
  return st.length ? `valid ids: ${st[0].id}-${st[st.length - 1].id}` : 'the run has no steps';
}
