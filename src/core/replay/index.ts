// Replay from a diagnosed breakpoint: build the checkpoint, then either export the corrective prompt
// (nothing executed; the default without an environment) or restore the state in the chosen
// environment, let the replay agent continue, verify, and record the replayed run.
import path from 'node:path';
import type { ResolvedConfig } from '../config/resolve.js';
import type { ChatModel } from '../diagnosis/llm/controller/loop.js';
import { CodetracerError } from '../io/errors.js';
import { priceFor } from '../llm/cost.js';
import { redact } from '../llm/redact.js';
import type { Trajectory } from '../model/trajectory.js';
import type { RunPlace } from '../profiles/location.js';
import { runReplayAgent, type AgentOutcome } from './agent.js';
import { buildCheckpoint } from './checkpoint.js';
import { findDiagnosis } from './diagnosis.js';
import { writeExport } from './export.js';
import { replayOutputPath, writeFolderAtomic } from './output.js';
import { replaySystemPrompt } from './prompt.js';
import { writeReplayRecord } from './record.js';
import { applyEdits, runRestoreCommands, type ConfirmCommands } from './restore.js';
import type { Checkpoint, ReplayListener, ReplayStatus, RestoreResult } from './types.js';
import {
  checkSandbox,
  hasEnvironment,
  openEnvironment,
  overlaps,
  type EnvironmentChoice,
} from './open-environment.js';

export * from './types.js';
export { buildCheckpoint } from './checkpoint.js';
export { findDiagnosis } from './diagnosis.js';
export { exportPaths } from './export.js';
export { hasEnvironment, type EnvironmentChoice } from './open-environment.js';

export interface ReplayInput {
  traj: Trajectory;
  /** The run's address as given (recorded as the origin). */
  address: string;
  place: RunPlace;
  step?: number;
  auto?: boolean;
  /** A profile file or output folder holding this run's diagnosis. */
  diagnosisPath?: string;
  exportPrompt?: string;
  environment: EnvironmentChoice;
  verify?: string;
  maxSteps: number;
  commandTimeoutMs: number;
  /** Re-apply the earlier steps' edits and offer their commands (default true). */
  restore: boolean;
  confirm: ConfirmCommands;
  /** Connected only when an environment is used. */
  connect: () => Promise<ChatModel>;
  cfg: ResolvedConfig;
  output?: string;
  cwd: string;
  /** The caller's environment: PATH (bwrap, docker, git), cache location. Never passed to commands. */
  env: NodeJS.ProcessEnv;
  emit?: ReplayListener;
  signal?: AbortSignal;
  version: string;
}

export interface ReplayResult {
  checkpoint: Checkpoint;
  status: ReplayStatus;
  reason: string;
  /** --export-prompt / default export: the two files written. */
  exported?: { md: string; json: string };
  /** The recorded run's folder and trajectory file. */
  outputDir?: string;
  trajectoryFile?: string;
  restore: RestoreResult[];
  verify?: { command: string; exitCode: number | null; output: string };
  steps?: number;
  cost?: number | null;
  tokens?: { input: number; output: number };
  /** A worktree left in place by --keep. */
  keptWorktree?: string;
  environment?: string;
}

function finalStatus(
  a: AgentOutcome,
  verify: ReplayResult['verify'],
): { status: ReplayStatus; reason: string } {
  if (a.end === 'aborted') return { status: 'aborted', reason: a.reason };
  if (a.end === 'limits_exceeded') return { status: 'limits_exceeded', reason: a.reason };
  if (a.end === 'error') return { status: 'failed', reason: a.reason };
  if (!verify) return { status: 'unverified', reason: 'no --verify command given' };
  if (verify.exitCode === 0) return { status: 'success', reason: `verify passed: ${verify.command}` };
  return {
    status: 'failed',
    reason: `verify failed (${verify.exitCode === null ? 'timed out' : `exit ${verify.exitCode}`}): ${verify.command}`,
  };
}

