// The compact overview of a run: facts, stage table (or coarser blocks for very long runs), the tree
// for short runs, labels so far. Sized to a character budget so the first prompt stays small.
import { z } from 'zod';
import { verdictText } from '../../../present/verdict.js';
import type { Stage, Step } from '../../../model/trajectory.js';
import { stepRange, type ToolContext } from '../context.js';
import { clip, stepRow } from './render.js';
import { defineTool, ok } from './types.js';

/** Runs with at most this many steps get the whole tree / step list in the overview. */
export const FULL_LISTING_MAX_STEPS = 120;

function failed(s: Step): boolean {
  return s.exitCode !== undefined && s.exitCode !== null && s.exitCode !== 0;
}

interface Block {
  start: number;
  end: number;
  stages: Stage[];
  steps: Step[];
}

function blockLine(ctx: ToolContext, b: Block): string {
  const change = b.steps.filter((s) => ctx.kinds.get(s.id) === 'change').length;
  const fails = b.steps.filter(failed).map((s) => s.id);
  const st =
    b.stages.length === 1
      ? `stage ${b.stages[0].id}${b.stages[0].label ? ` "${clip(b.stages[0].label, 60)}"` : ''}`
      : b.stages.length > 1
        ? `stages ${b.stages[0].id}-${b.stages[b.stages.length - 1].id}`
        : 'no stage';
  const failText = fails.length ? `; non-zero exit: ${fails.slice(0, 6).join(', ')}${fails.length > 6 ? ', …' : ''}` : '';
  return `- steps ${b.start}-${b.end} (${st}): ${change} change, ${b.steps.length - change} explore${failText}`;
}

/** Blocks of at most `maxSteps` steps that never straddle a stage boundary, merged `merge` stages at a time. */
function blocks(ctx: ToolContext, merge: number, maxSteps: number): Block[] {
  const out: Block[] = [];
  const steps = ctx.traj.steps;
  let cur: Block | null = null;
  let stagesInCur = 0;
  for (const s of steps) {
    const st = ctx.stageOf.get(s.id);
    const newStage = !!cur && st !== undefined && !cur.stages.includes(st);
    if (!cur || cur.steps.length >= maxSteps || (newStage && stagesInCur >= merge)) {
      if (cur) out.push(cur);
      cur = { start: s.id, end: s.id, stages: [], steps: [] };
      stagesInCur = 0;
    }
    if (st && !cur.stages.includes(st)) {
      cur.stages.push(st);
      stagesInCur++;
    }
    cur.steps.push(s);
    cur.end = s.id;
  }
  if (cur) out.push(cur);
  return out;
}

export function renderOverview(ctx: ToolContext, budgetChars: number): string {
  const t = ctx.traj;
  const change = t.steps.filter((s) => ctx.kinds.get(s.id) === 'change').length;
  const fails = t.steps.filter(failed).length;
  const head = [
    `Run ${t.id} · format ${t.format} · agent ${t.agent ?? 'unknown'} · model ${t.model ?? 'unknown'}`,
    `Run's own verdict: ${verdictText(t.verdict)}`,
    `Steps: ${t.steps.length} (${stepRange(t)}): ${change} change, ${t.steps.length - change} explore; ${fails} with a non-zero exit code`,
    `Stages: ${ctx.stages.length}`,
  ].join('\n');
  const labels = ctx.state.labelsText();
  const room = budgetChars - head.length - labels.length - 200;

  const parts: string[] = [head];
  if (t.steps.length <= FULL_LISTING_MAX_STEPS) {
    const listing = ctx.treeMd
      ? `Trace tree (change steps open a new level):\n${ctx.treeMd.trimEnd()}`
      : `Steps:\n${t.steps.map((s) => stepRow(ctx, s, 100, 60)).join('\n')}`;
    const stageList = ctx.stages.map((s) => `- stage ${s.id}: steps ${s.start}-${s.end}${s.label ? ` "${clip(s.label, 60)}"` : ''}`).join('\n');
    const full = `${stageList ? `Stage ranges:\n${stageList}\n` : ''}${listing}`;
    if (full.length <= room) {
      parts.push(full, labels);
      return parts.join('\n\n');
    }
  }
  // Long run: a stage-level view, coarsened until it fits. Drill down with view_stage / list_steps.
  let text = '';
  for (const [merge, maxSteps] of [
    [1, 60],
    [1, 150],
    [2, 250],
    [4, 400],
    [8, 800],
    [16, 1600],
    [64, 5000],
    [1e9, 1e9],
  ] as const) {
    const lines = blocks(ctx, merge, maxSteps).map((b) => blockLine(ctx, b));
    text = `Overview by step ranges (use view_stage, list_steps and search to drill down):\n${lines.join('\n')}`;
    if (text.length <= room) break;
  }
  if (text.length > room) text = text.slice(0, Math.max(0, room - 40)) + '\n… (overview cut; use list_steps)';
  parts.push(text, labels);
  return parts.join('\n\n');
}

export const overviewTool = defineTool({
  name: 'overview',
  description: 'The run at a glance: verdict, step counts, stages (or step ranges), the tree for short runs, labels so far.',
  schema: z.object({}),
  run: (_args, ctx) => ok(renderOverview(ctx, ctx.pageChars * 2)),
});
