// Fingerprint globs are matched segment by segment against the source, listing only what a pattern needs.
import picomatch from 'picomatch';
import type { FileSource } from '../io/source.js';
import { join, basename } from '../io/source.js';
import type { RunLocation } from './types.js';

const matcherCache = new Map<string, (s: string) => boolean>();

function segMatcher(seg: string): (s: string) => boolean {
  let m = matcherCache.get(seg);
  if (!m) {
    m = picomatch(seg, { dot: true });
    matcherCache.set(seg, m);
  }
  return m;
}

const hasMagic = (seg: string): boolean => /[*?[\]{}!]/.test(seg);

/** True when at least one path under dir matches the glob (segments joined by "/"). */
export async function globExists(src: FileSource, dir: string, glob: string): Promise<boolean> {
  const segs = glob.split('/').filter(Boolean);
  const walk = async (cur: string, i: number): Promise<boolean> => {
    if (i === segs.length) return true;
    const seg = segs[i];
    if (!hasMagic(seg)) {
      const st = await src.stat(join(cur, seg)).catch(() => null);
      if (!st) return false;
      if (i < segs.length - 1 && st.kind !== 'dir') return false;
      return walk(join(cur, seg), i + 1);
    }
    const entries = await src.list(cur).catch(() => []);
    const m = segMatcher(seg);
    for (const e of entries) {
      if (!m(e.name)) continue;
      if (i < segs.length - 1 && e.kind !== 'dir') continue;
      if (await walk(join(cur, e.name), i + 1)) return true;
    }
    return false;
  };
  return walk(dir, 0);
}

/** Does any fingerprint of the list match the location? */
export async function matchesFingerprints(loc: RunLocation, fingerprints: string[]): Promise<boolean> {
  for (const fp of fingerprints) {
    if (fp.startsWith('file:')) {
      if (loc.kind === 'file' && segMatcher(fp.slice(5))(basename(loc.path))) return true;
    } else if (loc.kind === 'dir' && (await globExists(loc.src, loc.path, fp))) {
      return true;
    }
  }
  return false;
}

/** A bare extension glob ("file:*.json") says nothing about the format: any JSON file matches it. */
export function isGenericFingerprint(fp: string): boolean {
  return /^file:\*\.[a-z0-9]+$/i.test(fp) && !/\.traj$/i.test(fp);
}

/** Like matchesFingerprints, ignoring the generic extension globs. */
export async function matchesSpecificFingerprints(
  loc: RunLocation,
  fingerprints: string[],
): Promise<boolean> {
  return matchesFingerprints(
    loc,
    fingerprints.filter((fp) => !isGenericFingerprint(fp)),
  );
}
