import { CodetracerError } from '../core/io/errors.js';

/** A positive integer step id from a flag, or a usage error naming the flag. */
export function parseStepId(v: string, flag: string): number {
  const n = Number(v);
  if (!Number.isInteger(n) || n < 0)
    throw new CodetracerError('usage', `${flag} expects a step number, got "${v}"`);
  return n;
}

export function parsePositive(v: string, flag: string): number {
  const n = Number(v);
  if (!Number.isFinite(n) || n <= 0)
    throw new CodetracerError('usage', `${flag} expects a positive number, got "${v}"`);
  return n;
}
