// `codetracer [PATH…]` (no subcommand): the main job. In a terminal it opens the full-screen app on the
// paths; without one (CI, a pipe) it diagnoses them instead, so the same command is useful everywhere.
import { existsSync } from 'node:fs';
import path from 'node:path';
import type { Command } from 'commander';
import { parseAddress } from '../../core/formats/open.js';
import { CodetracerError } from '../../core/io/errors.js';
import type { CliContext } from '../context.js';
import { addDiagnoseOptions } from '../diagnose.js';
import { analyzeRuns, type AnalyzeOptions } from './analyze.js';
import { startTuiLazily } from './interactive.js';

interface OpenOptions extends AnalyzeOptions {
  theme?: string;
}

export function register(program: Command, ctx: CliContext): void {
  const cmd = program
    .command('open', { isDefault: true })
    .description(
      'open the full-screen app on runs or folders (default: here); without a terminal, diagnose them instead',
    )
    .argument('[paths...]', 'runs, folders or archives holding runs')
    .option('--theme <name>', 'colour theme: dark, light, high-contrast, no-color');
  addDiagnoseOptions(cmd).action(async (paths: string[], opts: OpenOptions) => {
    const io = ctx.io;
    const commands = program.commands.map((c) => c.name()).filter((n) => n !== 'open');
    for (const p of paths) {
      const fsPath = parseAddress(p).fsPath;
      if (!existsSync(path.resolve(io.cwd, fsPath))) {
        // A typo of a subcommand lands here too, so name both readings.
        throw new CodetracerError(
          'not_found',
          `no such file, folder or command (commands: ${commands.join(', ')})`,
          p,
        );
      }
    }
    if (process.stdin.isTTY && process.stdout.isTTY && io.isTTY) {
      const { theme, ...llm } = opts;
      ctx.exitCode = await startTuiLazily({ ...llm, theme, paths });
      return;
    }
    if (!paths.length) {
      io.stdout(program.helpInformation());
      return;
    }
    io.stderr(
      `codetracer: no interactive terminal, so diagnosing instead of opening the app (same as \`codetracer analyze ${paths.join(' ')}\`)\n`,
    );
    await analyzeRuns(paths, opts, ctx);
  });
}
