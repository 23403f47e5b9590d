// The only module that talks to an OpenAI-compatible endpoint. Streaming chat completions with tool
// calls, our own retries (the SDK's are off), an idle timeout per request, abort, usage and cost.
import OpenAI from 'openai';
import type { PriceEntry } from '../config/models.js';
import { estimateRequest, estimateText } from '../compaction/estimate.js';
import { costOf } from './cost.js';
import { LlmError } from './errors.js';
import { redact } from './redact.js';
import { parseRetryAfter, retryDelay, sleep } from './retry.js';
import { StreamAccumulator, type ChunkLike, type UsageLike } from './stream.js';
import type { ChatHandlers, ChatMessage, ChatRequest, ChatResult, ToolCallRequest, Usage } from './types.js';

export const OPENAI_DEFAULT_BASE = 'https://api.openai.com/v1';

export interface LlmSettings {
  /** Base URL including "/v1"; null = OpenAI's. */
  apiBase: string | null;
  apiKey: string;
  model: string;
  /** Abort an attempt when the server sends nothing (no headers, no chunk) for this long. */
  timeoutMs: number;
  /** Retries after the first attempt, for 429 / 5xx / connection errors / timeouts. */
  maxRetries: number;
  retryBaseMs: number;
  retryMaxMs: number;
  retryAfterCapMs: number;
  prices: PriceEntry[];
  /** Stream responses (default). Off for servers that cannot. */
  stream: boolean;
  /** Ask for usage in the stream (`stream_options.include_usage`). */
  streamUsage: boolean;
}

export const DEFAULT_LLM_TUNING = {
  timeoutMs: 120_000,
  maxRetries: 4,
  retryBaseMs: 1_000,
  retryMaxMs: 30_000,
  retryAfterCapMs: 60_000,
  stream: true,
  streamUsage: true,
} as const;

export interface LlmClientDeps {
  random?: () => number;
}

export class LlmClient {
  readonly settings: LlmSettings;
  private readonly sdk: OpenAI;
  private readonly random: () => number;

  constructor(settings: LlmSettings, deps: LlmClientDeps = {}) {
    this.settings = settings;
    this.random = deps.random ?? Math.random;
    this.sdk = new OpenAI({
      apiKey: settings.apiKey,
      baseURL: (settings.apiBase ?? OPENAI_DEFAULT_BASE).replace(/\/+$/, ''),
      maxRetries: 0,
      timeout: settings.timeoutMs,
      logLevel: 'off',
    });
  }

  get model(): string {
    return this.settings.model;
  }

  /** A human name for where requests go: host only, never credentials. */
  endpoint(): string {
    try {
      const u = new URL(this.settings.apiBase ?? OPENAI_DEFAULT_BASE);
      return u.host;
    } catch {
      return 'the configured endpoint';
    }
  }

  /** One chat completion, retried on transient failures. Throws LlmError. */
  async chat(req: ChatRequest, h: ChatHandlers = {}): Promise<ChatResult> {
    const started = Date.now();
    for (let attempt = 1; ; attempt++) {
      try {
        const r = await this.attempt(req, h);
        return { ...r, durationMs: Date.now() - started, attempts: attempt };
      } catch (e) {
        const err = this.classify(e, h.signal);
        if (!err.retryable || attempt > this.settings.maxRetries) throw err;
        const delayMs = retryDelay(
          attempt,
          err.retryAfterMs,
          {
            baseMs: this.settings.retryBaseMs,
            maxMs: this.settings.retryMaxMs,
            retryAfterCapMs: this.settings.retryAfterCapMs,
          },
          this.random,
        );
        h.onRetry?.({ attempt, delayMs, reason: err.message });
        try {
          await sleep(delayMs, h.signal);
        } catch {
          throw new LlmError('aborted', 'LLM request aborted');
        }
      }
    }
  }

  /** Model ids the endpoint serves. */
  async listModels(signal?: AbortSignal): Promise<string[]> {
    try {
      const ids: string[] = [];
      for await (const m of this.sdk.models.list({ signal, maxRetries: 0 })) ids.push(m.id);
      return ids;
    } catch (e) {
      throw this.classify(e, signal);
    }
  }

