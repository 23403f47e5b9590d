// Scripted replies for the memory tests: diagnosis requests follow a script, extraction requests (told
// apart by their system prompt, as they may run beside the diagnosis) get the memory replies in order.
import { EXTRACTION_SYSTEM_PROMPT } from '../../src/core/memory/extract.js';
import type { ReceivedRequest, ScriptedReply, ScriptStep } from '../helpers/scripted-llm-server.js';

export const isExtraction = (req: ReceivedRequest): boolean =>
  String(req.body?.messages?.[0]?.content ?? '') === EXTRACTION_SYSTEM_PROMPT;

export const systemPromptOf = (req: ReceivedRequest): string =>
  String(req.body?.messages?.[0]?.content ?? '');

export function lessonsReply(lessons: { kind: string; text: string }[], fenced = false): ScriptedReply {
  const json = JSON.stringify({ lessons });
  return { text: fenced ? `Here you go:\n\`\`\`json\n${json}\n\`\`\`\n` : json };
}

export const EMPTY_LESSONS: ScriptedReply = { text: '{"lessons": []}' };

/** A fallback step routing each request: the diagnosis script (or a function), or the memory replies. */
export function routed(
  diagnosis: ScriptedReply[] | ((req: ReceivedRequest) => ScriptedReply),
  memory: ScriptedReply[] = [],
): ScriptStep {
  const script = Array.isArray(diagnosis) ? [...diagnosis] : null;
  return (req) => {
    if (isExtraction(req)) return memory.shift() ?? EMPTY_LESSONS;
    if (!script) return (diagnosis as (r: ReceivedRequest) => ScriptedReply)(req);
    return script.shift() ?? { type: 'status', status: 400, message: 'diagnosis script exhausted' };
  };
}
