// `codetracer run RUN`: normalize → tree → diagnose (LLM when configured, else the heuristic) → print the
// incorrect and unuseful steps. `--dry-run` stops before any LLM call.
import type { Command } from 'commander';
import { locate, openRun } from '../../core/formats/open.js';
import type { RunLocation } from '../../core/formats/types.js';
import type { Trajectory } from '../../core/model/trajectory.js';
import type { ResolvedConfig } from '../../core/config/resolve.js';
import { estimateMessage, estimateTools } from '../../core/compaction/estimate.js';
import { firstRequest } from '../../core/diagnosis/llm/first-request.js';
import { renderOverview } from '../../core/diagnosis/llm/tools/overview.js';
import type { ProfileName } from '../../core/profiles/schemas.js';
import { useColor, type CliContext } from '../context.js';
import {
  DEFAULT_PROFILE,
  addDiagnoseOptions,
  diagnoseAddress,
  parseProfiles,
  type DiagnoseOptions,
} from '../diagnose.js';
import { printLabels } from '../labels.js';
import { configFromOptions } from '../llm-options.js';
import { makeStyle, type Style } from '../style.js';
import { addReplayOptions, replayAddress, type ReplayOptionValues } from '../replay-run.js';
import { CodetracerError } from '../../core/io/errors.js';

interface RunOptions extends DiagnoseOptions, ReplayOptionValues {
  dryRun?: boolean;
  replay?: boolean;
}

export function register(program: Command, ctx: CliContext): void {
  const cmd = program
    .command('run')
    .description('normalize, build the tree and diagnose a run (LLM when configured, else heuristic)')
    .argument('<run>', 'run (dir, file, file#N, archive!/inner/path) or a folder/archive holding runs')
    .option('--dry-run', 'stop before any LLM call: print the tree and the size of the first request')
    .option(
      '--replay',
      'then replay the run from its breakpoint (replay options below; see `codetracer replay`)',
    );
  addReplayOptions(addDiagnoseOptions(cmd)).action(async (run: string, opts: RunOptions) => {
    const io = ctx.io;
    const st = makeStyle(useColor(io));
    if (opts.dryRun) {
      const cfg = await configFromOptions(opts, io);
      const { answer } = parseProfiles(opts.profile ?? DEFAULT_PROFILE);
      const loc = await locate(run);
      for (const traj of await openRun(run, { format: opts.format }))
        dryRun(traj, loc, cfg, answer, io.stdout, st);
      return;
    }
    const outcomes = await diagnoseAddress(run, opts, ctx, {
      st,
      mode: (line) => io.stdout(line + '\n'),
      done: (r) => {
        io.stdout(`${st.bold(r.traj.id)}: ${r.traj.steps.length} steps (${r.traj.format})\n`);
        for (const f of Object.values(r.files)) io.stdout(`  wrote ${f}\n`);
        if (r.conversationFile) io.stdout(`  wrote ${r.conversationFile}\n`);
        if (r.reason) io.stdout(`  ${r.status}: ${r.reason}\n`);
        if (r.memory) io.stdout(`  memory (${r.memory.key}): ${r.memory.stored} lesson(s) learned\n`);
        if (r.diagnosis) printLabels(r.diagnosis, r.traj, io.stdout, st);
      },
    });
    if (opts.replay) {
      if (outcomes.length !== 1 || !outcomes[0].out)
        throw new CodetracerError('usage', '--replay needs one diagnosed run (pick one with file#N)');
      await replayAddress(run, opts, ctx, st, { diagnosisPath: outcomes[0].out.dir });
    }
  });
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
  const {
    tree,
    ctx,
    messages,
    specs,
    tokens: total,
  } = firstRequest(traj, loc, profile, cfg.model ?? 'unconfigured');
  out(`${st.bold(traj.id)}: ${traj.steps.length} steps (${traj.format}), ${tree.stages.length} stages\n`);
  out(tree.treeMd ?? renderOverview(ctx, 40_000) + '\n');
  out(
    `first request: ~${total} tokens (system ${estimateMessage(messages[0])}, task ${estimateMessage(messages[1])}, ` +
      `tools ${estimateTools(specs)}; estimated at 4 characters a token)\n`,
  );
  out('dry run: no LLM call made.\n');
}
