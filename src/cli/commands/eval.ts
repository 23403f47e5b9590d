// `codetracer eval --gold <manifest | who&when dir/files…> --pred <dir…>`: score diagnoses against gold.
import type { Command } from 'commander';
import { CodetracerError } from '../../core/io/errors.js';
import { loadGold } from '../../core/eval/gold.js';
import { indexPredictions } from '../../core/eval/predictions.js';
import { DEFAULT_TOLERANCE, evaluate } from '../../core/eval/evaluate.js';
import { renderRun, renderSummary } from '../../core/eval/render.js';
import type { CliContext } from '../context.js';

interface EvalCliOptions {
  gold?: string[];
  pred?: string[];
  tolerance: string;
  json?: boolean;
  perRun?: boolean;
}

export function register(program: Command, ctx: CliContext): void {
  program
    .command('eval')
    .description('precision / recall / F1 of predicted step labels against gold labels')
    .option(
      '-g, --gold <paths...>',
      'CodeTraceBench manifest (.jsonl or .parquet) and/or Who&When run files or folders',
    )
    .option(
      '-p, --pred <dirs...>',
      'prediction folders (<dir>/<traj id>/codetracer_*.json as written by analyze --output-dir, or <traj id>.json); several are merged',
    )
    .option(
      '-k, --tolerance <k>',
      'Who&When: also count a first predicted step within ±k of the gold step',
      String(DEFAULT_TOLERANCE),
    )
    .option('--json', 'print the full report as JSON')
    .option('--per-run', 'one line per run after the summary')
    .addHelpText(
      'after',
      '\nPredictions missing or unreadable count as empty predictions and are listed. The official' +
        '\nCodeTraceBench convention scores an empty prediction or empty gold as 0; the "empty sets agree"' +
        '\ncolumns score a clean run predicted clean as 1.',
    )
    .action(async (opts: EvalCliOptions) => {
      if (!opts.gold?.length)
        throw new CodetracerError('usage', 'eval needs --gold <manifest | who&when files or folder>');
      if (!opts.pred?.length) throw new CodetracerError('usage', 'eval needs --pred <prediction folder>');
      const k = Number(opts.tolerance);
      if (!Number.isInteger(k) || k < 0) {
        throw new CodetracerError(
          'usage',
          `--tolerance expects a whole number of steps, got "${opts.tolerance}"`,
        );
      }
      const io = ctx.io;
      const gold = await loadGold(opts.gold, io.cwd);
      for (const w of gold.warnings) io.stderr(`codetracer: warning: ${w}\n`);
      if (!gold.items.length)
        throw new CodetracerError('invalid_data', 'no gold labels could be read from --gold');
      const preds = await indexPredictions(opts.pred, io.cwd);
      for (const w of preds.warnings) io.stderr(`codetracer: warning: ${w}\n`);
      const report = evaluate(gold.items, preds.entries, { tolerance: k });
      for (const w of report.warnings) io.stderr(`codetracer: warning: ${w}\n`);
      if (opts.json) {
        io.stdout(
          JSON.stringify(
            { ...report, warnings: [...gold.warnings, ...preds.warnings, ...report.warnings] },
            null,
            2,
          ) + '\n',
        );
        return;
      }
      io.stdout(renderSummary(report));
      if (opts.perRun) {
        io.stdout('\n');
        for (const r of report.runs) io.stdout(renderRun(r));
      }
    });
}
