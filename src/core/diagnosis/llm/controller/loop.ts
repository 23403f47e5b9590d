// The diagnosis agent loop: ask the model, run its tool calls, repeat until a valid final answer, a
// limit, an abort or an unrecoverable error. Compacts the context when it grows past the window.
import type { Limits } from '../../../config/resolve.js';
import { compactMessages } from '../../../compaction/compact.js';
import { estimateRequest } from '../../../compaction/estimate.js';
import { capToolOutput } from '../../../compaction/truncate.js';
import { isLlmError } from '../../../llm/errors.js';
import type { ChatHandlers, ChatMessage, ChatRequest, ChatResult } from '../../../llm/types.js';
import { redact } from '../../../llm/redact.js';
import type { Diagnosis } from '../../../profiles/diagnosis.js';
import type { ToolContext } from '../context.js';
import type { DiagnosisListener, RunStatus } from '../events.js';
import { Budget } from '../limits.js';
import { SUMMARY_SYSTEM_PROMPT } from '../prompt.js';
import type { Toolset } from '../tools/index.js';
import { dispatch } from './dispatch.js';
import { Transcript } from './transcript.js';

/** What the loop needs from an LLM client (LlmClient satisfies it). */
export interface ChatModel {
  readonly model: string;
  chat(req: ChatRequest, h?: ChatHandlers): Promise<ChatResult>;
}

export interface LoopInput {
  llm: ChatModel;
  ctx: ToolContext;
  toolset: Toolset;
  /** System prompt and task message. */
  initial: ChatMessage[];
  limits: Limits;
  /** The model has a price: cost is limited in USD, else in tokens. */
  priced: boolean;
  contextWindow: number;
  compaction: { keepRecentMessages: number; threshold: number };
  emit: DiagnosisListener;
  signal?: AbortSignal;
  maxToolChars?: number;
  /** Secrets to keep out of every error message (the API key). */
  secrets?: string[];
  /** Called after each step whose tool calls ran (memory extraction starts from here); not awaited. */
  onStep?: (s: LoopStep) => void;
}

/** What a step hook sees: the run so far, its budget (extra calls are counted in it) and its signal. */
export interface LoopStep {
  step: number;
  budget: Budget;
  transcript: Transcript;
  ctx: ToolContext;
  /** Aborted by the user, the wall clock or the end of the run. */
  signal: AbortSignal;
}

export interface LoopOutcome {
  status: RunStatus;
  reason: string;
  final: Diagnosis | null;
  budget: Budget;
  transcript: Transcript;
  compactions: number;
}

const NUDGE =
  'Use the tools to inspect the run and record labels; call finish with the final answer when you are done.';

