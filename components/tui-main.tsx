#!/usr/bin/env node
// `codetracer-tui [PATH…]`: the full-screen app. Also started by `codetracer interactive RUN`.
// Order matters: parse flags (so --help works anywhere), refuse without a terminal, resolve settings,
// then enter the alternate screen and make sure every exit path leaves it.
import { Command, CommanderError } from 'commander';
import { render } from 'ink';
import { addLlmOptions, configFromOptions, type LlmOptionValues } from '../src/cli/llm-options.js';
import { processIO, type CliIO } from '../src/cli/context.js';
import { VERSION } from '../src/cli/version.js';
import { readSettings } from '../src/core/config/store.js';
import { parseAddress } from '../src/core/formats/open.js';
import { CodetracerError, isCodetracerError } from '../src/core/io/errors.js';
import { loadSkills } from '../src/core/formats/spec/store.js';
import { parseThemeName, resolveTheme, THEME_NAMES } from '../themes/index.js';
import { Root } from './App.js';
import { startSession, type Session } from './session.js';
import { ScreenWriter } from './screen.js';
import { shareInkOutputCaches } from './ink-output-cache.js';
import { enterFullScreen } from './terminal.js';
import '../src/core/init.js';
import { isEntryPoint } from '../src/cli/entry.js';
import { parsePositive } from '../src/cli/args.js';
import type { TuiReplayOptions } from '../src/controller/replay.js';
import type { ReplayEnvironmentFlags } from '../src/cli/replay-run.js';

// The replay-environment flags are for `r` (see `codetracer replay`); without one `r` exports the prompt.
export interface TuiOptions extends LlmOptionValues, ReplayEnvironmentFlags {
  /** Roots to discover runs under (default: the current folder). */
  paths: string[];
  /** A run to open at once (`codetracer interactive RUN`). */
  open?: string;
  theme?: string;
  /** false: `--no-memory` (diagnoses neither use nor update the memory of lessons). */
  memory?: boolean;
}

/** The replay choice from the command line (a usage error names the flag). */
export function replayOptionsOf(o: TuiOptions): TuiReplayOptions {
  if (Boolean(o.repo) !== Boolean(o.commit))
    throw new CodetracerError('usage', '--repo and --commit go together');
  const r: TuiReplayOptions = {};
  if (o.workdir) r.workdir = o.workdir;
  if (o.repo) r.repo = o.repo;
  if (o.commit) r.commit = o.commit;
  if (o.container) r.container = o.container;
  if (o.verify) r.verify = o.verify;
  if (o.maxSteps) r.maxSteps = Math.floor(parsePositive(o.maxSteps, '--max-steps'));
  if (o.commandTimeout) r.commandTimeoutS = parsePositive(o.commandTimeout, '--command-timeout');
  if (o.unsafeHost) r.unsafeHost = true;
  if (o.yes) r.yes = true;
  if (o.sourceRoot) r.sourceRoot = o.sourceRoot;
  return r;
}

export const NO_TTY_MESSAGE =
  'codetracer-tui needs an interactive terminal; to read a run without one use `codetracer inspect RUN`';

/** Discovery reports absolute addresses; a run named on the command line must match them. */
export function absoluteAddress(address: string): string {
  // parseAddress resolves the file-system part against the current folder.
  const a = parseAddress(address);
  return a.fsPath + (a.inner ? `!${a.inner}` : '') + (a.index !== undefined ? `#${a.index + 1}` : '');
}

