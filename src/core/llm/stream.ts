// Folds streamed chat-completion chunks into one assistant message. Tool calls arrive as deltas keyed by
// index: the id and name come once, the arguments in pieces that are concatenated.
import type { ChatHandlers, ToolCallRequest } from './types.js';

/** The parts of a chunk we read (the SDK's type, narrowed to what servers actually send). */
export interface ChunkLike {
  choices?: {
    delta?: {
      content?: string | null;
      reasoning_content?: string | null;
      reasoning?: string | null;
      tool_calls?: { index?: number; id?: string; function?: { name?: string; arguments?: string } }[];
    };
    finish_reason?: string | null;
  }[];
  usage?: UsageLike | null;
  model?: string;
}

export interface UsageLike {
  prompt_tokens?: number;
  completion_tokens?: number;
  prompt_tokens_details?: { cached_tokens?: number } | null;
}

export class StreamAccumulator {
  content = '';
  reasoning = '';
  finishReason: string | null = null;
  usage: UsageLike | null = null;
  model: string | null = null;
  private calls: { id: string; name: string; arguments: string }[] = [];

  constructor(private readonly h: ChatHandlers = {}) {}

  add(chunk: ChunkLike): void {
    if (chunk.usage) this.usage = chunk.usage;
    if (chunk.model && !this.model) this.model = chunk.model;
    const choice = chunk.choices?.[0];
    if (!choice) return;
    const d = choice.delta ?? {};
    const r = d.reasoning_content ?? d.reasoning;
    if (typeof r === 'string' && r) {
      this.reasoning += r;
      this.h.onReasoning?.(r);
    }
    if (typeof d.content === 'string' && d.content) {
      this.content += d.content;
      this.h.onText?.(d.content);
    }
    for (const tc of d.tool_calls ?? []) {
      const i = typeof tc.index === 'number' ? tc.index : this.calls.length;
      let slot = this.calls[i];
      if (!slot) {
        slot = { id: '', name: '', arguments: '' };
        this.calls[i] = slot;
      }
      if (tc.id) slot.id = tc.id;
      if (tc.function?.name) {
        const first = slot.name === '';
        slot.name += tc.function.name;
        if (first) this.h.onToolCallStart?.(i, slot.name);
      }
      if (tc.function?.arguments) slot.arguments += tc.function.arguments;
    }
    if (choice.finish_reason) this.finishReason = choice.finish_reason;
  }

  toolCalls(): ToolCallRequest[] {
    return this.calls
      .filter((c) => c !== undefined)
      .map((c, i) => ({ id: c.id || `call_${i}`, name: c.name, arguments: c.arguments }));
  }
}
