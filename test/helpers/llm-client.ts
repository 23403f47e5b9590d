// An LlmClient pointed at a scripted server, set for tests: streaming, no retries, short timeouts and
// back-offs, no prices. Tests that need other settings pass them in `over`.
import { LlmClient, type LlmSettings } from '../../src/core/llm/client.js';

export function scriptedLlmClient(apiBase: string, over: Partial<LlmSettings> = {}): LlmClient {
  return new LlmClient({
    apiBase,
    apiKey: 'sk-test',
    model: 'gpt-4.1-mini',
    timeoutMs: 3_000,
    maxRetries: 0,
    retryBaseMs: 5,
    retryMaxMs: 20,
    retryAfterCapMs: 1_000,
    prices: [],
    stream: true,
    streamUsage: true,
    ...over,
  });
}
