// The batch scheduler: every run in one process under a concurrency limit (p-limit). It stops starting
// runs when the user interrupts or the budget is spent, aborts a run that passes its timeout, and keeps
// going whatever one run does.
import pLimit from 'p-limit';
import type { BatchItem } from './manifest.js';
import type { SummaryEntry } from './summary.js';

export interface PoolOptions {
  items: BatchItem[];
  parallel: number;
  /** USD for the whole batch: no new run starts once the finished runs cost this much. */
  budget?: number;
  /** Seconds per run; the run's controller is aborted then. */
  timeoutS?: number;
  /** Aborted by the user (Ctrl-C): nothing new starts and running runs are aborted. */
  stop: AbortSignal;
  /** Diagnose one run; ends early (writing what it has) when `ctrl` is aborted. Must not throw. */
  runOne(item: BatchItem, ctrl: AbortController): Promise<SummaryEntry>;
  onStart?(item: BatchItem): void;
  onFinish?(entry: SummaryEntry): void;
}

export interface PoolResult {
  /** In manifest order. */
  entries: SummaryEntry[];
  budgetReached: boolean;
  cost: number;
}

function notStarted(item: BatchItem, why: string): SummaryEntry {
  return {
    traj_id: item.trajId,
    status: 'not_started',
    steps: null,
    labels: null,
    tokens: null,
    cost: null,
    duration_s: 0,
    error: why,
  };
}

export async function runPool(o: PoolOptions): Promise<PoolResult> {
  const limit = pLimit(Math.max(1, Math.floor(o.parallel)));
  let cost = 0;
  const budgetHit = () => o.budget !== undefined && cost >= o.budget;
  const one = async (item: BatchItem): Promise<SummaryEntry> => {
    if (o.stop.aborted) return notStarted(item, 'interrupted before it started');
    if (budgetHit()) return notStarted(item, `budget of $${o.budget} reached before it started`);
    const ctrl = new AbortController();
    const onStop = () => ctrl.abort();
    o.stop.addEventListener('abort', onStop, { once: true });
    let timedOut = false;
    const timer =
      o.timeoutS !== undefined
        ? setTimeout(() => {
            timedOut = true;
            ctrl.abort();
          }, o.timeoutS * 1000)
        : undefined;
    o.onStart?.(item);
    const started = performance.now();
    let entry: SummaryEntry;
    try {
      entry = await o.runOne(item, ctrl);
    } catch (e) {
      // runOne should not throw; if it does, that run failed and the batch goes on.
      const msg = e instanceof Error ? e.message : String(e);
      entry = { ...notStarted(item, msg.split('\n')[0]), status: 'error' };
      entry.duration_s = (performance.now() - started) / 1000;
    } finally {
      clearTimeout(timer);
      o.stop.removeEventListener('abort', onStop);
    }
    if (timedOut && entry.status !== 'completed') {
      entry = {
        ...entry,
        status: 'timeout',
        error: `timed out after ${o.timeoutS} s (labels so far written)`,
      };
    }
    cost += entry.cost ?? 0;
    o.onFinish?.(entry);
    return entry;
  };
  const entries = await Promise.all(o.items.map((item) => limit(() => one(item))));
  return { entries, budgetReached: budgetHit(), cost };
}
