// What the LLM answers in guided discovery: a list of run locations, by tool call or as a JSON block in its
// text. Validated with zod; whatever does not validate becomes one line to send back (or to show the user).
import { z } from 'zod';
import type { ChatResult, ToolSpec } from '../llm/types.js';

export const MAX_PROPOSALS = 64;

export const ProposalSchema = z.object({
  path: z.string().min(1).max(1000),
  format: z.string().max(100).nullish(),
  reason: z.string().max(2000).nullish(),
});
export type Proposal = z.infer<typeof ProposalSchema>;

const AnswerSchema = z.object({ runs: z.array(ProposalSchema).max(MAX_PROPOSALS) });

export const PROPOSE_TOOL: ToolSpec = {
  name: 'propose_runs',
  description:
    'Report the run directories or run files you found in the listing (paths relative to the root).',
  parameters: {
    type: 'object',
    properties: {
      runs: {
        type: 'array',
        maxItems: MAX_PROPOSALS,
        items: {
          type: 'object',
          properties: {
            path: { type: 'string', description: 'path relative to the root, as shown in the listing' },
            format: { type: 'string', description: 'the format id you think it is, if any' },
            reason: { type: 'string', description: 'one sentence: why this is a run' },
          },
          required: ['path'],
        },
      },
    },
    required: ['runs'],
  },
};

export type ParsedAnswer = { ok: true; proposals: Proposal[] } | { ok: false; error: string };

/** The JSON the answer carries: the propose_runs call's arguments, else a fenced or bare JSON value. */
function jsonOf(r: ChatResult): { text: string; where: string } | null {
  const call = r.toolCalls.find((c) => c.name === PROPOSE_TOOL.name) ?? r.toolCalls[0];
  if (call) return { text: call.arguments, where: `the ${call.name} call's arguments` };
  const content = r.content.trim();
  const fence = /```[A-Za-z0-9_-]*[^\n]*\n([\s\S]*?)```/.exec(content);
  if (fence) return { text: fence[1], where: 'the JSON block' };
  if (content.startsWith('{') || content.startsWith('[')) return { text: content, where: 'the reply' };
  return null;
}

function describeIssue(e: z.ZodError): string {
  const i = e.issues[0];
  const at = i.path.length ? `at ${i.path.join('.')}: ` : '';
  return `${at}${i.message}`;
}

export function parseAnswer(r: ChatResult): ParsedAnswer {
  const found = jsonOf(r);
  if (!found) return { ok: false, error: 'the reply holds no propose_runs call and no JSON block' };
  let value: unknown;
  try {
    value = JSON.parse(found.text);
  } catch (e) {
    return { ok: false, error: `${found.where}: not valid JSON (${(e as Error).message.split('\n')[0]})` };
  }
  // A bare array of proposals is accepted too: the wrapper object carries nothing else.
  const parsed = AnswerSchema.safeParse(Array.isArray(value) ? { runs: value } : value);
  if (!parsed.success)
    return {
      ok: false,
      error: `${found.where}: not of the shape {runs: [{path, format?, reason?}]} (${describeIssue(parsed.error)})`,
    };
  return { ok: true, proposals: parsed.data.runs };
}
