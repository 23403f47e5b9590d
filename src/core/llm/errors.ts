// One error type for LLM failures, with a kind the loop can act on and a message free of secrets.
import { CodetracerError } from '../io/errors.js';

export type LlmErrorKind =
  'auth' | 'rate_limit' | 'server' | 'connection' | 'timeout' | 'bad_request' | 'not_configured' | 'aborted';

export class LlmError extends CodetracerError {
  readonly kind: LlmErrorKind;
  readonly status: number | undefined;
  readonly retryable: boolean;
  /** Server-requested wait in ms (retry-after), when it sent one. */
  readonly retryAfterMs: number | null;

  constructor(
    kind: LlmErrorKind,
    message: string,
    opts: { status?: number; retryable?: boolean; retryAfterMs?: number | null } = {},
  ) {
    super('llm', message);
    this.name = 'LlmError';
    this.kind = kind;
    this.status = opts.status;
    this.retryable = opts.retryable ?? false;
    this.retryAfterMs = opts.retryAfterMs ?? null;
  }
}

export function isLlmError(e: unknown): e is LlmError {
  return e instanceof LlmError;
}
