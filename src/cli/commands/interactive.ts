// `codetracer interactive RUN`: the TUI opened on one run. The view lives in components/ (Ink, React);
// it is imported only here, at run time, so nothing else in src/ loads it.
import type { Command } from 'commander';
import { addLlmOptions, type LlmOptionValues } from '../llm-options.js';
import type { CliContext } from '../context.js';

interface InteractiveOptions extends LlmOptionValues {
  theme?: string;
}

interface TuiModule {
  startTui(o: LlmOptionValues & { paths: string[]; open?: string; theme?: string }): Promise<number>;
}

/** dist/src/cli/commands -> dist/components/tui-main.js (a URL, so the compiler never follows it). */
const TUI_ENTRY = new URL('../../../components/tui-main.js', import.meta.url).href;

/** Load the view only when it is needed: `src/` never imports ink or react statically. */
export async function startTuiLazily(
  o: LlmOptionValues & { paths: string[]; open?: string; theme?: string },
): Promise<number> {
  const tui = (await import(TUI_ENTRY)) as TuiModule;
  return tui.startTui(o);
}

export function register(program: Command, ctx: CliContext): void {
  addLlmOptions(
    program
      .command('interactive')
      .description('open the full-screen app on one run (same as codetracer-tui --open RUN)')
      .argument('<run>', 'run directory, file, file#N or archive!/inner/path')
      .option('--theme <name>', 'colour theme: dark, light, high-contrast, no-color'),
  ).action(async (run: string, opts: InteractiveOptions) => {
    ctx.exitCode = await startTuiLazily({ ...opts, paths: [run], open: run });
  });
}
