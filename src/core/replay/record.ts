// The replayed run as an ATIF trajectory (Harbor trial layout: agent/trajectory.json, and
// verifier/reward.txt when --verify ran), so inspect, analyze and the TUI open it like any other run.
// The steps before the breakpoint are copied from the origin (marked is_copied_context); the checkpoint,
// the agent's turns and the verification follow. The link to the origin is `continued_trajectory_ref`
// plus `extra.codetracer_replay` (origin, breakpoint, status, environment).
import { randomUUID } from 'node:crypto';
import { promises as fs } from 'node:fs';
import path from 'node:path';
import { writeFileAtomic, writeJsonAtomic } from '../io/atomic.js';
import type { Step, Trajectory } from '../model/trajectory.js';
import type { AgentTurn } from './agent.js';
import type { Checkpoint, ReplayStatus, RestoreResult } from './types.js';

export const REPLAY_AGENT_NAME = 'codetracer-replay';

export interface ReplayRecordInput {
  origin: Trajectory;
  checkpoint: Checkpoint;
  /** The corrective context the agent was given (its system prompt). */
  prompt: string;
  environment: string;
  restore: RestoreResult[];
  turns: AgentTurn[];
  verify: { command: string; exitCode: number | null; output: string } | null;
  status: ReplayStatus;
  reason: string;
  summary: string;
  model: string;
  version: string;
}

type Obj = Record<string, unknown>;

function argsObject(raw: unknown): unknown {
  if (typeof raw !== 'string') return raw ?? {};
  try {
    return JSON.parse(raw);
  } catch {
    return { raw };
  }
}

function copiedStep(s: Step): Obj {
  const source = s.actor === 'agent' || s.actor === 'user' ? s.actor : 'system';
  const out: Obj = { source, is_copied_context: true };
  if (s.timestamp) out.timestamp = s.timestamp;
  if (s.toolCalls.length && s.actor === 'agent') {
    const ids = s.toolCalls.map((c, i) => c.id ?? `origin-${s.id}-${i}`);
    out.message = '';
    if (s.reasoning) out.reasoning_content = s.reasoning;
    out.tool_calls = s.toolCalls.map((c, i) => ({
      tool_call_id: ids[i],
      function_name: c.name,
      arguments: argsObject(c.arguments),
    }));
    if (s.observation !== null)
      out.observation = { results: [{ source_call_id: ids[0], content: s.observation }] };
  } else {
    out.message = s.action;
    if (s.reasoning) out.reasoning_content = s.reasoning;
    if (s.observation !== null) out.observation = { results: [{ content: s.observation }] };
  }
  return out;
}

function turnStep(t: AgentTurn, model: string): Obj {
  const out: Obj = { source: 'agent', timestamp: t.timestamp, model_name: model, message: t.text };
  if (t.reasoning) out.reasoning_content = t.reasoning;
  if (t.calls.length) {
    out.tool_calls = t.calls.map((c) => ({
      tool_call_id: c.id,
      function_name: c.name,
      arguments: argsObject(c.arguments),
    }));
    out.observation = { results: t.results.map((r) => ({ source_call_id: r.id, content: r.content })) };
  }
  out.metrics = {
    prompt_tokens: t.usage.input,
    completion_tokens: t.usage.output,
    cached_tokens: t.usage.cached,
    ...(t.cost !== null ? { cost_usd: t.cost } : {}),
  };
  return out;
}

export function replayAtif(i: ReplayRecordInput): Obj {
  const cp = i.checkpoint;
  const copied = i.origin.steps.filter((s) => s.id < cp.breakpoint).map(copiedStep);
  const steps: Obj[] = [];
  // The task is the first user message (the ATIF reader takes it from there).
  if (!copied.some((s) => s.source === 'user')) steps.push({ source: 'user', message: cp.task });
  steps.push(...copied);
  const restoreLines = i.restore.map(
    (r) => `- step ${r.stepId}: ${r.what}: ${r.ok ? 'done' : 'NOT done'}${r.note ? ` (${r.note})` : ''}`,
  );
  steps.push({
    source: 'system',
    message:
      `Replay from step ${cp.breakpoint} of ${cp.origin.trajId} in ${i.environment}.\n` +
      (restoreLines.length ? `Restore:\n${restoreLines.join('\n')}\n\n` : '\n') +
      i.prompt,
  });
  steps.push(...i.turns.map((t) => turnStep(t, i.model)));
  if (i.verify) {
    steps.push({
      source: 'system',
      message: `verify: ${i.verify.command}\nexit code: ${i.verify.exitCode ?? 'none (timed out)'}\n${i.verify.output}`,
    });
  }
  const total = (k: 'input' | 'output') => i.turns.reduce((n, t) => n + t.usage[k], 0);
  const costs = i.turns.map((t) => t.cost);
  return {
    schema_version: 'ATIF-v1.2',
    session_id: randomUUID(),
    agent: { name: REPLAY_AGENT_NAME, version: i.version, model_name: i.model },
    notes: `Replay of ${cp.origin.trajId} from step ${cp.breakpoint}: ${i.status} (${i.reason})`,
    continued_trajectory_ref: cp.origin.address,
    steps: steps.map((s, n) => ({ step_id: n + 1, ...s })),
    final_metrics: {
      total_prompt_tokens: total('input'),
      total_completion_tokens: total('output'),
      ...(costs.every((c) => c !== null) ? { total_cost_usd: costs.reduce((a, c) => a + (c ?? 0), 0) } : {}),
      total_steps: steps.length,
    },
    extra: {
      codetracer_replay: {
        origin: cp.origin.address,
        origin_traj_id: cp.origin.trajId,
        origin_format: cp.origin.format,
        breakpoint_step: cp.breakpoint,
        breakpoint_reason: cp.breakpointReason,
        first_replayed_step: steps.length - i.turns.length - (i.verify ? 1 : 0) + 1,
        status: i.status,
        reason: i.reason,
        summary: i.summary,
        environment: i.environment,
        verify: i.verify ? { command: i.verify.command, exit_code: i.verify.exitCode } : null,
        diagnosis_source: cp.diagnosisSource,
      },
    },
  };
}

/** Write the trial layout into `dir` (a fresh folder). Returns the trajectory file. */
export async function writeReplayRecord(dir: string, i: ReplayRecordInput): Promise<string> {
  await fs.mkdir(path.join(dir, 'agent'), { recursive: true });
  const file = path.join(dir, 'agent', 'trajectory.json');
  await writeJsonAtomic(file, replayAtif(i));
  if (i.verify) {
    await fs.mkdir(path.join(dir, 'verifier'), { recursive: true });
    await writeFileAtomic(path.join(dir, 'verifier', 'reward.txt'), i.verify.exitCode === 0 ? '1\n' : '0\n');
  }
  return file;
}
