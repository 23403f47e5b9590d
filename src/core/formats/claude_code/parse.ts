// Claude Code runs -> Trajectory: a run directory (terminal-bench 1.x trial or Harbor trial) or a single
// file of events. Verdict, task and run facts come from the trial's own files.
import type { FileSource } from '../../io/source.js';
import { basename, dirname, join } from '../../io/source.js';
import { readOptionalJson, readText } from '../../io/read.js';
import { CodetracerError } from '../../io/errors.js';
import type { Trajectory, Verdict } from '../../model/trajectory.js';
import { asObj } from '../shared/access.js';
import { makeTrajectory } from '../shared/build.js';
import { harborExceptionLine, readHarborTrial } from '../shared/harbor.js';
import { taskFromRunDir } from '../shared/task.js';
import { UNKNOWN, verdictFromResultsJson, verdictFromReward } from '../shared/verdict.js';
import { buildSteps, type BuiltRun } from './steps.js';
import { eventsFromFile, findStream, type LoadedStream } from './sources.js';

export const CLAUDE_CODE_FORMAT_ID = 'claude_code';

interface TrialContext {
  verdict: Verdict;
  task: string | null;
  taskName: string | null;
  model: string | null;
  warnings: string[];
  metadata: Record<string, unknown>;
  harbor: boolean;
}

/** Verdict, task and facts of the trial directory a run belongs to (terminal-bench 1.x or Harbor). */
async function trialContext(src: FileSource, dir: string): Promise<TrialContext> {
  const ctx: TrialContext = {
    verdict: { ...UNKNOWN },
    task: await taskFromRunDir(src, dir),
    taskName: null,
    model: null,
    warnings: [],
    metadata: {},
    harbor: false,
  };
  const tb = asObj(await readOptionalJson(src, join(dir, 'results.json')));
  if (tb) {
    for (const k of ['trial_name', 'task_id', 'failure_mode', 'parser_results'] as const) {
      if (tb[k] !== undefined) ctx.metadata[k] = tb[k];
    }
    if (typeof tb.task_id === 'string') ctx.taskName = tb.task_id;
  }
  const harbor = await readHarborTrial(src, dir);
  if (harbor) {
    ctx.harbor = true;
    ctx.metadata.harbor = harbor;
    ctx.taskName ??= harbor.taskName ?? null;
    ctx.model = harbor.modelName ?? null;
    const exc = harborExceptionLine(harbor);
    if (exc) ctx.warnings.push(exc);
  }
  ctx.verdict = (await verdictFromResultsJson(src, dir)) ??
    (await verdictFromReward(src, dir)) ?? { ...UNKNOWN };
  return ctx;
}

function assemble(
  id: string,
  built: BuiltRun,
  stream: LoadedStream | null,
  src: FileSource,
  ctx: TrialContext,
  warnings: string[],
): Trajectory {
  let task = ctx.task ?? built.firstPrompt;
  if (!task && ctx.taskName) {
    task = ctx.taskName;
    warnings.push(`the run records no task text; using the task name "${ctx.taskName}"`);
  }
  if (stream?.badLines)
    warnings.push(
      `${stream.badLines} event line(s) in ${basename(stream.path)} were not valid JSON; skipped`,
    );
  const metadata: Record<string, unknown> = { ...ctx.metadata, ...built.metadata };
  if (stream) {
    metadata.streamSource = src.display(stream.path);
    metadata.streamKind = stream.kind;
  }
  return makeTrajectory({
    id,
    sources: stream ? [src.display(stream.path)] : [],
    format: CLAUDE_CODE_FORMAT_ID,
    agent: 'claude-code',
    model: built.model ?? ctx.model,
    task,
    verdict: ctx.verdict,
    steps: built.steps,
    warnings: [...warnings, ...built.warnings, ...ctx.warnings],
    metadata,
  });
}

const EMPTY_RUN: BuiltRun = { steps: [], model: null, firstPrompt: null, metadata: {}, warnings: [] };

/** A run directory: the first usable event source (see sources.ts), plus the trial's verdict and task. */
export async function parseClaudeCodeDir(src: FileSource, dir: string): Promise<Trajectory> {
  const found = await findStream(src, dir);
  const ctx = await trialContext(src, dir);
  const warnings = [...found.warnings];
  const stream = found.stream;
  if (ctx.harbor && stream && !(await src.stat(join(dir, 'agent', 'trajectory.json')).catch(() => null))) {
    warnings.push(
      `agent/trajectory.json is missing (Harbor writes it when the agent ends normally); steps read from ${basename(stream.path)}`,
    );
  }
  const built = stream ? buildSteps(stream.events, src.display(stream.path)) : EMPTY_RUN;
  return assemble(basename(dir), built, stream, src, ctx, warnings);
}

/** A single file of events (stream-json lines, a terminal log, a cast, a proxy log). */
export async function parseClaudeCodeFile(src: FileSource, file: string): Promise<Trajectory> {
  const shown = src.display(file);
  const stream = await eventsFromFile(src, file);
  if (!stream) throw new CodetracerError('invalid_data', 'no Claude Code stream-json events found', shown);
  // A file inside a trial (<trial>/agent/claude-code.txt, <trial>/sessions/agent.cast) takes the trial's verdict.
  const parentName = basename(dirname(file));
  const trialDir =
    parentName === 'agent' || parentName === 'sessions' ? dirname(dirname(file)) : dirname(file);
  const ctx = await trialContext(src, trialDir);
  const built = buildSteps(stream.events, shown);
  const id =
    parentName === 'agent' || parentName === 'sessions'
      ? basename(trialDir)
      : basename(file).replace(/\.[^.]+$/, '');
  return assemble(id, built, stream, src, ctx, []);
}
