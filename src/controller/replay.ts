// Replay from the TUI: the plan shown before anything runs (environment, restore actions, verify), and
// the replay itself streamed into the Reasoning pane like a diagnosis. The environment comes from the
// codetracer-tui command line; without one the replay exports the corrective prompt (nothing runs).
import { promises as fs } from 'node:fs';
import type { ResolvedConfig } from '../core/config/resolve.js';
import type { ChatModel } from '../core/diagnosis/llm/controller/loop.js';
import type { DiagnosisEvent } from '../core/diagnosis/llm/events.js';
import {
  buildCheckpoint,
  findDiagnosis,
  hasEnvironment,
  replayRun,
  type Checkpoint,
  type EnvironmentChoice,
  type ReplayEvent,
  type ReplayResult,
} from '../core/replay/index.js';
import type { ControllerEvents } from './events.js';
import type { OpenedRun } from './load.js';

export interface TuiReplayOptions extends EnvironmentChoice {
  verify?: string;
  maxSteps?: number;
  commandTimeoutS?: number;
  /** Run the earlier state-changing commands that cannot be re-created (the TUI never asks twice). */
  yes?: boolean;
  output?: string;
}

export interface ReplayHost {
  address: string;
  config: ResolvedConfig;
  env: NodeJS.ProcessEnv;
  cwd: string;
  /** The run's output folder when the TUI already knows it (its diagnosis is read from there). */
  diagnosisDir: string | null;
  emit<K extends keyof ControllerEvents>(event: K, ...args: ControllerEvents[K]): boolean;
  connect(signal: AbortSignal): Promise<ChatModel>;
  version: string;
}

function environmentLine(o: TuiReplayOptions): string {
  if (o.container) return `container ${o.container}${o.workdir ? ` (in ${o.workdir})` : ''} via docker exec`;
  if (o.repo) return `fresh git worktree of ${o.repo} at ${o.commit ?? '?'} (bubblewrap sandbox)`;
  if (o.workdir)
    return `workdir ${o.workdir} (bubblewrap sandbox${o.unsafeHost ? ', or unsandboxed: --unsafe-host' : ''})`;
  return 'none given: the corrective prompt is exported, nothing is executed (start codetracer-tui with --workdir, --repo/--commit or --container to replay)';
}

async function checkpointOf(host: ReplayHost, o: OpenedRun, stepId: number): Promise<Checkpoint> {
  const found = await findDiagnosis(o.payload.traj, o.place, {
    env: host.env,
    ...(host.diagnosisDir ? { diagnosisPath: host.diagnosisDir } : {}),
  });
  return buildCheckpoint(o.payload.traj, host.address, found, { step: stepId });
}

/** The lines of the confirmation overlay. Throws a one-line error when the step cannot be replayed. */
export async function replayPlan(
  host: ReplayHost,
  o: OpenedRun,
  stepId: number,
  opts: TuiReplayOptions,
): Promise<string[]> {
  const cp = await checkpointOf(host, o, stepId);
  const lines = [
    `Replay ${cp.origin.trajId} from step ${cp.breakpoint}: steps 1..${cp.breakpoint - 1} are kept`,
    `environment: ${environmentLine(opts)}`,
    `diagnosis: ${cp.diagnosisSource}`,
  ];
  if (hasEnvironment(opts)) {
    lines.push(`restore: ${cp.edits.length} file edit(s) re-applied`);
    for (const e of cp.edits) lines.push(`  step ${e.stepId}: ${e.edit.kind} ${e.edit.path}`);
    if (cp.commands.length)
      lines.push(
        `not re-created (${opts.yes ? 'run, --yes was given' : 'listed only; start with --yes to run them'}):`,
      );
    for (const c of cp.commands) lines.push(`  step ${c.stepId}: ${c.command.split('\n', 1)[0]}`);
    lines.push(`verify: ${opts.verify ?? 'none (the result will be unverified)'}`);
    lines.push(
      `limits: ${opts.maxSteps ?? 30} steps, ${opts.commandTimeoutS ?? 120} s a command, cost limit of the settings`,
    );
  }
  lines.push('', 'Corrective strategy:', ...cp.strategy.split('\n'));
  return lines;
}

