// `--shard i/n`: a deterministic slice of a manifest. A run belongs to shard (hash(traj_id) mod n) + 1, so
// the n shards together hold every run exactly once whatever order the manifest lists them in.
import { CodetracerError } from '../io/errors.js';

export interface Shard {
  index: number;
  count: number;
}

export function parseShard(v: string): Shard {
  const m = /^\s*(\d+)\s*\/\s*(\d+)\s*$/.exec(v);
  const index = m ? Number(m[1]) : NaN;
  const count = m ? Number(m[2]) : NaN;
  if (!m || count < 1 || index < 1 || index > count) {
    throw new CodetracerError('usage', `--shard expects i/n with 1 <= i <= n, got "${v}"`);
  }
  return { index, count };
}

/** FNV-1a (32 bit) over the UTF-16 code units: stable across machines and Node versions. */
export function stableHash(s: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) {
    h ^= s.charCodeAt(i);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h >>> 0;
}

export function inShard(trajId: string, shard: Shard | undefined): boolean {
  return !shard || (stableHash(trajId) % shard.count) + 1 === shard.index;
}
