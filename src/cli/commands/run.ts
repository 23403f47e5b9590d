// `codetracer run RUN`: normalize → tree → diagnose (LLM when configured, else the heuristic) → print the
// incorrect and unuseful steps. `--dry-run` stops before any LLM call.
import type { Command } from 'commander';
import { locate, openRun } from '../../core/formats/open.js';
import { getFormat } from '../../core/formats/registry.js';
import type { RunLocation } from '../../core/formats/types.js';
import { CodetracerError } from '../../core/io/errors.js';
import type { Trajectory } from '../../core/model/trajectory.js';
import { llmConfigured, type ResolvedConfig } from '../../core/config/resolve.js';
import { estimateRequest, estimateMessage, estimateTools } from '../../core/compaction/estimate.js';
import { analyzeWithLlm } from '../../core/diagnosis/llm/index.js';
import { makeContext } from '../../core/diagnosis/llm/context.js';
import { initialMessages } from '../../core/diagnosis/llm/prompt.js';
import { RunState } from '../../core/diagnosis/llm/state.js';
import { makeToolset } from '../../core/diagnosis/llm/tools/index.js';
import { renderOverview } from '../../core/diagnosis/llm/tools/overview.js';
import { treeView } from '../../core/diagnosis/llm/tree-adapter.js';
import { DEFAULT_PAGE_CHARS } from '../../core/diagnosis/llm/index.js';
import { connectLlm } from '../../core/llm/connect.js';
import { formatCost } from '../../core/llm/cost.js';
import type { Diagnosis } from '../../core/profiles/diagnosis.js';
import { chooseOutputDir, type RunPlace } from '../../core/profiles/location.js';
import { PROFILE_NAMES, isProfileName, type ProfileName } from '../../core/profiles/schemas.js';
import { writeProfiles } from '../../core/profiles/write.js';
import { useColor, type CliContext } from '../context.js';
import { addLlmOptions, configFromOptions, type LlmOptionValues } from '../llm-options.js';
import { progressLine } from '../progress.js';
import { makeStyle, type Style } from '../style.js';

interface RunOptions extends LlmOptionValues {
  profile?: string;
  outputDir?: string;
  format?: string;
  offline?: boolean;
  dryRun?: boolean;
}

/** The profile the LLM answers in when several are written: detailed carries the most. */
function profilesOf(v: string | undefined, cfg: ResolvedConfig): { answer: ProfileName; all: ProfileName[] } {
  const raw = v ?? cfg.profile ?? 'all';
  const parts = raw
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
  if (parts.includes('all')) return { answer: 'detailed', all: [...PROFILE_NAMES] };
  const bad = parts.filter((p) => !isProfileName(p));
  if (bad.length || !parts.length)
    throw new CodetracerError('usage', `--profile expects ${PROFILE_NAMES.join('|')}|all, got "${raw}"`);
  const all = [...new Set(parts as ProfileName[])];
  return { answer: all.includes('detailed') ? 'detailed' : all[0], all };
}

export function register(program: Command, ctx: CliContext): void {
  const cmd = program
    .command('run')
    .description('normalize, build the tree and diagnose a run (LLM when configured, else heuristic)')
    .argument('<run>', 'run directory, file, file#N (Nth run of a multi-run file) or archive!/inner/path')
    .option('-p, --profile <p>', 'tracebench|detailed|rl_feedback|all (comma-separated allowed; default all)')
    .option(
      '-o, --output-dir <dir>',
      'write to <dir>/<traj id>/ (default: <run>/codetracer/, else the user cache)',
    )
    .option('-f, --format <id>', 'force a format instead of detecting it')
    .option('--offline', 'use the heuristic diagnoser even if an LLM is configured')
    .option('--dry-run', 'stop before any LLM call: print the tree and the size of the first request');
  addLlmOptions(cmd).action(async (run: string, opts: RunOptions) => {
    const io = ctx.io;
    const st = makeStyle(useColor(io));
    const cfg = await configFromOptions(opts, io);
    const { answer, all } = profilesOf(opts.profile, cfg);
    const trajs = await openRun(run, { format: opts.format });
    const loc = await locate(run);
    const useLlm = !opts.offline && llmConfigured(cfg);

    for (const traj of trajs) {
      if (opts.dryRun) {
        dryRun(traj, loc, cfg, answer, io.stdout, st);
        continue;
      }
      const place: RunPlace = {
        fsPath: loc.src.kind === 'fs' ? loc.path : null,
        kind: loc.kind,
        address: `${loc.src.kind === 'fs' ? loc.path : run}#${traj.id}`,
        trajId: traj.id,
        multi: trajs.length > 1 || loc.index !== undefined,
      };
      const out = await chooseOutputDir(place, { outputDir: opts.outputDir, env: io.env, cwd: io.cwd });
      io.stdout(`${st.bold(traj.id)}: ${traj.steps.length} steps (${traj.format})\n`);
      let diagnosis: Diagnosis;
      if (useLlm) {
        const status = await diagnoseWithLlm(traj, loc, cfg, answer, all, out.dir, run, ctx, st);
        diagnosis = status.diagnosis;
        if (status.status !== 'completed') ctx.exitCode = 1;
      } else {
        io.stdout(
          opts.offline
            ? '--offline: using the heuristic diagnoser\n'
            : 'no LLM configured (set CODETRACER_API_KEY): using the heuristic diagnoser\n',
        );
        // Loaded on demand: an LLM run never needs the heuristic diagnoser.
        const { heuristicDiagnosis } = await import('../../core/analyze/diagnose.js');
        diagnosis = await heuristicDiagnosis(traj);
        const written = await writeProfiles(diagnosis, traj, out.dir, all, { address: run });
        for (const p of all) io.stdout(`  wrote ${written.files[p]}\n`);
      }
      printLabels(diagnosis, traj, io.stdout, st);
    }
  });
}

