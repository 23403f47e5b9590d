// A proposal may be a glob ("exp/*/run.dat"): when thousands of sibling runs share a shape, the listing
// shows only some of them, and one pattern names them all. Expanded one segment at a time inside the root
// (no "**"), never listing a folder a link takes outside the root, skipped folders left out, bounded.
import { promises as fs } from 'node:fs';
import path from 'node:path';
import picomatch from 'picomatch';

export const MAX_PATTERN_MATCHES = 5000;
// Folders listed while expanding one pattern ("*/*/*" over a huge tree must end).
const MAX_DIRS_LISTED = 20_000;

const MAGIC = /[*?[\]{}]/;
export const isPattern = (p: string): boolean => MAGIC.test(p);

export type Expansion = { matches: string[]; truncated: boolean } | { reason: string };

const isInside = (p: string, root: string): boolean => p === root || p.startsWith(root + path.sep);

/** Absolute paths under root matching a relative pattern (absolute patterns must lie inside the root). */
export async function expandPattern(
  pattern: string,
  root: string,
  rootReal: string,
  skip: Set<string>,
  max = MAX_PATTERN_MATCHES,
): Promise<Expansion> {
  let rel = pattern.trim().replace(/\\/g, '/');
  if (path.isAbsolute(rel)) {
    const prefix = root.split(path.sep).join('/');
    if (!(rel === prefix || rel.startsWith(prefix + '/')))
      return { reason: 'absolute path outside the root' };
    rel = rel.slice(prefix.length + 1);
  }
  const segs = rel.split('/').filter((s) => s !== '' && s !== '.');
  if (segs.some((s) => s === '..')) return { reason: 'path goes outside the root (..)' };
  if (segs.some((s) => s.includes('**')))
    return { reason: '"**" is not supported: use one "*" per folder level' };
  if (!segs.length) return { reason: 'empty path' };
  const matches: string[] = [];
  let listed = 0;
  let truncated = false;
  const walk = async (dir: string, i: number): Promise<void> => {
    if (matches.length >= max || listed >= MAX_DIRS_LISTED) {
      truncated = true;
      return;
    }
    const seg = segs[i];
    const last = i === segs.length - 1;
    // A folder reached through a link is entered only when it really lies inside the root.
    const real = await fs.realpath(dir).catch(() => null);
    if (real === null || !isInside(real, rootReal)) return;
    let names: string[];
    if (!isPattern(seg)) {
      names = [seg];
    } else {
      listed++;
      const isMatch = picomatch(seg, { dot: false });
      names = (await fs.readdir(dir).catch(() => [] as string[])).filter((n) => isMatch(n)).sort();
    }
    for (const name of names) {
      if (matches.length >= max) {
        truncated = true;
        return;
      }
      if (skip.has(name)) continue;
      const p = path.join(dir, name);
      if (last) {
        if (!isPattern(seg) && !(await fs.lstat(p).catch(() => null))) continue;
        matches.push(p);
      } else if ((await fs.stat(p).catch(() => null))?.isDirectory()) {
        await walk(p, i + 1);
      }
    }
  };
  await walk(root, 0);
  return { matches, truncated };
}