/** Run the app until the user quits. Returns the process exit code. */
export async function startTui(o: TuiOptions, io: CliIO = processIO()): Promise<number> {
  if (o.theme && !parseThemeName(o.theme)) {
    io.stderr(`codetracer-tui: unknown theme "${o.theme}" (choose ${THEME_NAMES.join(', ')})\n`);
    return 2;
  }
  if (!process.stdin.isTTY || !process.stdout.isTTY) {
    io.stderr(NO_TTY_MESSAGE + '\n');
    return 2;
  }
  const confDir = io.env.CODETRACER_CONF_DIR?.trim() || undefined;
  // Learned formats (skills), as in the CLI; warnings print before the screen switches.
  loadSkills({ env: io.env, warn: (line) => io.stderr(line + '\n') });
  let session: Session;
  try {
    const resolved = await configFromOptions(o, io);
    const config =
      o.memory === false ? { ...resolved, memory: { ...resolved.memory, enabled: false } } : resolved;
    session = startSession({
      roots: o.paths.length ? o.paths : [io.cwd],
      ...(o.open ? { open: absoluteAddress(o.open) } : {}),
      config,
      env: io.env,
      cwd: io.cwd,
      replay: replayOptionsOf(o),
    });
  } catch (e) {
    if (isCodetracerError(e)) {
      io.stderr(`codetracer-tui: ${e.oneLine()}\n`);
      return 2;
    }
    throw e;
  }
  const setting = readSettings(confDir ? { cwd: confDir } : {}).theme;
  const theme = resolveTheme({
    flag: o.theme,
    setting: typeof setting === 'string' ? setting : null,
    env: io.env,
  });

  const screen = enterFullScreen(process.stdout);
  const writer = new ScreenWriter(process.stdout);
  const crash = (e: unknown) => {
    screen.leave();
    const msg =
      e instanceof Error ? (io.env.CODETRACER_DEBUG ? (e.stack ?? e.message) : e.message) : String(e);
    process.stderr.write(`codetracer-tui: internal error: ${msg}\n`);
    process.exit(1);
  };
  process.on('uncaughtException', crash);
  process.on('unhandledRejection', crash);
  try {
    // Debug mode hands every whole frame to the ScreenWriter, which writes only changed lines (see
    // screen.ts for why Ink's own incremental mode is not used).
    await shareInkOutputCaches();
    const app = render(<Root store={session.store} theme={theme} onCommand={session.onCommand} />, {
      stdout: writer as unknown as NodeJS.WriteStream,
      debug: true,
      patchConsole: false,
      exitOnCtrlC: false,
    });
    session.start();
    await app.waitUntilExit();
  } finally {
    await session.dispose();
    writer.dispose();
    screen.leave();
    process.off('uncaughtException', crash);
    process.off('unhandledRejection', crash);
  }
  return 0;
}

/** `codetracer-tui` argument parsing; returns the exit code. */
export async function main(argv: string[], io: CliIO = processIO()): Promise<number> {
  let opts: TuiOptions | null = null;
  const program = addLlmOptions(
    new Command('codetracer-tui')
      .description('Browse, inspect and diagnose coding-agent runs in a full-screen terminal app.')
      .version(VERSION)
      .argument('[paths...]', 'folders, files or archives to look for runs in (default: the current folder)')
      .option('--theme <name>', `colour theme: ${THEME_NAMES.join(', ')} (NO_COLOR forces no-color)`)
      .option('--open <run>', 'open this run at start')
      .option('--no-memory', 'diagnoses neither use nor update the memory of lessons (M shows it)')
      .option('--workdir <dir>', 'r replays in this scratch copy of the project (bubblewrap sandbox)')
      .option('--repo <path>', 'r replays in a fresh git worktree of this repository (with --commit)')
      .option('--commit <sha>', 'base commit of the replay worktree')
      .option('--container <name>', 'r replays inside this running container (docker exec)')
      .option('--verify <cmd>', 'run at the end of a replay: success only when it exits 0')
      .option('--max-steps <n>', 'replay agent turn limit (default 30)')
      .option('--command-timeout <s>', 'replay per-command timeout in seconds (default 120)')
      .option('--unsafe-host', 'replay on the host without bubblewrap when bwrap is missing')
      .option('--yes', 'replay also runs the earlier commands CodeTracer cannot re-create')
      .option('--source-root <dir>', "the run's own working folder (e.g. /testbed), mapped onto the workdir")
      .exitOverride()
      .configureOutput({ writeOut: io.stdout, writeErr: io.stderr }),
  ).action((paths: string[], o: Omit<TuiOptions, 'paths'>) => {
    opts = { ...o, paths };
  });
  try {
    await program.parseAsync(argv, { from: 'user' });
  } catch (e) {
    if (e instanceof CommanderError) return e.exitCode === 0 ? 0 : 2;
    throw e;
  }
  return opts ? startTui(opts, io) : 2;
}

if (isEntryPoint(import.meta.url)) {
  main(process.argv.slice(2)).then(
    (code) => process.exit(code),
    (e: unknown) => {
      process.stderr.write(`codetracer-tui: internal error: ${e instanceof Error ? e.message : String(e)}\n`);
      process.exit(1);
    },
  );
}