async function diagnoseWithLlm(
  traj: Trajectory,
  loc: RunLocation,
  cfg: ResolvedConfig,
  answer: ProfileName,
  all: ProfileName[],
  outDir: string,
  address: string,
  ctx: CliContext,
  st: Style,
) {
  const io = ctx.io;
  const ctrl = new AbortController();
  const onSigint = () => ctrl.abort();
  process.once('SIGINT', onSigint);
  try {
    const llm = await connectLlm(cfg, ctrl.signal);
    io.stdout(`using the LLM diagnoser (${llm.model} at ${llm.endpoint()})\n`);
    const r = await analyzeWithLlm(traj, loc, {
      config: cfg,
      llm,
      profile: answer,
      alsoWrite: all,
      outputDir: outDir,
      address,
      signal: ctrl.signal,
      onEvent: io.isTTY
        ? (e) => {
            const line = progressLine(e, st);
            if (line) io.stderr(line + '\n');
          }
        : undefined,
    });
    if (r.status !== 'completed')
      io.stderr(
        `codetracer: diagnosis ended: ${r.status} (${r.reason}); the labels recorded so far were written\n`,
      );
    for (const p of all) if (r.outputs.files[p]) io.stdout(`  wrote ${r.outputs.files[p]}\n`);
    io.stdout(`  wrote ${r.conversationFile}\n`);
    const tokens = `${r.usage.input} in / ${r.usage.output} out${r.usage.estimated ? ' (partly estimated)' : ''}`;
    io.stdout(`  ${r.status}: ${r.calls} LLM calls, ${tokens} tokens, cost ${formatCost(r.cost)}\n`);
    return r;
  } finally {
    process.removeListener('SIGINT', onSigint);
  }
}

function printLabels(d: Diagnosis, traj: Trajectory, out: (s: string) => void, st: Style): void {
  const ids = new Set(traj.steps.map((s) => s.id));
  const labels = d.labels
    .filter((l) => l.verdict !== 'correct' && ids.has(l.stepId))
    .sort((a, b) => a.stepId - b.stepId);
  if (!labels.length) {
    out('No incorrect or unuseful step found.\n');
    return;
  }
  for (const l of labels) {
    const v = l.verdict === 'incorrect' ? st.red('incorrect') : st.yellow('unuseful');
    const why = l.reasoning.replace(/\s+/g, ' ').trim();
    out(`Step ${l.stepId} [${v}]: ${why.length > 100 ? why.slice(0, 99) + '…' : why}\n`);
  }
}

/** The tree (or stage overview) and the size of the first request, without contacting the LLM. */
function dryRun(
  traj: Trajectory,
  loc: RunLocation,
  cfg: ResolvedConfig,
  profile: ProfileName,
  out: (s: string) => void,
  st: Style,
): void {
  const tree = treeView(traj);
  const ctx = makeContext({
    traj,
    kindOf: tree.kindOf,
    stages: tree.stages,
    treeMd: tree.treeMd,
    location: loc,
    state: new RunState(),
    pageChars: DEFAULT_PAGE_CHARS,
  });
  out(`${st.bold(traj.id)}: ${traj.steps.length} steps (${traj.format}), ${tree.stages.length} stages\n`);
  out(tree.treeMd ?? renderOverview(ctx, 40_000) + '\n');
  const messages = initialMessages({
    ctx,
    profile,
    formatDescription: getFormat(traj.format)?.description ?? '',
  });
  const toolset = makeToolset(profile, cfg.model ?? 'unconfigured');
  const total = estimateRequest(messages, toolset.specs);
  out(
    `first request: ~${total} tokens (system ${estimateMessage(messages[0])}, task ${estimateMessage(messages[1])}, ` +
      `tools ${estimateTools(toolset.specs)}; estimated at 4 characters a token)\n`,
  );
  out('dry run: no LLM call made.\n');
}
