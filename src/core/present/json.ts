// The public JSON shape of a trajectory (snake_case, stable): what `inspect --json` prints.
import type { Step, Trajectory } from '../model/trajectory.js';

export function stepToJson(s: Step): Record<string, unknown> {
  const o: Record<string, unknown> = {
    id: s.id,
    actor: s.actor,
    action: s.action,
    tool_calls: s.toolCalls.map((c) => ({
      ...(c.id ? { id: c.id } : {}),
      name: c.name,
      arguments: c.arguments,
    })),
    observation: s.observation,
    reasoning: s.reasoning,
  };
  if (s.agentName) o.agent_name = s.agentName;
  if (s.tool) o.tool = s.tool;
  if (s.timestamp) o.timestamp = s.timestamp;
  if (s.endTimestamp) o.end_timestamp = s.endTimestamp;
  if (s.tokens) o.tokens = s.tokens;
  if (s.parallelGroup !== undefined) o.parallel_group = s.parallelGroup;
  if (s.exitCode !== undefined) o.exit_code = s.exitCode;
  if (s.edits) {
    o.edits = s.edits.map((e) => ({
      path: e.path,
      kind: e.kind,
      ...(e.oldText != null ? { old_text: e.oldText } : {}),
      ...(e.newText != null ? { new_text: e.newText } : {}),
      ...(e.line !== undefined ? { line: e.line } : {}),
    }));
  }
  if (s.raw) o.raw = s.raw;
  return o;
}

export function trajectoryToJson(t: Trajectory, steps: Step[] = t.steps): Record<string, unknown> {
  return {
    id: t.id,
    format: t.format,
    agent: t.agent,
    model: t.model,
    task: t.task,
    verdict: {
      solved: t.verdict.solved,
      ...(t.verdict.reward !== undefined ? { reward: t.verdict.reward } : {}),
      ...(t.verdict.exitStatus !== undefined ? { exit_status: t.verdict.exitStatus } : {}),
      ...(t.verdict.source ? { source: t.verdict.source } : {}),
    },
    step_count: t.steps.length,
    steps: steps.map(stepToJson),
    ...(t.stages
      ? {
          stages: t.stages.map((s) => ({
            stage_id: s.id,
            start_step_id: s.start,
            end_step_id: s.end,
            ...(s.label ? { label: s.label } : {}),
          })),
        }
      : {}),
    ...(t.gold ? { gold: t.gold } : {}),
    sources: t.sources,
    warnings: t.warnings,
    metadata: t.metadata,
  };
}
