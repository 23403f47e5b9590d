// What a call cost, from the configured price table. Unknown models cost null, never a made-up price.
import { matchModel, type PriceEntry } from '../config/models.js';
import type { Usage } from './types.js';

export function priceFor(prices: PriceEntry[], model: string): PriceEntry | null {
  return matchModel(prices, model);
}

export function costOf(prices: PriceEntry[], model: string, u: Usage): number | null {
  const p = priceFor(prices, model);
  if (!p) return null;
  const cached = Math.min(u.cached, u.input);
  const fresh = u.input - cached;
  const usd = (fresh * p.input + cached * (p.cached ?? p.input) + u.output * p.output) / 1e6;
  return usd;
}

/** "$0.0123", or "unknown" for a model without a price. */
export function formatCost(usd: number | null): string {
  if (usd === null) return 'unknown';
  return usd < 0.01 ? `$${usd.toFixed(4)}` : `$${usd.toFixed(2)}`;
}
