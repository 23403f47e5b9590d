// The one diagnosis pipeline behind `analyze` and `run`: open the run(s) at an address (a root with many
// runs is discovered), pick each output folder, diagnose with the LLM when one is configured (else the
// heuristic, said in one line), and write the profile files. The commands only differ in what they print.
import path from 'node:path';
import type { Command } from 'commander';
import { llmConfigured, type ResolvedConfig } from '../core/config/resolve.js';
import { heuristicDiagnosis } from '../core/analyze/diagnose.js';
import { discoverAll } from '../core/discovery/index.js';
import { analyzeWithLlm } from '../core/diagnosis/llm/index.js';
import { locate, openRun } from '../core/formats/open.js';
import type { RunLocation } from '../core/formats/types.js';
import { CodetracerError, isCodetracerError } from '../core/io/errors.js';
import { connectLlm } from '../core/llm/connect.js';
import { formatCost } from '../core/llm/cost.js';
import type { Trajectory } from '../core/model/trajectory.js';
import type { Diagnosis } from '../core/profiles/diagnosis.js';
import {
  assertNotRunFiles,
  chooseOutputDir,
  type OutputDir,
  type RunPlace,
} from '../core/profiles/location.js';
import { PROFILE_FILES, PROFILE_NAMES, isProfileName, type ProfileName } from '../core/profiles/schemas.js';
import { writeProfiles } from '../core/profiles/write.js';
import type { CliContext } from './context.js';
import { addLlmOptions, configFromOptions, type LlmOptionValues } from './llm-options.js';
import { progressLine } from './progress.js';
import type { Style } from './style.js';
import { onInterrupt } from './interrupt.js';
import { addMemoryOptions, memoryFor, type MemoryOptionValues } from './memory-options.js';
import { learnRunFormat } from './learn-format.js';

export interface DiagnoseOptions extends LlmOptionValues, MemoryOptionValues {
  profile?: string;
  outputDir?: string;
  format?: string;
  offline?: boolean;
  learnFormat?: boolean;
}

/** Default profile: "all". Every profile comes from one Diagnosis, so scripts written for either upstream
 *  file (README's codetracer_labels.json, batch's codetracer_analysis.json) find theirs. */
export const DEFAULT_PROFILE = 'all';

export interface ProfileChoice {
  /** The profile the LLM answers in: detailed when written, as it carries the most. */
  answer: ProfileName;
  all: ProfileName[];
}

export function parseProfiles(v: string): ProfileChoice {
  const parts = v
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
  if (parts.includes('all')) return { answer: 'detailed', all: [...PROFILE_NAMES] };
  const bad = parts.filter((p) => !isProfileName(p));
  if (bad.length || !parts.length) {
    throw new CodetracerError('usage', `--profile expects ${PROFILE_NAMES.join('|')}|all, got "${v}"`);
  }
  const all = [...new Set(parts as ProfileName[])];
  return { answer: all.includes('detailed') ? 'detailed' : all[0], all };
}

export function addDiagnoseOptions(cmd: Command): Command {
  cmd
    .option(
      '-p, --profile <p>',
      'tracebench|detailed|rl_feedback|all, comma-separated allowed (default: all)',
    )
    .option(
      '-o, --output-dir <dir>',
      'write to <dir>/<traj id>/ (default: <run>/codetracer/, else the user cache)',
    )
    .option('-f, --format <id>', 'force a format instead of detecting it')
    .option('--offline', 'use the heuristic diagnoser even if an LLM is configured')
    .option('--learn-format', 'when no format reads the run, let the LLM write a format spec for it first');
  return addMemoryOptions(addLlmOptions(cmd));
}

export interface RunOutcome {
  traj: Trajectory;
  diagnosis: Diagnosis | null;
  /** completed | invalid_output | limits_exceeded | aborted | error (the heuristic always completes). */
  status: string;
  reason?: string;
  out?: OutputDir;
  files: Partial<Record<ProfileName, string>>;
  conversationFile?: string;
  warnings: string[];
  error?: CodetracerError;
  /** LLM runs: tokens, USD cost (null when the model has no price) and calls. */
  usage?: { input: number; output: number };
  cost?: number | null;
  calls?: number;
  /** The agent type whose memory the run used, and the lessons it stored. */
  memory?: { key: string; stored: number };
}