/** Replay events as Reasoning-pane events (the pane shows a diagnosis's stream the same way). */
function asDiagnosisEvent(e: ReplayEvent): DiagnosisEvent | null {
  switch (e.type) {
    case 'step_start':
      return { type: 'step_start', call: e.step };
    case 'text':
      return { type: 'text_delta', call: e.step, text: e.text };
    case 'tool_call':
      return { type: 'tool_call', call: e.step, id: '', name: e.name, arguments: e.arguments };
    case 'tool_result':
      return {
        type: 'tool_result',
        call: e.step,
        id: '',
        name: e.name,
        ok: e.ok,
        chars: e.preview.length,
        preview: e.preview,
      };
    case 'plan':
      return { type: 'text_delta', call: 0, text: e.lines.join('\n') + '\n' };
    case 'restore':
      return {
        type: 'text_delta',
        call: 0,
        text: `restore step ${e.result.stepId}: ${e.result.what}: ${e.result.ok ? 'ok' : `skipped (${e.result.note})`}\n`,
      };
    case 'verify':
      return {
        type: 'text_delta',
        call: 0,
        text: `verify: ${e.command} -> ${e.exitCode === null ? 'timed out' : `exit ${e.exitCode}`}\n`,
      };
    case 'done':
      return null;
  }
}

/** Run the replay; the recorded run (or the exported prompt) is announced when it ends. */
export async function runTuiReplay(
  host: ReplayHost,
  o: OpenedRun,
  stepId: number,
  opts: TuiReplayOptions,
  signal: AbortSignal,
): Promise<ReplayResult | null> {
  const path = host.address;
  const live = hasEnvironment(opts);
  host.emit('diagnosis:started', {
    path,
    mode: live ? 'llm' : 'heuristic',
    model: live ? (host.config.model ?? 'replay') : 'replay (export)',
    costLimit: live ? host.config.limits.costUsd : null,
  });
  try {
    const r = await replayRun({
      traj: o.payload.traj,
      address: path,
      place: o.place,
      step: stepId,
      ...(host.diagnosisDir ? { diagnosisPath: host.diagnosisDir } : {}),
      environment: opts,
      ...(opts.verify ? { verify: opts.verify } : {}),
      maxSteps: opts.maxSteps ?? 30,
      commandTimeoutMs: (opts.commandTimeoutS ?? 120) * 1000,
      restore: true,
      confirm: async () => Boolean(opts.yes),
      connect: () => host.connect(signal),
      cfg: host.config,
      ...(opts.output ? { output: opts.output } : {}),
      cwd: host.cwd,
      env: host.env,
      signal,
      version: host.version,
      emit: (e) => {
        const d = asDiagnosisEvent(e);
        if (d) host.emit('diagnosis:event', { path, event: d });
      },
    });
    if (r.exported) {
      host.emit('diagnosis:status', {
        path,
        status: 'done',
        message: `replay prompt exported to ${r.exported.md} (nothing executed)`,
      });
      return r;
    }
    const ok = r.status === 'success' || r.status === 'unverified';
    host.emit('diagnosis:status', {
      path,
      status: ok ? 'done' : 'failed',
      message: `replay ${r.status}: ${r.reason}; recorded ${r.outputDir}`,
    });
    if (r.outputDir) {
      const size = await fs
        .stat(r.trajectoryFile ?? r.outputDir)
        .then((s) => s.size)
        .catch(() => 0);
      // The recorded run joins the list; its name sorts it right after its origin.
      host.emit('discovery:runs', {
        runs: [
          {
            path: r.outputDir,
            format: 'atif',
            steps: null,
            verdict: r.verify ? r.verify.exitCode === 0 : null,
            size,
          },
        ],
      });
    }
    return r;
  } catch (e) {
    host.emit('diagnosis:status', {
      path,
      status: 'failed',
      message: `replay: ${(e as Error).message.split('\n')[0]}`,
    });
    return null;
  }
}
