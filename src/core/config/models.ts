// Per-model facts that come from configuration: prices and context windows, keyed by glob patterns.
import picomatch from 'picomatch';

/** USD per million tokens. `cached` prices cache hits; absent means cache hits cost the input price. */
export interface PriceEntry {
  model: string;
  input: number;
  output: number;
  cached?: number;
}

export interface WindowEntry {
  model: string;
  tokens: number;
}

// List prices at the time of writing (USD / 1M tokens). More specific patterns come first: the first
// match wins. Users override or extend the table in their config file; unknown models cost "unknown".
export const DEFAULT_PRICES: PriceEntry[] = [
  { model: 'gpt-4.1-mini*', input: 0.4, output: 1.6, cached: 0.1 },
  { model: 'gpt-4.1-nano*', input: 0.1, output: 0.4, cached: 0.025 },
  { model: 'gpt-4.1*', input: 2, output: 8, cached: 0.5 },
  { model: 'gpt-4o-mini*', input: 0.15, output: 0.6, cached: 0.075 },
  { model: 'gpt-4o*', input: 2.5, output: 10, cached: 1.25 },
  { model: 'gpt-5-mini*', input: 0.25, output: 2, cached: 0.025 },
  { model: 'gpt-5-nano*', input: 0.05, output: 0.4, cached: 0.005 },
  { model: 'gpt-5-pro*', input: 15, output: 120 },
  { model: 'gpt-5*', input: 1.25, output: 10, cached: 0.125 },
  { model: 'o3-mini*', input: 1.1, output: 4.4, cached: 0.55 },
  { model: 'o3-pro*', input: 20, output: 80 },
  { model: 'o3*', input: 2, output: 8, cached: 0.5 },
  { model: 'o4-mini*', input: 1.1, output: 4.4, cached: 0.275 },
  { model: 'claude-opus-4-5*', input: 5, output: 25, cached: 0.5 },
  { model: 'claude-opus-4*', input: 15, output: 75, cached: 1.5 },
  { model: 'claude-sonnet-4*', input: 3, output: 15, cached: 0.3 },
  { model: 'claude-3-7-sonnet*', input: 3, output: 15, cached: 0.3 },
  { model: 'claude-3-5-sonnet*', input: 3, output: 15, cached: 0.3 },
  { model: 'claude-haiku-4*', input: 1, output: 5, cached: 0.1 },
  { model: 'claude-3-5-haiku*', input: 0.8, output: 4, cached: 0.08 },
  { model: 'gemini-2.5-pro*', input: 1.25, output: 10, cached: 0.31 },
  { model: 'gemini-2.5-flash-lite*', input: 0.1, output: 0.4, cached: 0.025 },
  { model: 'gemini-2.5-flash*', input: 0.3, output: 2.5, cached: 0.075 },
  { model: 'deepseek-chat*', input: 0.28, output: 0.42, cached: 0.028 },
  { model: 'deepseek-reasoner*', input: 0.28, output: 0.42, cached: 0.028 },
];

export const DEFAULT_CONTEXT_WINDOWS: WindowEntry[] = [
  { model: 'gpt-4.1*', tokens: 1_047_576 },
  { model: 'gpt-4o*', tokens: 128_000 },
  { model: 'gpt-5*', tokens: 400_000 },
  { model: 'o3*', tokens: 200_000 },
  { model: 'o4*', tokens: 200_000 },
  { model: 'claude-*', tokens: 200_000 },
  { model: 'gemini-2.5*', tokens: 1_048_576 },
  { model: 'deepseek-*', tokens: 128_000 },
];

/** Window assumed for a model nothing matches: small enough to be safe on most servers. */
export const FALLBACK_CONTEXT_WINDOW = 32_000;

const matcherCache = new Map<string, (s: string) => boolean>();
function matcher(pattern: string): (s: string) => boolean {
  let m = matcherCache.get(pattern);
  if (!m) {
    m = picomatch(pattern.toLowerCase(), { nocase: true, dot: true });
    matcherCache.set(pattern, m);
  }
  return m;
}

/** The first entry whose pattern matches the model (also tried without a "provider/" prefix). */
export function matchModel<T extends { model: string }>(entries: T[], model: string): T | null {
  const name = model.toLowerCase().trim();
  const bare = name.includes('/') ? name.slice(name.lastIndexOf('/') + 1) : name;
  for (const e of entries) {
    const m = matcher(e.model);
    if (m(name) || m(bare)) return e;
  }
  return null;
}

export function contextWindowFor(entries: WindowEntry[], model: string): number {
  return matchModel(entries, model)?.tokens ?? FALLBACK_CONTEXT_WINDOW;
}