export interface Hooks {
  /** Called once, before the first run, with the line that says which diagnoser is used. */
  mode?(line: string): void;
  /** Called after each run. */
  done?(r: RunOutcome): void;
  st: Style;
}

/** The runs at an address: the run itself, or every run discovered below a folder/archive that is none. */
async function runsAt(address: string, format: string | undefined, ctx: CliContext) {
  try {
    const trajs = await openRun(address, { format });
    return [{ address, trajs, loc: await locate(address) }];
  } catch (e) {
    if (!isCodetracerError(e) || e.code !== 'unknown_format' || format) throw e;
    const found = await discoverAll([address]);
    for (const p of found.problems) ctx.io.stderr(`codetracer: warning: ${p.path}: ${p.message}\n`);
    if (!found.runs.length) throw e;
    const out = [];
    for (const r of found.runs) {
      try {
        out.push({ address: r.path, trajs: await openRun(r.path), loc: await locate(r.path) });
      } catch (err) {
        if (!isCodetracerError(err)) throw err;
        ctx.io.stderr(`codetracer: ${err.oneLine()}\n`);
        ctx.exitCode = 1;
      }
    }
    return out;
  }
}

export async function diagnoseAddress(
  given: string,
  opts: DiagnoseOptions,
  ctx: CliContext,
  hooks: Hooks,
): Promise<RunOutcome[]> {
  const io = ctx.io;
  const profiles = parseProfiles(opts.profile ?? DEFAULT_PROFILE);
  const cfg = await configFromOptions(opts, io);
  // Relative addresses are relative to the caller's cwd (in-process callers pass their own).
  const address = path.resolve(io.cwd, given);
  const useLlm = !opts.offline && llmConfigured(cfg);
  if (opts.learnFormat && !opts.format) await learnRunFormat(address, opts, io, true);
  const groups = await runsAt(address, opts.format, ctx);
  // One run at the address itself: its failure is the command's failure (one line, exit 2).
  const single = groups.length === 1 && groups[0].address === address && groups[0].trajs.length === 1;
  const outcomes: RunOutcome[] = [];
  let announced = false;
  const announce = (line: string) => {
    if (!announced) hooks.mode?.(line);
    announced = true;
  };
  const ctrl = new AbortController();
  const stopListening = onInterrupt(ctrl, () =>
    io.stderr(
      'codetracer: interrupted: stopping; the labels recorded so far are written (Ctrl-C again to quit now)\n',
    ),
  );
  try {
    const llm = useLlm ? await connectLlm(cfg, ctrl.signal) : null;
    if (llm) announce(`using the LLM diagnoser (${llm.model} at ${llm.endpoint()})`);
    else
      announce(
        opts.offline
          ? '--offline: using the heuristic diagnoser'
          : 'no LLM configured (set CODETRACER_API_KEY): using the heuristic diagnoser (offline)',
      );
    for (const g of groups) {
      for (const traj of g.trajs) {
        if (ctrl.signal.aborted) break;
        const place: RunPlace = {
          fsPath: g.loc.src.kind === 'fs' ? g.loc.path : null,
          kind: g.loc.kind,
          // The cache folder is keyed by the run path plus which run of a multi-run file it is.
          address: `${g.loc.src.kind === 'fs' ? g.loc.path : g.address}#${traj.id}`,
          trajId: traj.id,
          multi: g.trajs.length > 1 || g.loc.index !== undefined,
        };
        const outcome = await diagnoseOne(
          traj,
          g.loc,
          g.address,
          place,
          profiles,
          cfg,
          llm,
          opts,
          ctx,
          ctrl,
          hooks,
        );
        outcomes.push(outcome);
        if (outcome.error && single) throw outcome.error;
        if (outcome.error) io.stderr(`codetracer: ${traj.id}: ${outcome.error.oneLine()}\n`);
        if (outcome.error || outcome.status !== 'completed') ctx.exitCode = 1;
        hooks.done?.(outcome);
      }
    }
  } finally {
    stopListening();
  }
  if (ctrl.signal.aborted) ctx.exitCode = 130;
  return outcomes;
}

