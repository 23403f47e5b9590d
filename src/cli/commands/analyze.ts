// `codetracer analyze RUN…`: diagnose runs and write the profile outputs (never into the run's files).
// A folder or archive that is not itself a run is searched, and every run found is diagnosed.
import type { Command } from 'commander';
import { useColor, type CliContext } from '../context.js';
import { addDiagnoseOptions, diagnoseAddress, type DiagnoseOptions, type RunOutcome } from '../diagnose.js';
import { countLabels } from '../labels.js';
import { makeStyle } from '../style.js';

export interface AnalyzeOptions extends DiagnoseOptions {
  json?: boolean;
}

export function register(program: Command, ctx: CliContext): void {
  const cmd = program
    .command('analyze')
    .description(
      'diagnose runs and write output profile files (heuristic diagnoser when no LLM is configured)',
    )
    .argument('<run...>', 'runs (dir, file, file#N, archive!/inner/path) or folders/archives holding runs')
    .option('--json', 'print what was written as JSON');
  addDiagnoseOptions(cmd).action((runs: string[], opts: AnalyzeOptions) => analyzeRuns(runs, opts, ctx));
}

/** Diagnose every run at the addresses and print what was written (also the no-terminal `codetracer PATH`). */
export async function analyzeRuns(runs: string[], opts: AnalyzeOptions, ctx: CliContext): Promise<void> {
  const io = ctx.io;
  const st = makeStyle(useColor(io));
  const results: Record<string, unknown>[] = [];
  let mode = '';
  for (const run of runs) {
    await diagnoseAddress(run, opts, ctx, {
      st,
      mode: (line) => {
        if (!mode && !opts.json) io.stdout(line + '\n');
        mode ||= line;
      },
      done: (r: RunOutcome) => {
        if (!r.diagnosis || !r.out) return;
        const summary = countLabels(r.diagnosis, r.traj);
        results.push({
          traj_id: r.traj.id,
          diagnoser: r.diagnosis.diagnoser,
          status: r.status,
          dir: r.out.dir,
          place: r.out.place,
          ...summary,
          files: r.files,
          ...(r.conversationFile ? { conversation: r.conversationFile } : {}),
          warnings: r.warnings,
          ...(r.memory ? { memory: r.memory } : {}),
        });
        for (const w of r.warnings) io.stderr(`codetracer: ${r.traj.id}: ${w}\n`);
        if (opts.json) return;
        io.stdout(
          `${st.bold(r.traj.id)}: ${summary.incorrect} incorrect, ${summary.unuseful} unuseful of ${r.traj.steps.length} steps` +
            (summary.first_incorrect !== null ? ` (first incorrect: step ${summary.first_incorrect})` : '') +
            '\n',
        );
        if (r.out.place === 'cache' && r.out.reason) {
          io.stdout(st.dim(`  not writing beside the run (${r.out.reason}); using the user cache\n`));
        }
        for (const f of Object.values(r.files)) io.stdout(`  wrote ${f}\n`);
        if (r.conversationFile) io.stdout(`  wrote ${r.conversationFile}\n`);
        if (r.reason) io.stdout(`  ${r.status}: ${r.reason}\n`);
        if (r.memory) io.stdout(`  memory (${r.memory.key}): ${r.memory.stored} lesson(s) learned\n`);
      },
    });
  }
  if (opts.json) io.stdout(JSON.stringify({ mode, runs: results }, null, 2) + '\n');
}
