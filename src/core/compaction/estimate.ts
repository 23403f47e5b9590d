// Token estimates without a tokenizer: about 4 characters a token for English and code, plus a fixed
// overhead per message (role, separators) and per tool call. Good enough to decide when to compact.
import type { ChatMessage, ToolSpec } from '../llm/types.js';

export const CHARS_PER_TOKEN = 4;
export const MESSAGE_OVERHEAD = 4;
const TOOL_CALL_OVERHEAD = 8;

export function estimateText(text: string | null | undefined): number {
  if (!text) return 0;
  return Math.ceil(text.length / CHARS_PER_TOKEN);
}

export function estimateMessage(m: ChatMessage): number {
  let n = MESSAGE_OVERHEAD + estimateText(m.content);
  if (m.role === 'assistant') {
    // Reasoning is not sent back, so it does not count towards the next request.
    for (const c of m.toolCalls ?? [])
      n += TOOL_CALL_OVERHEAD + estimateText(c.name) + estimateText(c.arguments);
  }
  return n;
}

export function estimateTools(tools: ToolSpec[] | undefined): number {
  if (!tools?.length) return 0;
  return estimateText(JSON.stringify(tools));
}

/** Estimated prompt tokens of a request: its messages plus the tool definitions. */
export function estimateRequest(messages: ChatMessage[], tools?: ToolSpec[]): number {
  let n = 3 + estimateTools(tools);
  for (const m of messages) n += estimateMessage(m);
  return n;
}
