// Budget of one run: cost (or tokens when the price is unknown), LLM calls, wall clock.
import type { Limits } from '../../config/resolve.js';
import { addUsage, ZERO_USAGE, type Usage } from '../../llm/types.js';
import { formatCost } from '../../llm/cost.js';

export const WARN_FRACTION = 0.8;

export class Budget {
  usage: Usage = { ...ZERO_USAGE };
  /** Sum of known costs; null once any call had no price. */
  cost: number | null = 0;
  calls = 0;
  private warned = false;
  readonly startedAt: number;

  constructor(
    readonly limits: Limits,
    /** Whether the model has a price: if not, the token limit stands in for the cost limit. */
    readonly priced: boolean,
    private readonly now: () => number = Date.now,
  ) {
    this.startedAt = now();
  }

  add(usage: Usage, cost: number | null): void {
    this.usage = addUsage(this.usage, usage);
    this.cost = this.cost === null || cost === null ? null : this.cost + cost;
    this.calls++;
  }

  get tokens(): number {
    return this.usage.input + this.usage.output;
  }

  elapsedMs(): number {
    return this.now() - this.startedAt;
  }

  remainingMs(): number {
    return Math.max(0, this.limits.wallClockMs - this.elapsedMs());
  }

  /** The spend measure in use, as a fraction of its limit. */
  private spendFraction(): number {
    if (this.priced && this.cost !== null)
      return this.limits.costUsd > 0 ? this.cost / this.limits.costUsd : 0;
    return this.tokens / this.limits.tokenLimit;
  }

  fraction(): number {
    return Math.max(
      this.spendFraction(),
      this.calls / this.limits.maxCalls,
      this.elapsedMs() / this.limits.wallClockMs,
    );
  }

  /** Why the run must stop now, or null. */
  exceeded(): string | null {
    if (this.priced && this.cost !== null) {
      if (this.limits.costUsd > 0 && this.cost >= this.limits.costUsd) {
        return `cost limit reached (${formatCost(this.cost)} of ${formatCost(this.limits.costUsd)})`;
      }
    } else if (this.tokens >= this.limits.tokenLimit) {
      return `token limit reached (${this.tokens} of ${this.limits.tokenLimit} tokens; the model's price is unknown)`;
    }
    if (this.calls >= this.limits.maxCalls) return `LLM call limit reached (${this.calls} calls)`;
    if (this.elapsedMs() >= this.limits.wallClockMs)
      return `wall-clock limit reached (${Math.round(this.limits.wallClockMs / 1000)} s)`;
    return null;
  }

  /** The warning text, once, when the run passes 80% of any limit. */
  takeWarning(): string | null {
    if (this.warned || this.fraction() < WARN_FRACTION) return null;
    this.warned = true;
    const spend =
      this.priced && this.cost !== null
        ? `${formatCost(this.cost)} of ${formatCost(this.limits.costUsd)}`
        : `${this.tokens} of ${this.limits.tokenLimit} tokens`;
    return (
      `Budget warning: ${Math.round(this.fraction() * 100)}% of this run's budget is used ` +
      `(${spend}; ${this.calls} of ${this.limits.maxCalls} calls; ${Math.round(this.elapsedMs() / 1000)} of ` +
      `${Math.round(this.limits.wallClockMs / 1000)} s). Record any remaining labels now and call finish soon.`
    );
  }
}