export async function runLoop(i: LoopInput): Promise<LoopOutcome> {
  const { ctx, toolset, emit } = i;
  const state = ctx.state;
  const budget = new Budget(i.limits, i.priced);
  const transcript = new Transcript();
  let messages = [...i.initial];
  for (const m of messages) transcript.add(m);
  const pinned = messages.length;
  const clean = (s: string) => redact(s, i.secrets ?? []);

  // Wall clock: a timer aborts the in-flight call; the user's signal aborts everything.
  const limitCtrl = new AbortController();
  // setTimeout fires at once for delays past 2^31-1 ms, so very long limits are clamped.
  const wallTimer = setTimeout(() => limitCtrl.abort(), Math.min(budget.remainingMs(), 2 ** 31 - 1));
  const signal = i.signal ? AbortSignal.any([i.signal, limitCtrl.signal]) : limitCtrl.signal;

  let status: RunStatus | null = null;
  let reason = '';
  let final: Diagnosis | null = null;
  let compactions = 0;
  let steps = 0;
  const stop = (s: RunStatus, r: string) => {
    status = s;
    reason = r;
  };
  const interrupted = (): boolean => {
    if (i.signal?.aborted) stop('aborted', 'aborted by the user');
    else if (limitCtrl.signal.aborted)
      stop('limits_exceeded', budget.exceeded() ?? 'wall-clock limit reached');
    else return false;
    return true;
  };

  const summarize = async (text: string): Promise<string> => {
    const over = budget.exceeded();
    if (over) throw new Error(over);
    const req: ChatMessage[] = [
      { role: 'system', content: SUMMARY_SYSTEM_PROMPT },
      { role: 'user', content: text },
    ];
    const r = await i.llm.chat({ messages: req }, { signal });
    budget.add(r.usage, r.cost);
    emit({
      type: 'usage',
      call: budget.calls,
      usage: r.usage,
      cost: r.cost,
      totalUsage: budget.usage,
      totalCost: budget.cost,
    });
    transcript.add(
      { role: 'assistant', content: r.content },
      { kind: 'summary_request', usage: r.usage, cost: r.cost },
    );
    return r.content;
  };

  const maybeCompact = async () => {
    const threshold = Math.floor(i.contextWindow * i.compaction.threshold);
    if (estimateRequest(messages, toolset.specs) <= threshold) return;
    // Aim for half of the room the pinned head leaves, so compaction does not fire again at once.
    const head = estimateRequest(messages.slice(0, pinned), toolset.specs);
    const r = await compactMessages(messages, {
      pinned,
      keepRecent: i.compaction.keepRecentMessages,
      targetTokens: head + Math.floor(Math.max(0, threshold - head) / 2),
      limitTokens: threshold,
      labelsText: state.labelsText(),
      tools: toolset.specs,
      summarize,
    });
    messages = r.messages;
    compactions++;
    const note = messages[pinned];
    if (note?.role === 'user')
      transcript.add(note, { kind: r.tier === 1 ? 'compaction_summary' : 'compaction_window' });
    emit({
      type: 'compaction',
      tier: r.tier,
      tokensBefore: r.tokensBefore,
      tokensAfter: r.tokensAfter,
      note: clean(r.note),
    });
  };

  const push = (m: ChatMessage, extra: Parameters<Transcript['add']>[1] = {}) => {
    messages.push(m);
    transcript.add(m, extra);
  };

  try {
    while (status === null) {
      if (interrupted()) break;
      const over = budget.exceeded();
      if (over) {
        stop('limits_exceeded', over);
        break;
      }
      const warning = budget.takeWarning();
      if (warning) {
        push({ role: 'user', content: warning }, { kind: 'budget_warning' });
        emit({ type: 'budget_warning', message: warning, fraction: budget.fraction() });
      }
      await maybeCompact();
      if (interrupted()) break;

      const call = budget.calls + 1;
      state.call = call;
      emit({ type: 'step_start', call });
      let res: ChatResult;
      try {
        res = await i.llm.chat(
          { messages, tools: toolset.specs },
          {
            signal,
            onText: (text) => emit({ type: 'text_delta', call, text }),
            onReasoning: (text) => emit({ type: 'reasoning_delta', call, text }),
            onRetry: (r) =>
              emit({ type: 'retry', call, attempt: r.attempt, delayMs: r.delayMs, reason: clean(r.reason) }),
          },
        );
      } catch (e) {
        if (interrupted()) break;
        const msg = clean(isLlmError(e) ? e.message : `LLM call failed: ${(e as Error).message}`);
        emit({ type: 'error', message: msg, fatal: true });
        stop('error', msg);
        break;
      }
      budget.add(res.usage, res.cost);
      emit({
        type: 'usage',
        call,
        usage: res.usage,
        cost: res.cost,
        totalUsage: budget.usage,
        totalCost: budget.cost,
      });
      push(
        {
          role: 'assistant',
          content: res.content || null,
          ...(res.reasoning ? { reasoning: res.reasoning } : {}),
          toolCalls: res.toolCalls,
        },
        { usage: res.usage, cost: res.cost },
      );

      if (!res.toolCalls.length) {
        state.toolErrors++;
        if (state.toolErrors > i.limits.maxToolErrors) {
          stop('error', 'the model kept answering without using the tools');
          break;
        }
        push({ role: 'user', content: NUDGE }, { kind: 'nudge' });
        continue;
      }

      for (const tc of res.toolCalls) {
        emit({ type: 'tool_call', call, id: tc.id, name: tc.name, arguments: tc.arguments });
        if (final) {
          push(
            {
              role: 'tool',
              toolCallId: tc.id,
              name: tc.name,
              content: 'Ignored: the diagnosis already finished.',
            },
            { ok: false },
          );
          continue;
        }
        const d = await dispatch(tc, toolset, ctx);
        if (d.protocolError) state.toolErrors++;
        const content = capToolOutput(d.result.content, i.maxToolChars);
        push({ role: 'tool', toolCallId: tc.id, name: tc.name, content }, { ok: d.result.ok });
        emit({
          type: 'tool_result',
          call,
          id: tc.id,
          name: tc.name,
          ok: d.result.ok,
          chars: content.length,
          preview: content.slice(0, 200),
        });
        if (tc.name === 'record_label' && d.result.ok) {
          const id = (JSON.parse(tc.arguments) as { step_id: number }).step_id;
          const label = state.labels.get(id);
          if (label) emit({ type: 'label', label, total: state.labels.size });
        }
        if (tc.name === 'finish') {
          if (d.result.final) final = d.result.final as Diagnosis;
          else state.outputRejections++;
        }
      }
      if (final) {
        stop('completed', 'final answer accepted');
        break;
      }
      if (state.outputRejections > i.limits.maxOutputRetries) {
        stop(
          'invalid_output',
          `the final answer was still invalid after ${i.limits.maxOutputRetries} correction(s)`,
        );
        break;
      }
      if (state.toolErrors > i.limits.maxToolErrors) {
        stop('error', `too many malformed tool calls (${state.toolErrors})`);
        break;
      }
      // The run goes on: a step hook may start work beside it (memory extraction).
      steps++;
      if (i.onStep) {
        try {
          i.onStep({ step: steps, budget, transcript, ctx, signal });
        } catch {
          // A hook's bug must not end a diagnosis.
        }
      }
    }
  } catch (e) {
    // Compaction or a listener can still throw on abort; anything else is a bug reported as an error.
    if (!interrupted()) stop('error', clean(`internal error: ${(e as Error).message}`));
  } finally {
    clearTimeout(wallTimer);
  }
  return { status: status ?? 'error', reason, final, budget, transcript, compactions };
}
