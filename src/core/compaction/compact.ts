// Two-tier compaction of an agent conversation. Tier 1 asks the LLM to summarise the older part and keeps
// the pinned head (system prompt, task message), the labels so far and the recent turns. If that fails
// or is not enough, tier 2 drops the oldest turns (never the pinned head), keeping each assistant
// message with its tool results so the request stays valid, and says so in a note.
import type { ChatMessage, ToolSpec } from '../llm/types.js';
import { CHARS_PER_TOKEN, estimateMessage, estimateRequest } from './estimate.js';

export interface CompactOptions {
  /** Leading messages that are never summarised or dropped (system prompt and task message). */
  pinned: number;
  /** Messages at the end kept verbatim by tier 1 (rounded to a turn boundary). */
  keepRecent: number;
  /** Size (estimated tokens, tools included) the result should stay under. */
  targetTokens: number;
  /** A tier-1 result up to this size is accepted even above the target (default: the target). */
  limitTokens?: number;
  /** "Labels recorded so far: …", re-stated after compaction so they are never lost. */
  labelsText: string;
  tools?: ToolSpec[];
  /** Tier 1: summarise a transcript. Absent or throwing = go to tier 2. */
  summarize?: (transcript: string) => Promise<string>;
}

export interface CompactResult {
  messages: ChatMessage[];
  tier: 1 | 2;
  tokensBefore: number;
  tokensAfter: number;
  note: string;
  /** Why tier 1 did not do (when tier 2 ran). */
  tier1Error?: string;
}

export const SUMMARY_HEADER = '[Compacted context: summary of the earlier investigation]';
export const WINDOW_HEADER = '[Context window: earlier messages were dropped]';

/** Index where a kept tail may start: not a tool result (it would lose its assistant message). */
function safeStart(messages: ChatMessage[], from: number, lo: number): number {
  let i = Math.max(lo, from);
  while (i > lo && messages[i]?.role === 'tool') i--;
  while (i < messages.length && messages[i].role === 'tool') i++;
  return i;
}

function renderForSummary(m: ChatMessage, max: number): string {
  const cut = (s: string) => (s.length > max ? `${s.slice(0, max)} …(${s.length - max} more chars)` : s);
  switch (m.role) {
    case 'assistant': {
      const calls = (m.toolCalls ?? []).map((c) => `→ ${c.name}(${cut(c.arguments)})`).join('\n');
      return `ASSISTANT: ${cut(m.content ?? '')}${calls ? `\n${calls}` : ''}`;
    }
    case 'tool':
      return `TOOL RESULT${m.name ? ` (${m.name})` : ''}: ${cut(m.content)}`;
    default:
      return `${m.role.toUpperCase()}: ${cut(m.content)}`;
  }
}

/** The older part as text, bounded to maxChars (head and tail kept when it is larger). */
export function transcript(messages: ChatMessage[], maxChars: number): string {
  const text = messages.map((m) => renderForSummary(m, 2000)).join('\n\n');
  if (text.length <= maxChars) return text;
  const half = Math.floor(maxChars / 2);
  return `${text.slice(0, half)}\n\n…(${text.length - maxChars} characters of the middle omitted)…\n\n${text.slice(-half)}`;
}

async function tier1(messages: ChatMessage[], o: CompactOptions): Promise<ChatMessage[]> {
  if (!o.summarize) throw new Error('no summariser');
  // Keep recent messages verbatim: at most keepRecent, within 60% of the room the head leaves (the rest
  // is for the summary), and never so many that nothing is left to summarise.
  const head = estimateRequest(messages.slice(0, o.pinned), o.tools);
  const room = Math.max(0, o.targetTokens - head) * 0.6;
  let keep = 0;
  let used = 0;
  const maxKeep = Math.min(o.keepRecent, Math.floor((messages.length - o.pinned) / 2));
  while (keep < maxKeep) {
    const next = estimateMessage(messages[messages.length - 1 - keep]);
    if (used + next > room) break;
    used += next;
    keep++;
  }
  const cut = safeStart(messages, messages.length - keep, o.pinned);
  const older = messages.slice(o.pinned, cut);
  if (older.length === 0) throw new Error('nothing old enough to summarise');
  // The summary request must fit too: the transcript gets at most half of the target.
  const summary = (
    await o.summarize(transcript(older, Math.floor(o.targetTokens * CHARS_PER_TOKEN * 0.5)))
  ).trim();
  if (!summary) throw new Error('empty summary');
  const note: ChatMessage = {
    role: 'user',
    content: `${SUMMARY_HEADER} (${older.length} messages)\n${summary}\n\n${o.labelsText}\nContinue the diagnosis from here.`,
  };
  return [...messages.slice(0, o.pinned), note, ...messages.slice(cut)];
}

/** Turns after the pinned head: an assistant message with its tool results, or a single user message. */
function turns(messages: ChatMessage[], pinned: number): ChatMessage[][] {
  const out: ChatMessage[][] = [];
  for (const m of messages.slice(pinned)) {
    if (m.role === 'tool' && out.length) out[out.length - 1].push(m);
    else out.push([m]);
  }
  return out;
}

function shrinkToolResults(group: ChatMessage[], maxChars: number): ChatMessage[] {
  return group.map((m) =>
    m.role === 'tool' && m.content.length > maxChars
      ? { ...m, content: `${m.content.slice(0, maxChars)}\n…(cut to fit the context window)` }
      : m,
  );
}

export function slidingWindow(messages: ChatMessage[], o: CompactOptions): ChatMessage[] {
  const head = messages.slice(0, o.pinned);
  let groups = turns(messages, o.pinned);
  const noteFor = (dropped: number): ChatMessage => ({
    role: 'user',
    content: `${WINDOW_HEADER} ${dropped} earlier message(s) were removed to fit the context window. The task and rules above still apply.\n${o.labelsText}`,
  });
  let dropped = 0;
  const size = () => estimateRequest([...head, noteFor(dropped), ...groups.flat()], o.tools);
  while (groups.length > 1 && size() > o.targetTokens) {
    dropped += groups[0].length;
    groups = groups.slice(1);
  }
  if (size() > o.targetTokens) groups = groups.map((g) => shrinkToolResults(g, 2000));
  // A dropped-context note followed by a user turn reads fine; one right before an assistant turn too.
  return [...head, noteFor(dropped), ...groups.flat()];
}

export async function compactMessages(messages: ChatMessage[], o: CompactOptions): Promise<CompactResult> {
  const before = estimateRequest(messages, o.tools);
  let tier1Error: string | undefined;
  try {
    const m = await tier1(messages, o);
    const after = estimateRequest(m, o.tools);
    if (after <= (o.limitTokens ?? o.targetTokens)) {
      return {
        messages: m,
        tier: 1,
        tokensBefore: before,
        tokensAfter: after,
        note: `summarised ${messages.length - m.length + 1} messages`,
      };
    }
    tier1Error = `summary left ${after} tokens, over the ${o.targetTokens} target`;
    messages = m;
  } catch (e) {
    tier1Error = (e as Error).message;
  }
  const m = slidingWindow(messages, o);
  const after = estimateRequest(m, o.tools);
  return {
    messages: m,
    tier: 2,
    tokensBefore: before,
    tokensAfter: after,
    note: `dropped the oldest turns (tier 1: ${tier1Error})`,
    tier1Error,
  };
}

/** Messages' estimated size without tools, for callers that track it per message. */
export function messagesTokens(messages: ChatMessage[]): number {
  return messages.reduce((n, m) => n + estimateMessage(m), 0);
}