export async function replayRun(i: ReplayInput): Promise<ReplayResult> {
  const emit = i.emit ?? (() => undefined);
  const found = await findDiagnosis(i.traj, i.place, { env: i.env, diagnosisPath: i.diagnosisPath });
  const cp = buildCheckpoint(i.traj, i.address, found, { step: i.step, auto: i.auto });
  const useEnv = hasEnvironment(i.environment);
  if (i.exportPrompt !== undefined || !useEnv) {
    const file =
      i.exportPrompt !== undefined
        ? path.resolve(i.cwd, i.exportPrompt)
        : path.join(await replayOutputPath(i.place, cp.breakpoint, i), 'replay_prompt');
    if (i.place.fsPath && i.place.kind === 'dir' && overlaps(i.place.fsPath, file))
      throw new CodetracerError('usage', '--export-prompt would write into the run folder', file);
    const exported = await writeExport(cp, file);
    if (!useEnv)
      return {
        checkpoint: cp,
        status: 'exported',
        reason: 'prompt exported; nothing executed',
        exported,
        restore: [],
      };
  }
  if (i.verify !== undefined && !i.verify.trim())
    throw new CodetracerError('usage', '--verify needs a command');
  const outDir = await replayOutputPath(i.place, cp.breakpoint, i);
  // Connect first: an unconfigured LLM must fail before a worktree is made or anything runs.
  const llm = await i.connect();
  const env = await openEnvironment(i.environment, i);
  await checkSandbox(env);
  const secrets = [i.cfg.apiKey ?? ''].filter(Boolean);
  const restore: RestoreResult[] = [];
  let agent: AgentOutcome | null = null;
  let verify: ReplayResult['verify'];
  let prompt = '';
  const model = llm.model;
  try {
    emit({
      type: 'plan',
      lines: [
        `environment: ${env.describe}`,
        `breakpoint: step ${cp.breakpoint} (${cp.breakpointReason})`,
        `diagnosis: ${cp.diagnosisSource}`,
        `restore: ${i.restore ? `${cp.edits.length} edit(s) to re-apply, ${cp.commands.length} command(s) not re-created` : 'skipped (--no-restore)'}`,
        `verify: ${i.verify ?? '(none: the result will be unverified)'}`,
      ],
    });
    if (i.restore) {
      restore.push(...(await applyEdits(env, cp.edits, (r) => emit({ type: 'restore', result: r }))));
      restore.push(
        ...(await runRestoreCommands(env, cp.commands, i.confirm, i.commandTimeoutMs, (r) =>
          emit({ type: 'restore', result: r }),
        )),
      );
    }
    prompt = replaySystemPrompt(cp, env.describe, i.maxSteps);
    agent = await runReplayAgent({
      llm,
      env,
      system: prompt,
      firstMessage: `Continue the task from step ${cp.breakpoint}, following the corrective strategy.`,
      maxSteps: i.maxSteps,
      limits: i.cfg.limits,
      priced: priceFor(i.cfg.prices, llm.model) !== null,
      commandTimeoutMs: i.commandTimeoutMs,
      secrets,
      emit,
      signal: i.signal,
    });
    if (i.verify && agent.end !== 'aborted') {
      const r = await env.run(i.verify, { timeoutMs: i.commandTimeoutMs });
      verify = { command: i.verify, exitCode: r.exitCode, output: redact(r.output, secrets) };
      emit({ type: 'verify', command: i.verify, exitCode: r.exitCode, preview: verify.output.slice(-400) });
    }
  } finally {
    await env.close();
  }
  const { status, reason } = finalStatus(agent, verify);
  let trajectoryFile = '';
  await writeFolderAtomic(outDir, async (dir) => {
    const f = await writeReplayRecord(dir, {
      origin: i.traj,
      checkpoint: cp,
      prompt,
      environment: env.describe,
      restore,
      turns: agent!.turns,
      verify: verify ?? null,
      status,
      reason,
      summary: agent!.summary,
      model,
      version: i.version,
    });
    trajectoryFile = path.join(outDir, path.relative(dir, f));
  });
  emit({ type: 'done', status, reason });
  return {
    checkpoint: cp,
    status,
    reason,
    outputDir: outDir,
    trajectoryFile,
    restore,
    verify,
    steps: agent.turns.length,
    cost: agent.budget.cost,
    tokens: { input: agent.budget.usage.input, output: agent.budget.usage.output },
    keptWorktree: env.kind === 'worktree' && i.environment.keep ? env.workdir : undefined,
    environment: env.describe,
  };
}