  private async attempt(
    req: ChatRequest,
    h: ChatHandlers,
  ): Promise<Omit<ChatResult, 'durationMs' | 'attempts'>> {
    const ctrl = new AbortController();
    const state = { timedOut: false };
    let timer: NodeJS.Timeout | undefined;
    const arm = () => {
      clearTimeout(timer);
      timer = setTimeout(() => {
        state.timedOut = true;
        ctrl.abort();
      }, this.settings.timeoutMs);
    };
    const onUserAbort = () => ctrl.abort();
    if (h.signal?.aborted) throw new LlmError('aborted', 'LLM request aborted');
    h.signal?.addEventListener('abort', onUserAbort, { once: true });
    arm();
    const acc = new StreamAccumulator(h);
    try {
      const body = this.body(req);
      const opts = { signal: ctrl.signal, maxRetries: 0, timeout: this.settings.timeoutMs };
      if (this.settings.stream) {
        const stream = await this.sdk.chat.completions.create(
          {
            ...body,
            stream: true,
            ...(this.settings.streamUsage ? { stream_options: { include_usage: true } } : {}),
          } as OpenAI.Chat.ChatCompletionCreateParamsStreaming,
          opts,
        );
        for await (const chunk of stream) {
          arm();
          acc.add(chunk as ChunkLike);
        }
      } else {
        const resp = await this.sdk.chat.completions.create(
          { ...body, stream: false } as OpenAI.Chat.ChatCompletionCreateParamsNonStreaming,
          opts,
        );
        acc.add(nonStreamingAsChunk(resp as unknown as NonStreamingLike));
      }
      // The SDK ends a stream quietly when its signal aborts: a timeout or an abort must not pass for a
      // complete (but truncated) answer.
      if (ctrl.signal.aborted) throw new Error('stream interrupted');
    } catch (e) {
      if (state.timedOut) {
        throw new LlmError(
          'timeout',
          `LLM request timed out after ${Math.round(this.settings.timeoutMs / 1000)} s without data from ${this.endpoint()}`,
          { retryable: true },
        );
      }
      throw e;
    } finally {
      clearTimeout(timer);
      h.signal?.removeEventListener('abort', onUserAbort);
    }
    const toolCalls = acc.toolCalls();
    const usage = this.usageOf(acc.usage, req, acc.content, acc.reasoning, toolCalls);
    return {
      content: acc.content,
      reasoning: acc.reasoning,
      toolCalls,
      finishReason: acc.finishReason,
      usage,
      cost: costOf(this.settings.prices, this.settings.model, usage),
      model: acc.model ?? this.settings.model,
    };
  }

  private body(req: ChatRequest): Record<string, unknown> {
    const b: Record<string, unknown> = {
      model: this.settings.model,
      messages: req.messages.map(toWire),
    };
    if (req.tools?.length) {
      b.tools = req.tools.map((t) => ({
        type: 'function',
        function: { name: t.name, description: t.description, parameters: t.parameters },
      }));
    }
    if (req.maxTokens !== undefined) b.max_tokens = req.maxTokens;
    if (req.temperature !== undefined) b.temperature = req.temperature;
    return b;
  }

  private usageOf(
    u: UsageLike | null,
    req: ChatRequest,
    content: string,
    reasoning: string,
    calls: ToolCallRequest[],
  ): Usage {
    if (u && typeof u.prompt_tokens === 'number') {
      return {
        input: u.prompt_tokens,
        output: u.completion_tokens ?? 0,
        cached: u.prompt_tokens_details?.cached_tokens ?? 0,
        estimated: false,
      };
    }
    // No usage from the server: our own estimate, marked as such.
    let out = estimateText(content) + estimateText(reasoning);
    for (const c of calls) out += estimateText(c.name) + estimateText(c.arguments);
    return { input: estimateRequest(req.messages, req.tools), output: out, cached: 0, estimated: true };
  }

