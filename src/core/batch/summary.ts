// summary.json of a batch: one entry per run, rewritten (atomically, one write at a time) as runs finish,
// so a killed batch loses nothing that finished.
import path from 'node:path';
import { writeJsonAtomic } from '../io/atomic.js';
import { isCodetracerError } from '../io/errors.js';
import { parseJson, readOptionalText } from '../io/read.js';
import { fsSource } from '../io/source.js';

export const SUMMARY_FILE = 'summary.json';

/** completed | invalid_output | limits_exceeded | aborted | error (the diagnosis), timeout, failed (could
 *  not be opened or written), skipped (bad manifest row), not_started (stopped by --budget or Ctrl-C). */
export type EntryStatus =
  | 'completed'
  | 'invalid_output'
  | 'limits_exceeded'
  | 'aborted'
  | 'error'
  | 'timeout'
  | 'failed'
  | 'skipped'
  | 'not_started';

export interface SummaryEntry {
  traj_id: string;
  status: EntryStatus;
  steps: number | null;
  labels: number | null;
  tokens: { input: number; output: number } | null;
  cost: number | null;
  duration_s: number;
  error: string | null;
  /** Output folder (absent when nothing was written). */
  dir?: string;
  /** True when --resume found the output done and did not run it again. */
  resumed?: boolean;
}

export interface BatchSummary {
  codetracer_batch: 1;
  manifest: string;
  diagnoser: string;
  shard: string | null;
  started_at: string;
  updated_at: string;
  finished: boolean;
  interrupted: boolean;
  totals: Record<string, number>;
  runs: SummaryEntry[];
  /** Manifest lines that named no run (no traj_id, unreadable JSON). */
  problems: { where: string; reason: string }[];
}

export const FAILED: ReadonlySet<EntryStatus> = new Set([
  'invalid_output',
  'limits_exceeded',
  'aborted',
  'error',
  'timeout',
  'failed',
  'skipped',
]);

export function totalsOf(runs: SummaryEntry[]): Record<string, number> {
  const t: Record<string, number> = { runs: runs.length, cost: 0, input_tokens: 0, output_tokens: 0 };
  for (const r of runs) {
    t[r.status] = (t[r.status] ?? 0) + 1;
    t.cost += r.cost ?? 0;
    t.input_tokens += r.tokens?.input ?? 0;
    t.output_tokens += r.tokens?.output ?? 0;
  }
  return t;
}

/**
 * Keeps the summary on disk up to date. Writes never interleave, and requests made while one is in flight
 * collapse into a single later write (of the newest state), so a fast batch does not queue N rewrites.
 */
export class SummaryWriter {
  private inFlight: Promise<void> | null = null;
  private again = false;
  readonly file: string;
  constructor(
    dir: string,
    readonly doc: Omit<BatchSummary, 'totals' | 'updated_at'>,
  ) {
    this.file = path.join(dir, SUMMARY_FILE);
  }

  private snapshot(): BatchSummary {
    return {
      ...this.doc,
      updated_at: new Date().toISOString(),
      totals: totalsOf(this.doc.runs),
      runs: [...this.doc.runs],
    };
  }

  /** Resolves once the state at the time of the call (or a newer one) is on disk. */
  flush(): Promise<void> {
    if (this.inFlight) {
      this.again = true;
      return this.inFlight;
    }
    const run = async () => {
      do {
        this.again = false;
        await writeJsonAtomic(this.file, this.snapshot());
      } while (this.again);
    };
    this.inFlight = run().finally(() => {
      this.inFlight = null;
    });
    return this.inFlight;
  }
}

/** The previous summary's entries by traj_id (for --resume); an unreadable summary counts as none. */
export async function previousEntries(dir: string): Promise<Map<string, SummaryEntry>> {
  const file = path.join(dir, SUMMARY_FILE);
  const out = new Map<string, SummaryEntry>();
  try {
    const text = await readOptionalText(fsSource, file);
    if (text === null) return out;
    const v = parseJson(text, file) as Partial<BatchSummary>;
    for (const r of Array.isArray(v?.runs) ? v.runs : [])
      if (r && typeof r.traj_id === 'string') out.set(r.traj_id, r);
  } catch (e) {
    if (!isCodetracerError(e)) throw e;
  }
  return out;
}
