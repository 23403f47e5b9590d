// Replaying a store's records into its entries: later records win, duplicates merge into the first
// entry that said the same thing, and the size cap drops the least used, then the oldest entries.
import { MAX_LESSON_CHARS, type MemoryEntry, type MemoryRecord } from './types.js';
import { DUPLICATE_SIMILARITY, normalizeText, similarity, words } from './similar.js';

export interface Folded {
  entries: MemoryEntry[];
  /** Records the log held (compaction runs when this grows well past the entry count). */
  records: number;
}

const later = (a: string, b: string) => (a > b ? a : b);

export function fold(records: Iterable<MemoryRecord>): Folded {
  let entries: MemoryEntry[] = [];
  const byId = new Map<string, MemoryEntry>();
  // A record naming an id that was merged into another entry applies to that entry.
  const alias = new Map<string, string>();
  const find = (id: string) => byId.get(alias.get(id) ?? id);
  let count = 0;
  // Normalized text and word set of each entry, computed once (folding is quadratic in entries).
  const shape = new Map<MemoryEntry, { norm: string; words: Set<string> }>();
  const shapeOf = (e: MemoryEntry) => {
    let v = shape.get(e);
    if (!v || v.norm !== normalizeText(e.text)) {
      v = { norm: normalizeText(e.text), words: words(e.text) };
      shape.set(e, v);
    }
    return v;
  };
  const put = (e: MemoryEntry) => {
    const mine = shapeOf(e);
    const dup = entries.find((x) => {
      if (x.kind !== e.kind) return false;
      const other = shapeOf(x);
      return other.norm === mine.norm || similarity(other.words, mine.words) >= DUPLICATE_SIMILARITY;
    });
    if (dup) {
      dup.uses += e.uses + 1;
      dup.updated = later(dup.updated, e.updated);
      alias.set(e.id, dup.id);
      return;
    }
    entries.push(e);
    byId.set(e.id, e);
  };
  for (const r of records) {
    count++;
    switch (r.t) {
      case 'header':
        break;
      case 'entry':
        if (!find(r.entry.id)) put({ ...r.entry, text: r.entry.text.slice(0, MAX_LESSON_CHARS) });
        break;
      case 'add':
        // The same add seen twice (a retried append) is one entry.
        if (!find(r.id))
          put({
            id: r.id,
            kind: r.kind,
            text: r.text.slice(0, MAX_LESSON_CHARS),
            created: r.at,
            updated: r.at,
            uses: 0,
            source: r.source,
          });
        break;
      case 'update': {
        const e = find(r.id);
        if (!e) break;
        if (r.kind) e.kind = r.kind;
        if (r.text) e.text = r.text.slice(0, MAX_LESSON_CHARS);
        e.updated = later(e.updated, r.at);
        break;
      }
      case 'use':
        for (const id of new Set(r.ids.map((i) => alias.get(i) ?? i))) {
          const e = byId.get(id);
          if (e) e.uses++;
        }
        break;
      case 'remove': {
        const e = find(r.id);
        if (e) {
          entries = entries.filter((x) => x !== e);
          byId.delete(e.id);
        }
        break;
      }
      case 'clear':
        entries = [];
        byId.clear();
        alias.clear();
        break;
    }
  }
  return { entries, records: count };
}

/** At most `max` entries: the least used go first, the oldest among equals; order is kept. */
export function capEntries(entries: MemoryEntry[], max: number): MemoryEntry[] {
  if (entries.length <= max) return entries;
  // Equal uses and times (same millisecond): the later entry in the log counts as newer.
  const ranked = entries
    .map((e, i) => ({ e, i }))
    .sort(
      (a, b) =>
        b.e.uses - a.e.uses ||
        (b.e.updated > a.e.updated ? 1 : b.e.updated < a.e.updated ? -1 : 0) ||
        b.i - a.i,
    );
  const keep = new Set(ranked.slice(0, Math.max(0, max)).map((x) => x.e));
  return entries.filter((e) => keep.has(e));
}
