// One agent type's memory: an append-only JSONL log (header line first) read by folding its records.
// Writers append under the store's lock file; when the log has grown well past its entries it is
// compacted under the same lock into header + one line per entry, written atomically (temp + rename).
// Readers take no lock: they see the old file or the new one, and skip a line still being written.
import { promises as fs } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { writeFileAtomic } from '../io/atomic.js';
import { fromFsError } from '../io/errors.js';
import { capEntries, fold } from './fold.js';
import { withLock, type LockOptions } from './lock.js';
import { lockFile, storeFile } from './paths.js';
import { RecordSchema, type Lesson, type MemoryEntry, type MemoryRecord } from './types.js';

export const DEFAULT_MAX_ENTRIES = 60;

export interface StoreOptions {
  /** Size cap: entries kept by compaction and shown by reads. */
  maxEntries?: number;
  /** Compact once the log holds more records than this (default: twice the cap plus 50). */
  compactAfter?: number;
  lock?: LockOptions;
}

export function newId(): string {
  return randomBytes(4).toString('hex');
}

const now = () => new Date().toISOString();
const line = (r: MemoryRecord) => JSON.stringify(r) + '\n';

export class MemoryStore {
  readonly file: string;
  readonly lockFile: string;
  readonly maxEntries: number;

  constructor(
    readonly root: string,
    readonly key: string,
    private readonly o: StoreOptions = {},
  ) {
    this.file = storeFile(root, key);
    this.lockFile = lockFile(root, key);
    this.maxEntries = o.maxEntries ?? DEFAULT_MAX_ENTRIES;
  }

  /** Every valid record of the log, in order; a missing file is an empty store. */
  async records(): Promise<MemoryRecord[]> {
    let text: string;
    try {
      text = await fs.readFile(this.file, 'utf8');
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === 'ENOENT') return [];
      throw fromFsError(e, this.file);
    }
    const out: MemoryRecord[] = [];
    for (const raw of text.split('\n')) {
      if (!raw.trim()) continue;
      try {
        const r = RecordSchema.safeParse(JSON.parse(raw));
        if (r.success) out.push(r.data);
      } catch {
        // A hand-broken line or one still being written: skipped.
      }
    }
    return out;
  }

  async entries(): Promise<MemoryEntry[]> {
    return capEntries(fold(await this.records()).entries, this.maxEntries);
  }

  /** Append records (one write per record, O_APPEND) under the lock; compacts when the log is long. */
  async append(records: MemoryRecord[]): Promise<void> {
    if (!records.length) return;
    try {
      await fs.mkdir(this.root, { recursive: true });
    } catch (e) {
      throw fromFsError(e, this.root);
    }
    await withLock(
      this.lockFile,
      async () => {
        let h: fs.FileHandle | undefined;
        try {
          h = await fs.open(this.file, 'a', 0o644);
          if ((await h.stat()).size === 0) await h.write(line({ t: 'header', v: 1, agent: this.key }));
          for (const r of records) await h.write(line(r));
        } catch (e) {
          throw fromFsError(e, this.file);
        } finally {
          await h?.close();
        }
        const all = await this.records();
        if (all.length > (this.o.compactAfter ?? 2 * this.maxEntries + 50)) await this.rewrite(all);
      },
      this.o.lock,
    );
  }

  /** Header plus the folded, capped entries, atomically. Callers hold the lock. */
  private async rewrite(all: MemoryRecord[]): Promise<MemoryEntry[]> {
    const entries = capEntries(fold(all).entries, this.maxEntries);
    const text =
      line({ t: 'header', v: 1, agent: this.key }) +
      entries.map((entry) => line({ t: 'entry', entry })).join('');
    await writeFileAtomic(this.file, text);
    return entries;
  }

  /** Merge duplicates, apply the size cap, drop the history. */
  async compact(): Promise<MemoryEntry[]> {
    try {
      await fs.mkdir(this.root, { recursive: true });
    } catch (e) {
      throw fromFsError(e, this.root);
    }
    return withLock(this.lockFile, async () => this.rewrite(await this.records()), this.o.lock);
  }

  /** Store lessons; returns the new records' ids (a duplicate merges into its entry when read). */
  async addLessons(lessons: Lesson[], source: string | null): Promise<string[]> {
    const at = now();
    const recs = lessons.map((l) => ({
      t: 'add' as const,
      id: newId(),
      kind: l.kind,
      text: l.text,
      at,
      source,
    }));
    await this.append(recs);
    return recs.map((r) => r.id);
  }

  async markUsed(ids: string[]): Promise<void> {
    if (ids.length) await this.append([{ t: 'use', ids, at: now() }]);
  }

  async remove(ids: string[]): Promise<void> {
    const at = now();
    await this.append(ids.map((id) => ({ t: 'remove' as const, id, at })));
  }

  async update(id: string, change: Partial<Lesson>): Promise<void> {
    await this.append([{ t: 'update', id, ...change, at: now() }]);
  }

  /** Every entry removed; the header stays. */
  async clear(): Promise<void> {
    await this.append([{ t: 'clear', at: now() }]);
    await this.compact();
  }
}

export interface AgentSummary {
  key: string;
  entries: number;
  file: string;
}

/** The agent types that have a store under `root`, with their entry counts. */
export async function listAgents(root: string, o: StoreOptions = {}): Promise<AgentSummary[]> {
  let names: string[];
  try {
    names = await fs.readdir(root);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw fromFsError(e, root);
  }
  const out: AgentSummary[] = [];
  for (const n of names.filter((x) => x.endsWith('.jsonl')).sort()) {
    const key = n.slice(0, -'.jsonl'.length);
    const s = new MemoryStore(root, key, o);
    out.push({ key, entries: (await s.entries()).length, file: s.file });
  }
  return out;
}
