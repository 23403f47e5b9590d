// When and how long to wait before retrying an LLM request.

export interface BackoffOptions {
  baseMs: number;
  maxMs: number;
  /** Upper bound on a server-requested wait (retry-after), so a hostile header cannot stall us. */
  retryAfterCapMs: number;
}

/** Exponential backoff with jitter: half fixed, half random, so parallel clients spread out. */
export function backoffDelay(attempt: number, o: BackoffOptions, random: () => number = Math.random): number {
  const exp = Math.min(o.maxMs, o.baseMs * 2 ** Math.max(0, attempt - 1));
  return Math.round(exp / 2 + random() * (exp / 2));
}

/** A retry-after header (delta seconds or HTTP date, or retry-after-ms) in ms; null when absent/invalid. */
export function parseRetryAfter(
  headers: { get(name: string): string | null } | undefined,
  now = Date.now(),
): number | null {
  if (!headers) return null;
  const ms = headers.get('retry-after-ms');
  if (ms !== null && ms.trim() !== '' && Number.isFinite(Number(ms)) && Number(ms) >= 0) return Number(ms);
  const v = headers.get('retry-after');
  if (v === null || v.trim() === '') return null;
  const t = v.trim();
  if (/^\d+(\.\d+)?$/.test(t)) return Math.round(Number(t) * 1000);
  const date = Date.parse(t);
  if (Number.isNaN(date)) return null;
  return Math.max(0, date - now);
}

/** The wait before the next attempt: the server's word (capped) when given, else our backoff. */
export function retryDelay(
  attempt: number,
  retryAfterMs: number | null,
  o: BackoffOptions,
  random: () => number = Math.random,
): number {
  if (retryAfterMs !== null) return Math.min(retryAfterMs, o.retryAfterCapMs);
  return backoffDelay(attempt, o, random);
}

/** Resolve after ms, or reject at once when the signal aborts. */
export function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(abortReason(signal));
    const t = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    const onAbort = () => {
      clearTimeout(t);
      reject(abortReason(signal!));
    };
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}

function abortReason(signal: AbortSignal): Error {
  const e = new Error('aborted');
  e.name = 'AbortError';
  void signal;
  return e;
}