  /** Any failure → LlmError with a kind, retryability and a message without the key. */
  private classify(e: unknown, userSignal?: AbortSignal): LlmError {
    const clean = (s: string) => redact(s, [this.settings.apiKey]);
    if (e instanceof LlmError) return e.kind === 'aborted' || userSignal?.aborted ? asAborted(e) : e;
    if (userSignal?.aborted) return new LlmError('aborted', 'LLM request aborted');
    const where = this.endpoint();
    if (e instanceof OpenAI.APIError && typeof e.status === 'number') {
      const status = e.status;
      const detail = clean(shortMessage(e));
      const retryAfterMs = parseRetryAfter(e.headers as Headers | undefined);
      if (status === 401 || status === 403) {
        return new LlmError('auth', `LLM endpoint ${where} refused the API key (HTTP ${status}): ${detail}`, {
          status,
        });
      }
      if (status === 429)
        return new LlmError('rate_limit', `LLM endpoint ${where} is rate limiting (HTTP 429): ${detail}`, {
          status,
          retryable: true,
          retryAfterMs,
        });
      if (status >= 500 || status === 408 || status === 409) {
        return new LlmError('server', `LLM endpoint ${where} failed (HTTP ${status}): ${detail}`, {
          status,
          retryable: true,
          retryAfterMs,
        });
      }
      return new LlmError(
        'bad_request',
        `LLM endpoint ${where} rejected the request (HTTP ${status}): ${detail}`,
        { status },
      );
    }
    const msg = clean(e instanceof Error ? e.message : String(e));
    if (e instanceof OpenAI.APIConnectionTimeoutError) {
      return new LlmError('timeout', `LLM request to ${where} timed out`, { retryable: true });
    }
    // Connection refused/reset, a stream cut mid-way, garbage in the stream: all worth another try.
    return new LlmError('connection', `LLM connection to ${where} failed: ${msg.split('\n')[0]}`, {
      retryable: true,
    });
  }
}

function asAborted(e: LlmError): LlmError {
  return e.kind === 'aborted' ? e : new LlmError('aborted', 'LLM request aborted');
}

function shortMessage(e: InstanceType<typeof OpenAI.APIError>): string {
  const m = (e.message || '').replace(/\s+/g, ' ').trim();
  return m.length > 300 ? m.slice(0, 299) + '…' : m;
}

function toWire(m: ChatMessage): Record<string, unknown> {
  switch (m.role) {
    case 'system':
    case 'user':
      return { role: m.role, content: m.content };
    case 'assistant': {
      // Reasoning stays with us: several servers reject reasoning fields in input messages.
      const o: Record<string, unknown> = { role: 'assistant', content: m.content ?? '' };
      if (m.toolCalls?.length) {
        o.tool_calls = m.toolCalls.map((c) => ({
          id: c.id,
          type: 'function',
          function: { name: c.name, arguments: c.arguments },
        }));
        if (!m.content) o.content = null;
      }
      return o;
    }
    case 'tool':
      return { role: 'tool', tool_call_id: m.toolCallId, content: m.content };
  }
}

interface NonStreamingLike {
  model?: string;
  usage?: UsageLike;
  choices?: {
    finish_reason?: string | null;
    message?: {
      content?: string | null;
      reasoning_content?: string | null;
      reasoning?: string | null;
      tool_calls?: { id?: string; function?: { name?: string; arguments?: string } }[];
    };
  }[];
}

function nonStreamingAsChunk(r: NonStreamingLike): ChunkLike {
  const c = r.choices?.[0];
  const msg = c?.message ?? {};
  return {
    model: r.model,
    usage: r.usage ?? null,
    choices: [
      {
        finish_reason: c?.finish_reason ?? null,
        delta: {
          content: msg.content ?? null,
          reasoning_content: msg.reasoning_content ?? msg.reasoning ?? null,
          tool_calls: (msg.tool_calls ?? []).map((t, index) => ({ index, id: t.id, function: t.function })),
        },
      },
    ],
  };
}
