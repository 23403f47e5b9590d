// The YAML config file given with --config. Every key is optional; unknown keys are an error so typos
// do not silently fall back to defaults.
import { parse as parseYaml } from 'yaml';
import { z } from 'zod';
import { CodetracerError } from '../io/errors.js';
import { readText } from '../io/read.js';
import { fsSource } from '../io/source.js';

const PriceSchema = z.strictObject({
  model: z.string().min(1),
  input: z.number().nonnegative(),
  output: z.number().nonnegative(),
  cached: z.number().nonnegative().optional(),
});

const WindowSchema = z.strictObject({ model: z.string().min(1), tokens: z.number().int().positive() });

export const ConfigFileSchema = z.strictObject({
  llm: z
    .strictObject({
      api_base: z.string().optional(),
      api_key: z.string().optional(),
      model: z.string().optional(),
      timeout_s: z.number().positive().optional(),
      max_retries: z.number().int().nonnegative().optional(),
      retry_after_cap_s: z.number().nonnegative().optional(),
      stream: z.boolean().optional(),
      stream_usage: z.boolean().optional(),
      /** Entries here are tried before the built-in table. */
      prices: z.array(PriceSchema).optional(),
      context_windows: z.array(WindowSchema).optional(),
    })
    .optional(),
  limits: z
    .strictObject({
      cost_usd: z.number().nonnegative().optional(),
      token_limit: z.number().int().positive().optional(),
      max_calls: z.number().int().positive().optional(),
      wall_clock_s: z.number().positive().optional(),
      max_output_retries: z.number().int().nonnegative().optional(),
      max_tool_errors: z.number().int().positive().optional(),
    })
    .optional(),
  compaction: z
    .strictObject({
      keep_recent_messages: z.number().int().positive().optional(),
      /** Compact when the estimate passes this fraction of the window. */
      threshold: z.number().gt(0).lte(1).optional(),
    })
    .optional(),
  diagnosis: z
    .strictObject({ profile: z.enum(['tracebench', 'detailed', 'rl_feedback']).optional() })
    .optional(),
  /** Cross-run memory of lessons per agent type. */
  memory: z
    .strictObject({
      enabled: z.boolean().optional(),
      /** Online extraction every N diagnosis steps (0: only after the run). */
      every_steps: z.number().int().nonnegative().optional(),
      /** ... or every T new tokens (0: never by tokens). */
      every_tokens: z.number().int().nonnegative().optional(),
      max_entries: z.number().int().positive().optional(),
      prompt_chars: z.number().int().positive().optional(),
    })
    .optional(),
});
export type ConfigFile = z.infer<typeof ConfigFileSchema>;

export async function loadConfigFile(path: string): Promise<ConfigFile> {
  const text = await readText(fsSource, path, { allowEmpty: true });
  let data: unknown;
  try {
    data = parseYaml(text) ?? {};
  } catch (e) {
    const msg = (e as Error).message.split('\n')[0];
    throw new CodetracerError('invalid_data', `invalid YAML: ${msg}`, path);
  }
  const r = ConfigFileSchema.safeParse(data);
  if (!r.success) {
    const issue = r.error.issues[0];
    const where = issue.path.join('.') || '(top level)';
    throw new CodetracerError('invalid_data', `config ${where}: ${issue.message}`, path);
  }
  return r.data;
}
