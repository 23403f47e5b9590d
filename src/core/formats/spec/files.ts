// Which files a spec reads for a run: its globs expanded under the run directory (bounded), or the run
// file itself. Every resolved path is checked to stay inside the run, symlinks included.
import { promises as fs } from 'node:fs';
import picomatch from 'picomatch';
import { CodetracerError } from '../../io/errors.js';
import type { FileSource } from '../../io/source.js';
import { join } from '../../io/source.js';
import type { RunLocation } from '../types.js';
import type { FileEntrySpec, Spec } from './schema.js';
import type { SpecCaps } from './safety.js';

export interface ResolvedFiles {
  files: string[];
  warnings: string[];
}

/** Compare names with digit runs as numbers: step_2 before step_10. */
export function naturalCompare(a: string, b: string): number {
  const ra = a.split(/(\d+)/);
  const rb = b.split(/(\d+)/);
  for (let i = 0; i < Math.min(ra.length, rb.length); i++) {
    if (ra[i] === rb[i]) continue;
    if (i % 2 === 1) {
      const d = Number(ra[i]) - Number(rb[i]);
      if (d !== 0) return d;
    }
    return ra[i] < rb[i] ? -1 : 1;
  }
  return ra.length - rb.length;
}

class Budget {
  listed = 0;
  constructor(
    readonly caps: SpecCaps,
    readonly shown: string,
  ) {}
  count(n: number): void {
    this.listed += n;
    if (this.listed > this.caps.maxListed)
      throw new CodetracerError(
        'too_large',
        `spec globs looked at more than ${this.caps.maxListed} directory entries (cap); narrow the globs`,
        this.shown,
      );
  }
}

/** Paths under dir matching the glob, in order; stops after `limit` matches. */
async function expand(
  src: FileSource,
  dir: string,
  glob: string,
  sort: 'natural' | 'name',
  limit: number,
  budget: Budget,
): Promise<{ paths: string[]; more: boolean }> {
  const segs = glob.split('/');
  const out: string[] = [];
  let more = false;
  const cmp = sort === 'natural' ? naturalCompare : (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);
  const walk = async (cur: string, i: number): Promise<void> => {
    const last = i === segs.length - 1;
    const entries = await src.list(cur).catch(() => []);
    budget.count(entries.length);
    const m = picomatch(segs[i], { dot: false });
    const names = entries
      .filter((e) => m(e.name) && (last ? e.kind === 'file' : e.kind === 'dir'))
      .map((e) => e.name)
      .sort(cmp);
    for (const name of names) {
      if (out.length >= limit) {
        more = true;
        return;
      }
      if (last) out.push(join(cur, name));
      else await walk(join(cur, name), i + 1);
    }
  };
  await walk(dir, 0);
  return { paths: out, more };
}

/** On the real file system, a path (after symlinks) must stay under the run directory. */
async function checkInside(src: FileSource, root: string, p: string): Promise<void> {
  if (src.kind !== 'fs') return;
  let realRoot: string;
  let real: string;
  try {
    realRoot = await fs.realpath(root);
    real = await fs.realpath(p);
  } catch {
    return; // unreadable paths fail later with the reader's own message
  }
  if (real !== realRoot && !real.startsWith(realRoot.endsWith('/') ? realRoot : realRoot + '/')) {
    throw new CodetracerError(
      'invalid_data',
      `spec file ${src.display(p)} resolves (through a symlink) to ${real}, outside the run; refused`,
      src.display(root),
    );
  }
}

function entryOf(e: FileEntrySpec): { glob: string; sort: 'natural' | 'name' } {
  return typeof e === 'string' ? { glob: e, sort: 'natural' } : e;
}

/** The data files of the run, bounded by the caps (extra matches are dropped with a warning). */
export async function resolveFiles(spec: Spec, loc: RunLocation, caps: SpecCaps): Promise<ResolvedFiles> {
  const shown = loc.src.display(loc.path);
  const budget = new Budget(caps, shown);
  const files: string[] = [];
  const warnings: string[] = [];
  for (const raw of spec.files) {
    const { glob, sort } = entryOf(raw);
    let found: string[] = [];
    if (glob === '.') {
      if (loc.kind === 'file') found = [loc.path];
    } else if (loc.kind === 'dir') {
      const room = caps.maxFiles - files.length;
      const r = await expand(loc.src, loc.path, glob, sort, room, budget);
      found = r.paths;
      if (r.more)
        warnings.push(
          `glob "${glob}" matches more than the ${caps.maxFiles}-file cap; only the first ${caps.maxFiles} files were read`,
        );
    }
    for (const f of found) await checkInside(loc.src, loc.kind === 'dir' ? loc.path : f, f);
    files.push(...found.filter((f) => !files.includes(f)));
    if (found.length && spec.pick === 'first') break;
    if (files.length >= caps.maxFiles) break;
  }
  return { files, warnings };
}
