// Where every LLM and limit setting comes from. Precedence: flags > config file > env > conf > defaults.
// (Upstream let its packaged default file shadow the env; here only a file the user names does.)
import { DEFAULT_LLM_TUNING } from '../llm/client.js';
import { DEFAULT_CONTEXT_WINDOWS, DEFAULT_PRICES, type PriceEntry, type WindowEntry } from './models.js';
import { loadConfigFile, type ConfigFile } from './file.js';
import { readSettings, type StoredSettings } from './store.js';
import { DEFAULT_MEMORY_SETTINGS, type MemorySettings } from '../memory/settings.js';

export type Source = 'flag' | 'config' | 'env' | 'conf' | 'default';

export interface LlmFlags {
  model?: string;
  apiBase?: string;
  apiKey?: string;
  costLimit?: number;
  tokenLimit?: number;
  maxCalls?: number;
  wallClockS?: number;
}

export interface Limits {
  /** USD; enforced when the model has a price. */
  costUsd: number;
  /** Total tokens (input + output); enforced instead of cost when the model's price is unknown. */
  tokenLimit: number;
  maxCalls: number;
  wallClockMs: number;
  /** How many times an invalid final answer is sent back before the run ends as invalid_output. */
  maxOutputRetries: number;
  /** Malformed tool calls / unknown tools tolerated before the run ends with an error. */
  maxToolErrors: number;
}

export const DEFAULT_LIMITS: Limits = {
  costUsd: 3.0,
  tokenLimit: 2_000_000,
  maxCalls: 150,
  wallClockMs: 30 * 60_000,
  maxOutputRetries: 2,
  maxToolErrors: 8,
};

export interface ResolvedConfig {
  apiBase: string | null;
  apiKey: string | null;
  model: string | null;
  sources: { apiBase: Source; apiKey: Source; model: Source };
  timeoutMs: number;
  maxRetries: number;
  retryAfterCapMs: number;
  stream: boolean;
  streamUsage: boolean;
  prices: PriceEntry[];
  contextWindows: WindowEntry[];
  limits: Limits;
  compaction: { keepRecentMessages: number; threshold: number };
  profile: 'tracebench' | 'detailed' | 'rl_feedback' | null;
  memory: MemorySettings;
}

export interface ResolveOptions {
  flags?: LlmFlags;
  /** --config path. */
  configPath?: string;
  env?: NodeJS.ProcessEnv;
  /** conf directory (tests); false = do not read persistent settings. */
  confCwd?: string | false;
}

const nonEmpty = (v: string | undefined | null): string | undefined =>
  v && v.trim() !== '' ? v.trim() : undefined;

function pick<T>(cands: [T | undefined, Source][], fallback: T): [T, Source] {
  for (const [v, s] of cands) if (v !== undefined) return [v, s];
  return [fallback, 'default'];
}

export async function resolveConfig(o: ResolveOptions = {}): Promise<ResolvedConfig> {
  const flags = o.flags ?? {};
  const env = o.env ?? process.env;
  const file: ConfigFile = o.configPath ? await loadConfigFile(o.configPath) : {};
  const conf: StoredSettings = o.confCwd === false ? {} : readSettings(o.confCwd ? { cwd: o.confCwd } : {});
  const str = (v: unknown) => (typeof v === 'string' ? nonEmpty(v) : undefined);
  const num = (v: unknown) => (typeof v === 'number' && Number.isFinite(v) && v > 0 ? v : undefined);

  const [apiBase, baseSrc] = pick<string | null>(
    [
      [nonEmpty(flags.apiBase), 'flag'],
      [nonEmpty(file.llm?.api_base), 'config'],
      [nonEmpty(env.CODETRACER_API_BASE) ?? nonEmpty(env.OPENAI_BASE_URL), 'env'],
      [str(conf.llm?.apiBase), 'conf'],
    ],
    null,
  );
  const [apiKey, keySrc] = pick<string | null>(
    [
      [nonEmpty(flags.apiKey), 'flag'],
      [nonEmpty(file.llm?.api_key), 'config'],
      [nonEmpty(env.CODETRACER_API_KEY) ?? nonEmpty(env.OPENAI_API_KEY), 'env'],
      [str(conf.llm?.apiKey), 'conf'],
    ],
    null,
  );
  const [model, modelSrc] = pick<string | null>(
    [
      [nonEmpty(flags.model), 'flag'],
      [nonEmpty(file.llm?.model), 'config'],
      [nonEmpty(env.CODETRACER_MODEL), 'env'],
      [str(conf.llm?.model), 'conf'],
    ],
    null,
  );

  const L = file.limits ?? {};
  const C = conf.limits ?? {};
  const limits: Limits = {
    costUsd: flags.costLimit ?? L.cost_usd ?? num(C.costUsd) ?? DEFAULT_LIMITS.costUsd,
    tokenLimit: flags.tokenLimit ?? L.token_limit ?? num(C.tokenLimit) ?? DEFAULT_LIMITS.tokenLimit,
    maxCalls: flags.maxCalls ?? L.max_calls ?? num(C.maxCalls) ?? DEFAULT_LIMITS.maxCalls,
    wallClockMs:
      (flags.wallClockS ?? L.wall_clock_s ?? num(C.wallClockS) ?? DEFAULT_LIMITS.wallClockMs / 1000) * 1000,
    maxOutputRetries: L.max_output_retries ?? DEFAULT_LIMITS.maxOutputRetries,
    maxToolErrors: L.max_tool_errors ?? DEFAULT_LIMITS.maxToolErrors,
  };

  return {
    apiBase,
    apiKey,
    model,
    sources: { apiBase: baseSrc, apiKey: keySrc, model: modelSrc },
    timeoutMs: (file.llm?.timeout_s ?? DEFAULT_LLM_TUNING.timeoutMs / 1000) * 1000,
    maxRetries: file.llm?.max_retries ?? DEFAULT_LLM_TUNING.maxRetries,
    retryAfterCapMs: (file.llm?.retry_after_cap_s ?? DEFAULT_LLM_TUNING.retryAfterCapMs / 1000) * 1000,
    stream: file.llm?.stream ?? DEFAULT_LLM_TUNING.stream,
    streamUsage: file.llm?.stream_usage ?? DEFAULT_LLM_TUNING.streamUsage,
    prices: [...(file.llm?.prices ?? []), ...DEFAULT_PRICES],
    contextWindows: [...(file.llm?.context_windows ?? []), ...DEFAULT_CONTEXT_WINDOWS],
    limits,
    compaction: {
      keepRecentMessages: file.compaction?.keep_recent_messages ?? 8,
      threshold: file.compaction?.threshold ?? 0.75,
    },
    profile: file.diagnosis?.profile ?? null,
    memory: {
      enabled: file.memory?.enabled ?? DEFAULT_MEMORY_SETTINGS.enabled,
      everySteps: file.memory?.every_steps ?? DEFAULT_MEMORY_SETTINGS.everySteps,
      everyTokens: file.memory?.every_tokens ?? DEFAULT_MEMORY_SETTINGS.everyTokens,
      maxEntries: file.memory?.max_entries ?? DEFAULT_MEMORY_SETTINGS.maxEntries,
      promptChars: file.memory?.prompt_chars ?? DEFAULT_MEMORY_SETTINGS.promptChars,
    },
  };
}

/**
 * An LLM can be used: a key is known (the endpoint then defaults to OpenAI's), or an endpoint is named
 * (local servers often need no key). The model can be asked of the endpoint.
 */
export function llmConfigured(c: ResolvedConfig): boolean {
  return c.apiKey !== null || c.apiBase !== null;
}