async function diagnoseOne(
  traj: Trajectory,
  loc: RunLocation,
  address: string,
  place: RunPlace,
  profiles: ProfileChoice,
  cfg: ResolvedConfig,
  llm: Awaited<ReturnType<typeof connectLlm>> | null,
  opts: DiagnoseOptions,
  ctx: CliContext,
  ctrl: AbortController,
  hooks: Hooks,
): Promise<RunOutcome> {
  const io = ctx.io;
  try {
    const out = await chooseOutputDir(place, { outputDir: opts.outputDir, env: io.env, cwd: io.cwd });
    await assertNotRunFiles(
      profiles.all.map((p) => `${out.dir}/${PROFILE_FILES[p]}`),
      place,
    );
    if (llm) {
      const memory = memoryFor(traj, cfg, opts, io.env);
      const r = await analyzeWithLlm(traj, loc, {
        memory,
        config: cfg,
        llm,
        profile: profiles.answer,
        alsoWrite: profiles.all,
        outputDir: out.dir,
        address,
        signal: ctrl.signal,
        onEvent: io.isTTY
          ? (e) => {
              const line = progressLine(e, hooks.st);
              if (line) io.stderr(line + '\n');
            }
          : // Without a terminal only memory warnings are shown (the diagnosis itself is unaffected).
            (e) => {
              if (e.type === 'memory' && e.warning) io.stderr(`codetracer: ${traj.id}: ${e.warning}\n`);
            },
      });
      if (r.status !== 'completed') {
        io.stderr(
          `codetracer: ${traj.id}: diagnosis ended: ${r.status} (${r.reason}); the labels recorded so far were written\n`,
        );
      }
      const tokens = `${r.usage.input} in / ${r.usage.output} out${r.usage.estimated ? ' (partly estimated)' : ''}`;
      return {
        traj,
        diagnosis: r.diagnosis,
        status: r.status,
        reason: `${r.calls} LLM calls, ${tokens} tokens, cost ${formatCost(r.cost)}`,
        out,
        files: r.outputs.files,
        conversationFile: r.conversationFile,
        warnings: r.outputs.warnings ?? [],
        usage: { input: r.usage.input, output: r.usage.output },
        cost: r.cost,
        calls: r.calls,
        ...(memory ? { memory: { key: memory.key, stored: memory.stored } } : {}),
      };
    }
    const diagnosis = await heuristicDiagnosis(traj);
    const written = await writeProfiles(diagnosis, traj, out.dir, profiles.all, { address });
    return { traj, diagnosis, status: 'completed', out, files: written.files, warnings: written.warnings };
  } catch (e) {
    if (!isCodetracerError(e)) throw e;
    return { traj, diagnosis: null, status: 'error', files: {}, warnings: [], error: e };
  }
}

/** One already opened run through the same pipeline (`codetracer batch` schedules many of these). */
export interface DiagnoseOneInput {
  traj: Trajectory;
  loc: RunLocation;
  address: string;
  place: RunPlace;
  profiles: ProfileChoice;
  cfg: ResolvedConfig;
  llm: Awaited<ReturnType<typeof connectLlm>> | null;
  opts: DiagnoseOptions;
  ctx: CliContext;
  /** Aborting it ends this run (its partial labels are written). */
  ctrl: AbortController;
  st: Style;
}

export function diagnoseTrajectory(i: DiagnoseOneInput): Promise<RunOutcome> {
  return diagnoseOne(i.traj, i.loc, i.address, i.place, i.profiles, i.cfg, i.llm, i.opts, i.ctx, i.ctrl, {
    st: i.st,
  });
}
