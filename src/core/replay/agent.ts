// The replay agent: an LLM tool-calling loop that continues the task in the replay environment with
// the correction injected. Bounded by a step (LLM turn) limit, the cost/token/time limits of the
// configuration and a per-command timeout. Every text it surfaces is redacted of the API key.
import type { Limits } from '../config/resolve.js';
import { Budget } from '../diagnosis/llm/limits.js';
import type { ChatModel } from '../diagnosis/llm/controller/loop.js';
import type { ChatMessage, ToolCallRequest, Usage } from '../llm/types.js';
import { redact } from '../llm/redact.js';
import type { ReplayEnvironment } from './environment.js';
import { REPLAY_TOOLS, runTool } from './tools.js';
import type { ReplayListener } from './types.js';

export interface AgentTurn {
  timestamp: string;
  text: string;
  reasoning: string;
  calls: ToolCallRequest[];
  results: { id: string; content: string; ok: boolean }[];
  usage: Usage;
  cost: number | null;
}

export interface AgentInput {
  llm: ChatModel;
  env: ReplayEnvironment;
  system: string;
  firstMessage: string;
  maxSteps: number;
  limits: Limits;
  priced: boolean;
  commandTimeoutMs: number;
  secrets: string[];
  emit: ReplayListener;
  signal?: AbortSignal;
}

export interface AgentOutcome {
  /** finished: the agent called finish; the rest end it early. */
  end: 'finished' | 'limits_exceeded' | 'aborted' | 'error';
  reason: string;
  summary: string;
  turns: AgentTurn[];
  budget: Budget;
}

const NUDGE = 'Use the tools: run commands with `shell`, and call `finish` when the task is done.';
const MAX_NUDGES = 3;
const PREVIEW = 200;

export async function runReplayAgent(i: AgentInput): Promise<AgentOutcome> {
  const budget = new Budget({ ...i.limits, maxCalls: i.maxSteps }, i.priced);
  const clean = (s: string) => redact(s, i.secrets);
  const messages: ChatMessage[] = [
    { role: 'system', content: i.system },
    { role: 'user', content: i.firstMessage },
  ];
  const turns: AgentTurn[] = [];
  const timer = new AbortController();
  const wall = setTimeout(() => timer.abort(), Math.min(budget.remainingMs(), 2 ** 31 - 1));
  const signal = i.signal ? AbortSignal.any([i.signal, timer.signal]) : timer.signal;
  let nudges = 0;
  const end = (e: AgentOutcome['end'], reason: string, summary = ''): AgentOutcome => {
    clearTimeout(wall);
    return { end: e, reason, summary, turns, budget };
  };
  const stopped = (): AgentOutcome | null => {
    if (i.signal?.aborted) return end('aborted', 'aborted by the user');
    if (timer.signal.aborted) return end('limits_exceeded', budget.exceeded() ?? 'wall-clock limit reached');
    return null;
  };
  for (;;) {
    const s = stopped();
    if (s) return s;
    const over = budget.exceeded();
    if (over) {
      const steps = over.startsWith('LLM call limit') ? `step limit reached (${i.maxSteps} steps)` : over;
      return end('limits_exceeded', steps);
    }
    const step = budget.calls + 1;
    i.emit({ type: 'step_start', step });
    let res;
    try {
      res = await i.llm.chat(
        { messages, tools: REPLAY_TOOLS },
        { signal, onText: (text) => i.emit({ type: 'text', step, text: clean(text) }) },
      );
    } catch (e) {
      const s2 = stopped();
      if (s2) return s2;
      return end('error', clean(`LLM call failed: ${(e as Error).message.split('\n')[0]}`));
    }
    budget.add(res.usage, res.cost);
    const turn: AgentTurn = {
      timestamp: new Date().toISOString(),
      text: clean(res.content),
      reasoning: clean(res.reasoning),
      calls: res.toolCalls.map((c) => ({ ...c, arguments: clean(c.arguments) })),
      results: [],
      usage: res.usage,
      cost: res.cost,
    };
    turns.push(turn);
    messages.push({
      role: 'assistant',
      content: res.content || null,
      ...(res.reasoning ? { reasoning: res.reasoning } : {}),
      toolCalls: res.toolCalls,
    });
    if (!res.toolCalls.length) {
      if (++nudges > MAX_NUDGES) return end('error', 'the model kept answering without using the tools');
      messages.push({ role: 'user', content: NUDGE });
      continue;
    }
    let finished: string | null = null;
    for (const tc of res.toolCalls) {
      i.emit({ type: 'tool_call', step, name: tc.name, arguments: clean(tc.arguments) });
      const out =
        finished !== null
          ? { ok: false, content: 'Ignored: the replay already finished.' }
          : await runTool(tc.name, clean(tc.arguments), i.env, { timeoutMs: i.commandTimeoutMs, signal });
      const content = clean(out.content);
      turn.results.push({ id: tc.id, content, ok: out.ok });
      messages.push({ role: 'tool', toolCallId: tc.id, name: tc.name, content });
      i.emit({ type: 'tool_result', step, name: tc.name, ok: out.ok, preview: content.slice(0, PREVIEW) });
      if ('finished' in out && out.finished !== undefined && finished === null)
        finished = clean(out.finished);
    }
    if (finished !== null) return end('finished', 'the agent called finish', finished);
  }
}
