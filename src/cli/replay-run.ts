// The replay pipeline behind `codetracer replay` and `codetracer run --replay`: open one run, build the
// checkpoint, export the prompt or replay in the chosen environment, and print what happened.
import path from 'node:path';
import { createInterface } from 'node:readline/promises';
import type { Command } from 'commander';
import { locate, openRun } from '../core/formats/open.js';
import { CodetracerError } from '../core/io/errors.js';
import { connectLlm } from '../core/llm/connect.js';
import { formatCost } from '../core/llm/cost.js';
import type { RunPlace } from '../core/profiles/location.js';
import { replayRun, type ReplayEvent, type ReplayResult, type RestoreCommand } from '../core/replay/index.js';
import { parsePositive, parseStepId } from './args.js';
import type { CliContext } from './context.js';
import { onInterrupt } from './interrupt.js';
import { configFromOptions, type LlmOptionValues } from './llm-options.js';
import type { Style } from './style.js';
import { VERSION } from './version.js';

/** The replay-environment flags that `codetracer replay`, `run --replay` and `codetracer-tui` share, as
 * commander gives them (numbers still strings). */
export interface ReplayEnvironmentFlags {
  workdir?: string;
  repo?: string;
  commit?: string;
  container?: string;
  verify?: string;
  maxSteps?: string;
  commandTimeout?: string;
  unsafeHost?: boolean;
  yes?: boolean;
  sourceRoot?: string;
}

export interface ReplayOptionValues extends LlmOptionValues, ReplayEnvironmentFlags {
  step?: string;
  auto?: boolean;
  exportPrompt?: string;
  keep?: boolean;
  restore?: boolean;
  diagnosis?: string;
  output?: string;
  format?: string;
}

export const DEFAULT_MAX_STEPS = 30;
export const DEFAULT_COMMAND_TIMEOUT_S = 120;

/** The replay flags (not the LLM ones, which the caller adds or already has). */
export function addReplayOptions(cmd: Command): Command {
  return cmd
    .option('--step <n>', 'replay from this step (the steps before it are kept)')
    .option('--auto', 'replay from the earliest incorrect step of the diagnosis')
    .option('--export-prompt <file>', 'write the corrective context to FILE.md and FILE.json; nothing is run')
    .option(
      '--workdir <dir>',
      'replay in this scratch copy of the project (inside the container with --container)',
    )
    .option('--repo <path>', 'replay in a fresh git worktree of this repository (with --commit)')
    .option('--commit <sha>', 'the base commit of the worktree')
    .option('--container <name>', 'replay inside this running container (docker exec)')
    .option('--verify <cmd>', 'run this at the end: success only when it exits 0')
    .option('--max-steps <n>', `replay agent turn limit (default ${DEFAULT_MAX_STEPS})`)
    .option('--command-timeout <s>', `per-command timeout in seconds (default ${DEFAULT_COMMAND_TIMEOUT_S})`)
    .option('--unsafe-host', 'run host commands without the bubblewrap sandbox when bwrap is missing')
    .option('-y, --yes', 'run the earlier state-changing commands that cannot be re-created, without asking')
    .option('--keep', 'keep the git worktree after the replay')
    .option('--no-restore', 'do not re-apply the earlier steps (the environment is already in that state)')
    .option('--source-root <dir>', "the run's own working folder (e.g. /testbed), mapped onto the workdir")
    .option('--diagnosis <path>', "this run's profile file or output folder (default: found, else heuristic)")
    .option('--output <dir>', 'record the replayed run under <dir> (default: next to the run)');
}

function confirmer(ctx: CliContext, yes: boolean) {
  return async (commands: RestoreCommand[]): Promise<boolean> => {
    const io = ctx.io;
    io.stdout(`${commands.length} earlier command(s) changed state and cannot be re-created from the run:\n`);
    for (const c of commands) io.stdout(`  step ${c.stepId}: ${c.command.split('\n', 1)[0]}\n`);
    if (yes) return true;
    if (!io.isTTY || !process.stdin.isTTY) {
      io.stdout('  not run (pass --yes to run them)\n');
      return false;
    }
    const rl = createInterface({ input: process.stdin, output: process.stderr });
    try {
      const a = await rl.question('Run them in the replay environment? [y/N] ');
      return /^y(es)?$/i.test(a.trim());
    } finally {
      rl.close();
    }
  };
}

