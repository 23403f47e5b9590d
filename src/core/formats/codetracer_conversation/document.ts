// The `<output>.traj.json` file: a diagnosis agent's whole conversation. Its top-level fields keep the
// upstream dump's names (messages, n_calls, total_prompt_tokens, total_completion_tokens, cost_summary)
// so existing scripts keep working, and it is itself a trajectory CodeTracer opens (see index.ts).
import { z } from 'zod';

export const CONVERSATION_FORMAT = 'codetracer-conversation';
export const CONVERSATION_VERSION = 1;

const UsageSchema = z.object({
  prompt_tokens: z.number(),
  completion_tokens: z.number(),
  cached_tokens: z.number().optional(),
  estimated: z.boolean().optional(),
});

export const ConversationMessageSchema = z.object({
  role: z.enum(['system', 'user', 'assistant', 'tool']),
  content: z.string().nullable(),
  timestamp: z.string().optional(),
  reasoning: z.string().optional(),
  tool_calls: z.array(z.object({ id: z.string(), name: z.string(), arguments: z.string() })).optional(),
  tool_call_id: z.string().optional(),
  name: z.string().optional(),
  ok: z.boolean().optional(),
  usage: UsageSchema.optional(),
  cost_usd: z.number().nullable().optional(),
  kind: z.string().optional(),
});
export type ConversationMessage = z.infer<typeof ConversationMessageSchema>;

export const ConversationDocumentSchema = z.object({
  format: z.literal(CONVERSATION_FORMAT),
  version: z.number().int(),
  diagnosed_run: z.object({
    traj_id: z.string(),
    format: z.string(),
    address: z.string().optional(),
    step_count: z.number().int(),
  }),
  model: z.string(),
  profile: z.string(),
  status: z.string(),
  reason: z.string(),
  started_at: z.string(),
  ended_at: z.string(),
  messages: z.array(ConversationMessageSchema),
  n_calls: z.number().int(),
  total_prompt_tokens: z.number(),
  total_completion_tokens: z.number(),
  usage_estimated: z.boolean(),
  cost_usd: z.number().nullable(),
  cost_summary: z.string(),
  labels: z.array(z.object({ step_id: z.number().int(), verdict: z.string(), reasoning: z.string() })),
});
export type ConversationDocument = z.infer<typeof ConversationDocumentSchema>;
