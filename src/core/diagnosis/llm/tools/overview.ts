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

/** Per-run facts computed once so each coarsening level costs O(blocks), not O(steps). */
interface Index {
  /** changeBefore[i] = change steps among steps[0..i-1]. */
  changeBefore: number[];
  /** Indices of steps with a non-zero exit code, ascending. */
  failed: number[];
  /** Maximal runs of consecutive steps in the same stage (or in none). */
  segments: { stage: Stage | undefined; from: number; to: number }[];
}

const indexes = new WeakMap<ToolContext, Index>();

function indexOf(ctx: ToolContext): Index {
  let ix = indexes.get(ctx);
  if (ix) return ix;
  const steps = ctx.traj.steps;
  const changeBefore = [0];
  const failedIdx: number[] = [];
  const segments: Index['segments'] = [];
  steps.forEach((s, i) => {
    changeBefore.push(changeBefore[i] + (ctx.kinds.get(s.id) === 'change' ? 1 : 0));
    if (failed(s)) failedIdx.push(i);
    const st = ctx.stageOf.get(s.id);
    const last = segments[segments.length - 1];
    if (last && last.stage === st) last.to = i;
    else segments.push({ stage: st, from: i, to: i });
  });
  ix = { changeBefore, failed: failedIdx, segments };
  indexes.set(ctx, ix);
  return ix;
}

interface Block {
  from: number;
  to: number;
  stages: Stage[];
}

function lowerBound(xs: number[], v: number): number {
  let lo = 0;
  let hi = xs.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (xs[mid] < v) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

function blockLine(ctx: ToolContext, ix: Index, b: Block): string {
  const steps = ctx.traj.steps;
  const n = b.to - b.from + 1;
  const change = ix.changeBefore[b.to + 1] - ix.changeBefore[b.from];
  const f0 = lowerBound(ix.failed, b.from);
  const f1 = lowerBound(ix.failed, b.to + 1);
  const fails = ix.failed.slice(f0, Math.min(f1, f0 + 6)).map((i) => steps[i].id);
  const st =
    b.stages.length === 1
      ? `stage ${b.stages[0].id}${b.stages[0].label ? ` "${clip(b.stages[0].label, 60)}"` : ''}`
      : b.stages.length > 1
        ? `stages ${b.stages[0].id}-${b.stages[b.stages.length - 1].id}`
        : 'no stage';
  const failText = f1 > f0 ? `; non-zero exit: ${fails.join(', ')}${f1 - f0 > 6 ? ', …' : ''}` : '';
  const span = b.from === b.to ? `step ${steps[b.from].id}` : `steps ${steps[b.from].id}-${steps[b.to].id}`;
  return `- ${span} (${st}): ${change} change, ${n - change} explore${failText}`;
}

/** Blocks of at most `maxSteps` steps holding at most `merge` stages; a long stage is cut in pieces. */
function blocks(ix: Index, merge: number, maxSteps: number): Block[] {
  const out: Block[] = [];
  let cur: Block | null = null;
  for (const seg of ix.segments) {
    for (let a = seg.from; a <= seg.to;) {
      const newStage = !!cur && cur.stages[cur.stages.length - 1] !== seg.stage;
      if (!cur || cur.to - cur.from + 1 >= maxSteps || (newStage && cur.stages.length >= merge)) {
        if (cur) out.push(cur);
        cur = { from: a, to: a - 1, stages: [] };
      }
      if (seg.stage && cur.stages[cur.stages.length - 1] !== seg.stage) cur.stages.push(seg.stage);
      const room = maxSteps - (cur.to - cur.from + 1);
      const b = Math.min(seg.to, a + room - 1);
      cur.to = b;
      a = b + 1;
    }
  }
  if (cur) out.push(cur);
  return out;
}

export function renderOverview(ctx: ToolContext, budgetChars: number): string {
  const t = ctx.traj;
  const ix = indexOf(ctx);
  const change = ix.changeBefore[t.steps.length];
  const fails = ix.failed.length;
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
    const stageList = ctx.stages
      .map((s) => `- stage ${s.id}: steps ${s.start}-${s.end}${s.label ? ` "${clip(s.label, 60)}"` : ''}`)
      .join('\n');
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
    const bs = blocks(ix, merge, maxSteps);
    // A line is at least ~50 characters: skip rendering levels that cannot fit.
    if (bs.length * 50 > room && merge < 1e9) continue;
    const lines = bs.map((b) => blockLine(ctx, ix, b));
    text = `Overview by step ranges (use view_stage, list_steps and search to drill down):\n${lines.join('\n')}`;
    if (text.length <= room) break;
  }
  if (text.length > room) text = text.slice(0, Math.max(0, room - 40)) + '\n… (overview cut; use list_steps)';
  parts.push(text, labels);
  return parts.join('\n\n');
}

export const overviewTool = defineTool({
  name: 'overview',
  description:
    'The run at a glance: verdict, step counts, stages (or step ranges), the tree for short runs, labels so far.',
  schema: z.object({}),
  run: (_args, ctx) => ok(renderOverview(ctx, ctx.pageChars * 2)),
});
