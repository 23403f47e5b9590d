// From resolved configuration to a ready client, choosing the model when none was configured.
import type { ResolvedConfig } from '../config/resolve.js';
import { LlmClient, DEFAULT_LLM_TUNING } from './client.js';
import { LlmError } from './errors.js';

/** Model used against OpenAI's own endpoint when none is configured. */
export const DEFAULT_OPENAI_MODEL = 'gpt-4.1-mini';
// Local servers often accept any key; the SDK insists on a non-empty one.
const NO_KEY = 'no-key';

export async function connectLlm(cfg: ResolvedConfig, signal?: AbortSignal): Promise<LlmClient> {
  if (cfg.apiKey === null && cfg.apiBase === null) {
    throw new LlmError(
      'not_configured',
      'no LLM configured: set CODETRACER_API_KEY (and CODETRACER_API_BASE / CODETRACER_MODEL for other endpoints)',
    );
  }
  const make = (model: string) =>
    new LlmClient({
      apiBase: cfg.apiBase,
      apiKey: cfg.apiKey ?? NO_KEY,
      model,
      timeoutMs: cfg.timeoutMs,
      maxRetries: cfg.maxRetries,
      retryBaseMs: DEFAULT_LLM_TUNING.retryBaseMs,
      retryMaxMs: DEFAULT_LLM_TUNING.retryMaxMs,
      retryAfterCapMs: cfg.retryAfterCapMs,
      prices: cfg.prices,
      stream: cfg.stream,
      streamUsage: cfg.streamUsage,
    });
  if (cfg.model) return make(cfg.model);
  if (cfg.apiBase === null) return make(DEFAULT_OPENAI_MODEL);
  // Another endpoint and no model: take the one it serves, and refuse to guess among several.
  const ids = await make('unset').listModels(signal);
  if (ids.length === 1) return make(ids[0]);
  const shown = ids.slice(0, 8).join(', ') + (ids.length > 8 ? ', …' : '');
  throw new LlmError(
    'not_configured',
    ids.length === 0
      ? 'no model configured and the endpoint lists none: set --model or CODETRACER_MODEL'
      : `no model configured and the endpoint serves ${ids.length} (${shown}): set --model or CODETRACER_MODEL`,
  );
}
