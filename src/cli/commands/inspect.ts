// `codetracer inspect RUN`: read a run without any LLM, as text or JSON.
import type { Command } from 'commander';
import { CodetracerError } from '../../core/io/errors.js';
import { openRun } from '../../core/formats/open.js';
import type { Step, Trajectory } from '../../core/model/trajectory.js';
import { trajectoryToJson } from '../../core/present/json.js';
import { verdictText } from '../../core/present/verdict.js';
import { firstLine } from '../../core/formats/shared/text.js';
import { useColor, type CliContext } from '../context.js';
import { makeStyle, type Style } from '../style.js';
import { parseStepId } from '../args.js';
import { buildTree, classifySteps, renderTreeMd, segmentStages } from '../../core/tree/index.js';
import { learnRunFormat, withLearnOffer } from '../learn-format.js';

interface InspectOptions {
  step?: string;
  from?: string;
  to?: string;
  format?: string;
  json?: boolean;
  full?: boolean;
  tree?: boolean;
  learnFormat?: boolean;
}

export function register(program: Command, ctx: CliContext): void {
  program
    .command('inspect')
    .description('show a run: header and steps (no LLM)')
    .argument('<run>', 'run directory, file, file#N (Nth run of a multi-run file) or archive!/inner/path')
    .option('-s, --step <n>', 'show only step N')
    .option('--from <a>', 'first step to show')
    .option('--to <b>', 'last step to show')
    .option('-f, --format <id>', 'force a format instead of detecting it')
    .option('--json', 'print JSON (an array when the file holds several runs)')
    .option('--full', 'do not shorten long observations and reasoning')
    .option(
      '--tree',
      'print the trace tree (change/explore, upstream tree.md form); with --json add tree and stages',
    )
    .option(
      '--learn-format',
      'when no format reads the run, let the LLM write a format spec for it (saved as a skill)',
    )
    .action(async (run: string, opts: InspectOptions) => {
      if (opts.learnFormat && !opts.format) await learnRunFormat(run, {}, ctx.io, true);
      const trajs = await openRun(run, { format: opts.format }).catch(async (e: unknown) => {
        throw opts.format ? e : await withLearnOffer(e, run, ctx.io);
      });
      const pick = (t: Trajectory) => selectSteps(t, opts);
      if (opts.json) {
        const out = trajs.map((t) =>
          opts.tree ? withTree(t, trajectoryToJson(t, pick(t))) : trajectoryToJson(t, pick(t)),
        );
        ctx.io.stdout(JSON.stringify(out.length === 1 ? out[0] : out, null, 2) + '\n');
        return;
      }
      if (opts.tree) {
        // The tree.md text as is; runs of a multi-run file are introduced by a header line.
        trajs.forEach((t, i) => {
          if (trajs.length > 1) ctx.io.stdout(`${i > 0 ? '\n' : ''}== Run ${t.id}\n`);
          ctx.io.stdout(renderTreeMd(buildTree(t)));
        });
        return;
      }
      const st = makeStyle(useColor(ctx.io));
      trajs.forEach((t, i) => {
        if (i > 0) ctx.io.stdout('\n');
        ctx.io.stdout(renderHeader(t, st));
        for (const s of pick(t)) ctx.io.stdout(renderStep(s, st, !!opts.full));
      });
    });
}

/** `inspect --tree --json`: the tree.md text and the stages (the run's own, clipped, or segmented). */
function withTree(t: Trajectory, json: Record<string, unknown>): Record<string, unknown> {
  const classes = classifySteps(t.steps);
  const stages = segmentStages(t, classes).map((s) => ({
    stage_id: s.id,
    start_step_id: s.start,
    end_step_id: s.end,
    label: s.label,
  }));
  return { ...json, tree: renderTreeMd(buildTree(t, classes)), stages };
}

function selectSteps(t: Trajectory, opts: InspectOptions): Step[] {
  if (opts.step !== undefined) {
    const id = parseStepId(opts.step, '--step');
    const s = t.steps.find((x) => x.id === id);
    if (!s) {
      const range = t.steps.length ? `${t.steps[0].id}-${t.steps[t.steps.length - 1].id}` : 'none';
      throw new CodetracerError('usage', `step ${id} not found (steps: ${range})`, t.sources[0]);
    }
    return [s];
  }
  const from = opts.from !== undefined ? parseStepId(opts.from, '--from') : -Infinity;
  const to = opts.to !== undefined ? parseStepId(opts.to, '--to') : Infinity;
  if (from > to) throw new CodetracerError('usage', `--from ${from} is after --to ${to}`);
  return t.steps.filter((s) => s.id >= from && s.id <= to);
}

function renderHeader(t: Trajectory, st: Style): string {
  const lines = [
    st.bold(`Run ${t.id}`),
    `  format   ${t.format}`,
    `  agent    ${t.agent ?? 'unknown'}`,
    `  model    ${t.model ?? 'unknown'}`,
    `  verdict  ${verdictText(t.verdict)}`,
    `  steps    ${t.steps.length}${t.stages ? ` in ${t.stages.length} stages` : ''}`,
    `  task     ${t.task ? firstLine(t.task, 100) : '(none)'}`,
    `  source   ${t.sources.join(', ')}`,
  ];
  const replay = replayOrigin(t);
  if (replay) lines.push(`  replay   ${replay}`);
  for (const w of t.warnings) lines.push(st.yellow(`  warning  ${w}`));
  return lines.join('\n') + '\n';
}

/** "of ORIGIN from step N: STATUS" for a run recorded by `codetracer replay`, else null. */
function replayOrigin(t: Trajectory): string | null {
  const r = t.metadata?.replay;
  if (!r || typeof r !== 'object') return null;
  const o = r as Record<string, unknown>;
  if (typeof o.origin !== 'string') return null;
  const from = typeof o.breakpoint_step === 'number' ? ` from step ${o.breakpoint_step}` : '';
  const status = typeof o.status === 'string' ? `: ${o.status}` : '';
  return `of ${o.origin}${from}${status}`;
}

const OBS_LINES = 20;
const REASON_LINES = 12;

function clip(text: string, maxLines: number, full: boolean): string {
  const lines = text.replace(/\s+$/, '').split('\n');
  if (full || lines.length <= maxLines) return lines.join('\n');
  const head = lines.slice(0, maxLines - 2);
  return [...head, `… (${lines.length - head.length} more lines; --full shows all)`].join('\n');
}

const indent = (s: string) => s.replace(/^/gm, '    ');

function renderStep(s: Step, st: Style, full: boolean): string {
  const who = s.agentName ? `${s.actor}:${s.agentName}` : s.actor;
  const tool = s.tool ? ` · ${s.tool}` : '';
  const exit = s.exitCode !== undefined && s.exitCode !== null ? ` · exit ${s.exitCode}` : '';
  const out = ['', st.cyan(`── Step ${s.id} · ${who}${tool}${exit}`)];
  if (s.reasoning) out.push(st.dim('  Reasoning:'), st.dim(indent(clip(s.reasoning, REASON_LINES, full))));
  out.push('  Action:', indent(clip(s.action, full ? Infinity : 40, full)));
  if (s.observation !== null) out.push('  Observation:', indent(clip(s.observation, OBS_LINES, full)));
  return out.join('\n') + '\n';
}
