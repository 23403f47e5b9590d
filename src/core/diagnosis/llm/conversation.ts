// Turning a run's transcript into the `<output>.traj.json` document (format codetracer_conversation).
import { formatCost } from '../../llm/cost.js';
import { redact } from '../../llm/redact.js';
import {
  CONVERSATION_FORMAT,
  CONVERSATION_VERSION,
  type ConversationDocument,
  type ConversationMessage,
} from '../../formats/codetracer_conversation/document.js';
import type { Trajectory } from '../../model/trajectory.js';
import type { LoggedMessage } from './controller/transcript.js';
import type { Budget } from './limits.js';
import type { RecordedLabel } from './state.js';

export interface ConversationInput {
  traj: Trajectory;
  address?: string;
  model: string;
  profile: string;
  status: string;
  reason: string;
  startedAt: Date;
  endedAt: Date;
  messages: LoggedMessage[];
  budget: Budget;
  labels: RecordedLabel[];
  secrets: string[];
}

export function conversationDocument(i: ConversationInput): ConversationDocument {
  const clean = (s: string) => redact(s, i.secrets);
  const messages = i.messages.map((m): ConversationMessage => {
    const o: ConversationMessage = {
      role: m.role,
      content: m.content === null ? null : clean(m.content),
      timestamp: m.timestamp,
    };
    if (m.reasoning) o.reasoning = clean(m.reasoning);
    if (m.toolCalls?.length)
      o.tool_calls = m.toolCalls.map((c) => ({ id: c.id, name: c.name, arguments: clean(c.arguments) }));
    if (m.toolCallId) o.tool_call_id = m.toolCallId;
    if (m.name) o.name = m.name;
    if (m.ok !== undefined) o.ok = m.ok;
    if (m.usage) {
      o.usage = {
        prompt_tokens: m.usage.input,
        completion_tokens: m.usage.output,
        cached_tokens: m.usage.cached,
        ...(m.usage.estimated ? { estimated: true } : {}),
      };
    }
    if (m.cost !== undefined) o.cost_usd = m.cost;
    if (m.kind) o.kind = m.kind;
    return o;
  });
  const b = i.budget;
  const summary = [
    `Total cost: ${formatCost(b.cost)}${b.priced ? ` / ${formatCost(b.limits.costUsd)}` : ` (price of ${i.model} unknown; token limit ${b.limits.tokenLimit})`}`,
    `Total tokens: ${b.usage.input} input, ${b.usage.output} output${b.usage.cached ? `, ${b.usage.cached} cached` : ''}${b.usage.estimated ? ' (partly estimated)' : ''}`,
    `API calls: ${b.calls}`,
    `Status: ${i.status}${i.reason ? ` (${i.reason})` : ''}`,
  ].join('\n');
  return {
    format: CONVERSATION_FORMAT,
    version: CONVERSATION_VERSION,
    diagnosed_run: {
      traj_id: i.traj.id,
      format: i.traj.format,
      ...(i.address !== undefined ? { address: i.address } : {}),
      step_count: i.traj.steps.length,
    },
    model: i.model,
    profile: i.profile,
    status: i.status,
    reason: clean(i.reason),
    started_at: i.startedAt.toISOString(),
    ended_at: i.endedAt.toISOString(),
    messages,
    n_calls: b.calls,
    total_prompt_tokens: b.usage.input,
    total_completion_tokens: b.usage.output,
    usage_estimated: b.usage.estimated,
    cost_usd: b.cost,
    cost_summary: summary,
    labels: i.labels.map((l) => ({ step_id: l.stepId, verdict: l.verdict, reasoning: clean(l.reasoning) })),
  };
}