function eventLine(e: ReplayEvent, st: Style): string | null {
  switch (e.type) {
    case 'plan':
      return e.lines.map((l) => `  ${l}`).join('\n');
    case 'restore':
      return `  restore step ${e.result.stepId}: ${e.result.what}: ${e.result.ok ? 'ok' : st.dim(`skipped (${e.result.note})`)}`;
    case 'tool_call':
      return st.dim(
        `  [${e.step}] ${e.name} ${e.arguments.length > 160 ? e.arguments.slice(0, 159) + '…' : e.arguments}`,
      );
    case 'verify':
      return `  verify: ${e.command} -> ${e.exitCode === null ? 'timed out' : `exit ${e.exitCode}`}`;
    default:
      return null;
  }
}

/** Replay one run at an address; prints the outcome and sets the exit code. */
export async function replayAddress(
  given: string,
  opts: ReplayOptionValues,
  ctx: CliContext,
  st: Style,
  extra: { diagnosisPath?: string } = {},
): Promise<ReplayResult> {
  const io = ctx.io;
  const address = path.resolve(io.cwd, given);
  const step = opts.step !== undefined ? parseStepId(opts.step, '--step') : undefined;
  if (step === 0) throw new CodetracerError('usage', '--step expects a step number from 1');
  const maxSteps =
    opts.maxSteps !== undefined ? Math.floor(parsePositive(opts.maxSteps, '--max-steps')) : DEFAULT_MAX_STEPS;
  const timeoutS =
    opts.commandTimeout !== undefined
      ? parsePositive(opts.commandTimeout, '--command-timeout')
      : DEFAULT_COMMAND_TIMEOUT_S;
  if (step === undefined && !opts.auto) throw new CodetracerError('usage', 'give --step N or --auto');
  const cfg = await configFromOptions(opts, io);
  const trajs = await openRun(address, { format: opts.format });
  if (trajs.length !== 1)
    throw new CodetracerError('usage', `${trajs.length} runs here; pick one with ${given}#N`, address);
  const traj = trajs[0];
  const loc = await locate(address);
  const place: RunPlace = {
    fsPath: loc.src.kind === 'fs' ? loc.path : null,
    kind: loc.kind,
    address: `${loc.src.kind === 'fs' ? loc.path : address}#${traj.id}`,
    trajId: traj.id,
    multi: loc.index !== undefined,
  };
  const ctrl = new AbortController();
  const stop = onInterrupt(ctrl, () => io.stderr('codetracer: interrupted: stopping the replay\n'));
  let r: ReplayResult;
  try {
    r = await replayRun({
      traj,
      address,
      place,
      step,
      auto: opts.auto,
      diagnosisPath: opts.diagnosis ? path.resolve(io.cwd, opts.diagnosis) : extra.diagnosisPath,
      exportPrompt: opts.exportPrompt,
      environment: {
        workdir: opts.workdir,
        repo: opts.repo,
        commit: opts.commit,
        container: opts.container,
        keep: opts.keep,
        unsafeHost: opts.unsafeHost,
        sourceRoot: opts.sourceRoot,
      },
      verify: opts.verify,
      maxSteps,
      commandTimeoutMs: timeoutS * 1000,
      restore: opts.restore !== false,
      confirm: confirmer(ctx, Boolean(opts.yes)),
      connect: () => connectLlm(cfg, ctrl.signal),
      cfg,
      output: opts.output,
      cwd: io.cwd,
      env: io.env,
      signal: ctrl.signal,
      version: VERSION,
      emit: (e) => {
        if (e.type === 'plan') io.stdout(`${st.bold(`replay of ${traj.id}`)}\n`);
        const line = eventLine(e, st);
        if (line) (e.type === 'tool_call' ? io.stderr : io.stdout)(line + '\n');
      },
    });
  } finally {
    stop();
  }
  const cp = r.checkpoint;
  if (r.exported) {
    io.stdout(`${st.bold(traj.id)}: breakpoint step ${cp.breakpoint} (${cp.breakpointReason})\n`);
    io.stdout(`  diagnosis: ${cp.diagnosisSource}\n`);
    io.stdout(`  wrote ${r.exported.md}\n  wrote ${r.exported.json}\n`);
    if (r.status === 'exported')
      io.stdout('  nothing executed (give --workdir, --repo/--commit or --container to replay)\n');
  }
  if (r.status !== 'exported') {
    io.stdout(
      `${st.bold(r.status)}: ${r.reason}; ${r.steps} step(s), ${r.tokens?.input ?? 0} in / ${r.tokens?.output ?? 0} out tokens, cost ${formatCost(r.cost ?? null)}\n`,
    );
    io.stdout(`  recorded ${r.trajectoryFile}\n`);
    if (r.keptWorktree) io.stdout(`  worktree kept at ${r.keptWorktree}\n`);
  }
  ctx.exitCode =
    r.status === 'aborted' ? 130 : r.status === 'failed' || r.status === 'limits_exceeded' ? 1 : ctx.exitCode;
  return r;
}
