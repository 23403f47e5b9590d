// LLM flags shared by `run` and `analyze`: one definition, one way to turn them into settings.
import type { Command } from 'commander';
import { resolveConfig, type LlmFlags, type ResolvedConfig } from '../core/config/resolve.js';
import { parsePositive } from './args.js';
import type { CliIO } from './context.js';

export interface LlmOptionValues {
  model?: string;
  apiBase?: string;
  apiKey?: string;
  config?: string;
  costLimit?: string;
  tokenLimit?: string;
  maxCalls?: string;
  timeLimit?: string;
}

export function addLlmOptions(cmd: Command): Command {
  return cmd
    .option('--model <name>', 'LLM model (else CODETRACER_MODEL, config, or the one the endpoint serves)')
    .option(
      '--api-base <url>',
      'OpenAI-compatible endpoint, with /v1 (else CODETRACER_API_BASE / OPENAI_BASE_URL)',
    )
    .option('--api-key <key>', 'API key; prefer CODETRACER_API_KEY: a flag is visible to other processes')
    .option('-c, --config <file>', 'YAML config file (llm, limits, compaction sections)')
    .option('--cost-limit <usd>', 'stop the diagnosis at this cost in USD (default 3.0)')
    .option(
      '--token-limit <n>',
      'stop at this many tokens when the model has no known price (default 2000000)',
    )
    .option('--max-calls <n>', 'stop after this many LLM calls (default 150)')
    .option('--time-limit <seconds>', 'stop after this much wall-clock time (default 1800)');
}

export function llmFlags(o: LlmOptionValues): LlmFlags {
  const f: LlmFlags = {};
  if (o.model) f.model = o.model;
  if (o.apiBase) f.apiBase = o.apiBase;
  if (o.apiKey) f.apiKey = o.apiKey;
  if (o.costLimit !== undefined) f.costLimit = parsePositive(o.costLimit, '--cost-limit');
  if (o.tokenLimit !== undefined) f.tokenLimit = Math.floor(parsePositive(o.tokenLimit, '--token-limit'));
  if (o.maxCalls !== undefined) f.maxCalls = Math.floor(parsePositive(o.maxCalls, '--max-calls'));
  if (o.timeLimit !== undefined) f.wallClockS = parsePositive(o.timeLimit, '--time-limit');
  return f;
}

/** Settings from flags, --config, the environment and persistent settings (in that order). */
export async function configFromOptions(o: LlmOptionValues, io: CliIO): Promise<ResolvedConfig> {
  if (o.apiKey)
    io.stderr('codetracer: note: --api-key is visible to other processes; prefer CODETRACER_API_KEY\n');
  return resolveConfig({
    flags: llmFlags(o),
    configPath: o.config,
    env: io.env,
    // Tests point the persistent settings elsewhere; CODETRACER_CONF_DIR does the same for users.
    confCwd: io.env.CODETRACER_CONF_DIR?.trim() || undefined,
  });
}
