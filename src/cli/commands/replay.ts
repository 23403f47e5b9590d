// `codetracer replay RUN --step N | --auto`: continue a run from its diagnosed breakpoint, in a sandboxed
// environment the user names, or export the corrective prompt (the default; nothing is executed).
import type { Command } from 'commander';
import { useColor, type CliContext } from '../context.js';
import { addLlmOptions } from '../llm-options.js';
import { addReplayOptions, replayAddress, type ReplayOptionValues } from '../replay-run.js';
import { makeStyle } from '../style.js';

export function register(program: Command, ctx: CliContext): void {
  const cmd = program
    .command('replay')
    .description(
      'replay a run from a breakpoint with the diagnosis injected (exports the prompt unless an environment is given)',
    )
    .argument('<run>', 'the run (dir, file, file#N, archive!/inner/path)')
    .option('-f, --format <id>', 'force a format instead of detecting it');
  addLlmOptions(addReplayOptions(cmd)).action(async (run: string, opts: ReplayOptionValues) => {
    await replayAddress(run, opts, ctx, makeStyle(useColor(ctx.io)));
  });
}
