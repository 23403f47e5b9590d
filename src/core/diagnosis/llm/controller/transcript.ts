// The complete record of a run's conversation, including what compaction later removed from the
// context. It becomes the `<output>.traj.json` file.
import type { ChatMessage, ToolCallRequest, Usage } from '../../../llm/types.js';

export interface LoggedMessage {
  role: 'system' | 'user' | 'assistant' | 'tool';
  content: string | null;
  timestamp: string;
  reasoning?: string;
  toolCalls?: ToolCallRequest[];
  toolCallId?: string;
  name?: string;
  /** For tool results: whether the tool succeeded. */
  ok?: boolean;
  usage?: Usage;
  cost?: number | null;
  /** What the message is when it is not an ordinary turn. */
  kind?: 'budget_warning' | 'nudge' | 'compaction_summary' | 'compaction_window' | 'summary_request';
}

export class Transcript {
  readonly messages: LoggedMessage[] = [];

  add(m: ChatMessage, extra: Partial<LoggedMessage> = {}): void {
    const base: LoggedMessage = { role: m.role, content: m.content, timestamp: new Date().toISOString() };
    if (m.role === 'assistant') {
      if (m.reasoning) base.reasoning = m.reasoning;
      if (m.toolCalls?.length) base.toolCalls = m.toolCalls;
    }
    if (m.role === 'tool') {
      base.toolCallId = m.toolCallId;
      if (m.name) base.name = m.name;
    }
    this.messages.push({ ...base, ...extra });
  }
}
