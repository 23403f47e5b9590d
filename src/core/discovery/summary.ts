// Steps, verdict and size of a found run, as cheaply as the format allows.
import type { FileSource } from '../io/source.js';
import { join } from '../io/source.js';
import type { FormatModule, RunLocation } from '../formats/types.js';
import { parseWith } from '../formats/open.js';
import { verdictFromResultsJson, verdictFromReward } from '../formats/shared/verdict.js';

export interface Summary {
  steps: number | null;
  verdict: boolean | null;
}

/**
 * A directory run with a quickCount gets its verdict from the run's own verdict files (terminal-bench
 * results.json, Harbor reward), which is what the parsers read too; a file run with a quickCount and a
 * quickVerdict gets both from its format; everything else is parsed.
 */
export async function summarize(m: FormatModule, loc: RunLocation): Promise<Summary> {
  if (m.quickCount && (loc.kind === 'dir' || (m.quickVerdict && loc.index === undefined))) {
    const steps = await m.quickCount(loc).catch(() => null);
    if (steps !== null) {
      const verdict =
        loc.kind === 'dir'
          ? await dirVerdict(loc.src, loc.path)
          : await m.quickVerdict!(loc).catch(() => undefined);
      if (verdict !== undefined) return { steps, verdict };
    }
  }
  const trajs = await parseWith(m, loc);
  const t = loc.index !== undefined && trajs.length > 1 ? trajs[loc.index] : trajs[0];
  if (!t) return { steps: null, verdict: null };
  return { steps: t.steps.length, verdict: t.verdict.solved };
}

/** The verdict files a run folder may have; looked up in the listing first, as most runs have none. */
async function dirVerdict(src: FileSource, dir: string): Promise<boolean | null> {
  const has = async (p: string) => (await src.stat(join(dir, p)).catch(() => null))?.kind === 'file';
  if (await has('results.json')) {
    const v = await verdictFromResultsJson(src, dir);
    if (v) return v.solved;
  }
  if ((await has('verifier/reward.txt')) || (await has('result.json'))) {
    const v = await verdictFromReward(src, dir);
    if (v) return v.solved;
  }
  return null;
}

/** Everything discovery reports about one location: its size and one summary per run it holds. */
export interface LocationSummary {
  size: number;
  /** One entry; or, for a file holding several runs, one per run (addressed `#1`, `#2`, ...). */
  runs: Summary[];
  multi: boolean;
  /** Why the run could not be read (what the parser threw), when it could not. */
  error?: unknown;
}

const EMPTY: Summary = { steps: null, verdict: null };

/** Size, steps and verdict of a found run; never throws (a failure is reported in `error`). */
export async function summarizeLocation(m: FormatModule, loc: RunLocation): Promise<LocationSummary> {
  if (loc.kind === 'file') {
    const size = await fileSize(loc.src, loc.path);
    const count = m.countRuns ? await m.countRuns(loc).catch(() => 1) : 1;
    if (count > 1) {
      try {
        return { size, runs: await summarizeAll(m, loc, count), multi: true };
      } catch (e) {
        return {
          size,
          runs: Array.from({ length: count }, () => EMPTY),
          multi: true,
          error: e,
        };
      }
    }
    try {
      return { size, runs: [await summarize(m, loc)], multi: false };
    } catch (e) {
      return { size, runs: [EMPTY], multi: false, error: e };
    }
  }
  const [s, size] = await Promise.all([
    summarize(m, loc).then(
      (x) => ({ x, error: undefined }),
      (e: unknown) => ({ x: EMPTY, error: e }),
    ),
    dirSize(loc.src, loc.path),
  ]);
  return { size, runs: [s.x], multi: false, ...(s.error !== undefined ? { error: s.error } : {}) };
}

/** One summary per run of a multi-run file, from a single parse. */
export async function summarizeAll(m: FormatModule, loc: RunLocation, count: number): Promise<Summary[]> {
  const trajs = await parseWith(m, loc);
  return Array.from({ length: count }, (_, i) => {
    const t = trajs[i];
    return t ? { steps: t.steps.length, verdict: t.verdict.solved } : { steps: null, verdict: null };
  });
}

const SIZE_MAX_ENTRIES = 5000;
const SIZE_MAX_DEPTH = 8;

/** Bytes of the files under dir (bounded: a run directory is not expected to be a whole tree). */
export async function dirSize(src: FileSource, dir: string): Promise<number> {
  let total = 0;
  let seen = 0;
  const walk = async (d: string, depth: number): Promise<void> => {
    const entries = await src.list(d).catch(() => []);
    const files: Promise<void>[] = [];
    for (const e of entries) {
      if (++seen > SIZE_MAX_ENTRIES) break;
      const p = join(d, e.name);
      if (e.kind === 'file') {
        files.push(
          src.stat(p).then(
            (st) => void (total += st?.size ?? 0),
            () => undefined,
          ),
        );
      } else if (e.kind === 'dir' && depth < SIZE_MAX_DEPTH) {
        await walk(p, depth + 1);
      }
    }
    await Promise.all(files);
  };
  await walk(dir, 0);
  return total;
}

export async function fileSize(src: FileSource, p: string): Promise<number> {
  return (await src.stat(p).catch(() => null))?.size ?? 0;
}
