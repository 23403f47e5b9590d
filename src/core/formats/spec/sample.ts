// What the LLM sees of an unknown run: a bounded listing and the heads of a few files. Nothing else of the
// run leaves the machine, and nothing here follows paths outside the run.
import type { FileSource } from '../../io/source.js';
import { join } from '../../io/source.js';
import { readHeadText } from '../../io/read.js';
import type { RunLocation } from '../types.js';
import { maskKeyShapes, mayShowHead } from '../../discovery/listing.js';
import { naturalCompare } from './files.js';

export interface SampleLimits {
  /** Entries in the listing. */
  maxEntries: number;
  /** Directory depth of the listing. */
  maxDepth: number;
  /** Files sampled, and characters per file and in all. */
  maxFiles: number;
  headChars: number;
  totalChars: number;
}

export const DEFAULT_SAMPLE: SampleLimits = {
  maxEntries: 150,
  maxDepth: 4,
  maxFiles: 8,
  headChars: 2000,
  totalChars: 14_000,
};

export interface RunSample {
  /** Lines "path (size)" relative to the run; "…" lines where entries were left out. */
  listing: string[];
  samples: { path: string; size: number; head: string; truncated: boolean }[];
}

const STRUCTURED = /\.(json|jsonl|ndjson|traj|yaml|yml)$/i;
const DATA = /\.(json|jsonl|ndjson|yaml|yml|txt|log|md|cast|traj|csv)$/i;

async function listRun(src: FileSource, dir: string, lim: SampleLimits) {
  const files: { rel: string; size: number }[] = [];
  const listing: string[] = [];
  const walk = async (cur: string, rel: string, depth: number): Promise<void> => {
    const entries = (await src.list(cur).catch(() => [])).sort((a, b) => naturalCompare(a.name, b.name));
    // Long folders of similar files: the first few and the last one tell the pattern.
    const shown = entries.length > 12 ? [...entries.slice(0, 8), ...entries.slice(-2)] : entries;
    for (const e of shown) {
      if (listing.length >= lim.maxEntries) return;
      const r = rel ? `${rel}/${e.name}` : e.name;
      if (e.kind === 'dir') {
        listing.push(`${r}/`);
        if (depth < lim.maxDepth) await walk(join(cur, e.name), r, depth + 1);
      } else if (e.kind === 'file') {
        // The file system lists names only; sizes come from stat (at most maxEntries of them).
        const size = e.size || ((await src.stat(join(cur, e.name)).catch(() => null))?.size ?? 0);
        listing.push(`${r} (${size} bytes)`);
        files.push({ rel: r, size });
      }
      if (e === entries[7] && entries.length > 12)
        listing.push(`${rel ? rel + '/' : ''}… (${entries.length - 10} more)`);
    }
  };
  await walk(dir, '', 1);
  return { listing, files };
}

/** Listing and file heads of a run, bounded by the limits. */
export async function sampleRun(loc: RunLocation, lim: SampleLimits = DEFAULT_SAMPLE): Promise<RunSample> {
  const { src } = loc;
  let listing: string[];
  let files: { rel: string; size: number; abs: string }[];
  if (loc.kind === 'file') {
    const st = await src.stat(loc.path);
    listing = [`. (the run is this one file, ${st?.size ?? 0} bytes)`];
    files = [{ rel: '.', size: st?.size ?? 0, abs: loc.path }];
  } else {
    const l = await listRun(src, loc.path, lim);
    listing = l.listing;
    // Per folder the first four (consecutive records show how calls and results alternate) and the last;
    // structured data before prose, so one big folder or a README does not use every slot.
    const byDir = new Map<string, typeof l.files>();
    for (const f of l.files) {
      // Heads leave the machine: never of dotfiles or files named like credentials.
      if (!DATA.test(f.rel) || !f.rel.split('/').every(mayShowHead)) continue;
      const d = f.rel.includes('/') ? f.rel.slice(0, f.rel.lastIndexOf('/')) : '';
      byDir.set(d, [...(byDir.get(d) ?? []), f]);
    }
    const rank = (rel: string) => (STRUCTURED.test(rel) ? 0 : 1);
    files = [...byDir.values()]
      .flatMap((fs) => (fs.length > 5 ? [...fs.slice(0, 4), fs[fs.length - 1]] : fs))
      .sort((a, b) => rank(a.rel) - rank(b.rel))
      .map((f) => ({ ...f, abs: join(loc.path, f.rel) }));
  }
  const samples: RunSample['samples'] = [];
  let total = 0;
  for (const f of files.slice(0, lim.maxFiles)) {
    const room = Math.min(lim.headChars, lim.totalChars - total);
    if (room <= 200) break;
    const head = await readHeadText(src, f.abs, room * 4);
    if (head === null) continue;
    const cut = maskKeyShapes(head.slice(0, room));
    samples.push({ path: f.rel, size: f.size, head: cut, truncated: Buffer.byteLength(cut) < f.size });
    total += cut.length;
  }
  return { listing, samples };
}
