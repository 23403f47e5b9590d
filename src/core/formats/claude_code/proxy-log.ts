// LiteLLM-style proxy request logs: one JSON object per line, each a model request whose `messages` hold the
// whole conversation so far. The request with the most messages carries the run; its messages are turned
// into the same events the stream-json reader produces (Anthropic `tool_use`/`tool_result` blocks, or OpenAI
// `tool_calls` + `role: "tool"` messages), so one step builder serves both.
import { asArray, asObj, asString, isObj, parseMaybeJson, type Obj } from '../shared/access.js';
import type { StreamEvent } from './events.js';
import { eachLine } from '../shared/text.js';

/** The `messages` array of a request record, at the top level or one level down (request/body/kwargs ...). */
function messagesOf(rec: Obj): unknown[] | null {
  const direct = rec.messages;
  if (Array.isArray(direct) && direct.some((m) => isObj(m) && typeof m.role === 'string')) return direct;
  for (const v of Object.values(rec)) {
    const o = asObj(v);
    const inner = o?.messages;
    if (Array.isArray(inner) && inner.some((m) => isObj(m) && typeof m.role === 'string')) return inner;
  }
  return null;
}

function hasToolUse(messages: unknown[]): boolean {
  return messages.some(
    (m) =>
      isObj(m) &&
      m.role === 'assistant' &&
      (asArray(m.content).some((b) => isObj(b) && b.type === 'tool_use') || asArray(m.tool_calls).length > 0),
  );
}

function assistantBlocks(m: Obj): unknown[] {
  const blocks: unknown[] = [];
  const reasoning = asString(m.reasoning_content);
  if (reasoning) blocks.push({ type: 'thinking', thinking: reasoning });
  if (typeof m.content === 'string') {
    if (m.content.trim()) blocks.push({ type: 'text', text: m.content });
  } else {
    blocks.push(...asArray(m.content));
  }
  for (const tc of asArray(m.tool_calls).filter(isObj)) {
    const fn = asObj(tc.function);
    blocks.push({
      type: 'tool_use',
      id: asString(tc.id) ?? '',
      name: asString(fn?.name) ?? 'tool',
      input: parseMaybeJson(fn?.arguments),
    });
  }
  return blocks;
}

/** Convert the longest request's messages into stream events; null when no request holds a tool call. */
export function eventsFromProxyLog(text: string): { events: StreamEvent[]; requests: number } | null {
  // Held in an object: TypeScript does not follow assignments made inside the line callback.
  const found: { best: { messages: unknown[]; line: number } | null } = { best: null };
  let requests = 0;
  eachLine(text, (line, n) => {
    const raw = line.trim();
    if (!raw.startsWith('{')) return;
    let rec: unknown;
    try {
      rec = JSON.parse(raw);
    } catch {
      return;
    }
    if (!isObj(rec)) return;
    const messages = messagesOf(rec);
    if (!messages || !hasToolUse(messages)) return;
    requests++;
    // Ties go to the later request: it is the more recent view of the same conversation.
    if (!found.best || messages.length >= found.best.messages.length) found.best = { messages, line: n };
  });
  const best = found.best;
  if (!best) return null;

  const events: StreamEvent[] = [];
  const at = { line: best.line, lineEnd: best.line };
  best.messages.forEach((m, i) => {
    if (!isObj(m)) return;
    if (m.role === 'assistant') {
      const message = { id: `request-message-${i}`, role: 'assistant', content: assistantBlocks(m) };
      events.push({ value: { type: 'assistant', message, parent_tool_use_id: null }, ...at });
    } else if (m.role === 'user') {
      const content = typeof m.content === 'string' ? m.content : asArray(m.content);
      events.push({
        value: { type: 'user', message: { role: 'user', content }, parent_tool_use_id: null },
        ...at,
      });
    } else if (m.role === 'tool') {
      const block = { type: 'tool_result', tool_use_id: asString(m.tool_call_id) ?? '', content: m.content };
      events.push({
        value: { type: 'user', message: { role: 'user', content: [block] }, parent_tool_use_id: null },
        ...at,
      });
    }
  });
  return { events, requests };
}
