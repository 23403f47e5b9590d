// The LLM vocabulary the rest of the code speaks. It mirrors chat completions but owes nothing to the
// SDK's types, so only src/core/llm imports `openai`.

export interface ToolCallRequest {
  id: string;
  name: string;
  /** Raw JSON text as the model produced it (may be malformed). */
  arguments: string;
}

export type ChatMessage =
  | { role: 'system'; content: string }
  | { role: 'user'; content: string }
  | { role: 'assistant'; content: string | null; reasoning?: string; toolCalls?: ToolCallRequest[] }
  | { role: 'tool'; toolCallId: string; name?: string; content: string };

/** A function tool offered to the model; `parameters` is a JSON Schema object. */
export interface ToolSpec {
  name: string;
  description: string;
  parameters: Record<string, unknown>;
}

export interface ChatRequest {
  messages: ChatMessage[];
  tools?: ToolSpec[];
  maxTokens?: number;
  temperature?: number;
}

export interface Usage {
  input: number;
  output: number;
  /** Input tokens served from the provider's prompt cache. */
  cached: number;
  /** True when the server sent no usage and these numbers are our own estimate. */
  estimated: boolean;
}

export interface ChatResult {
  content: string;
  reasoning: string;
  toolCalls: ToolCallRequest[];
  finishReason: string | null;
  usage: Usage;
  /** USD, or null when the model has no price in the table ("unknown"). */
  cost: number | null;
  model: string;
  durationMs: number;
  /** 1 + the retries this call needed. */
  attempts: number;
}

export interface RetryInfo {
  attempt: number;
  delayMs: number;
  reason: string;
}

export interface ChatHandlers {
  signal?: AbortSignal;
  onText?: (delta: string) => void;
  onReasoning?: (delta: string) => void;
  /** A tool call's name became known while streaming. */
  onToolCallStart?: (index: number, name: string) => void;
  /** A retry is about to happen; deltas already delivered for the failed attempt are void. */
  onRetry?: (info: RetryInfo) => void;
}

export const ZERO_USAGE: Usage = { input: 0, output: 0, cached: 0, estimated: false };

export function addUsage(a: Usage, b: Usage): Usage {
  return {
    input: a.input + b.input,
    output: a.output + b.output,
    cached: a.cached + b.cached,
    estimated: a.estimated || b.estimated,
  };
}
