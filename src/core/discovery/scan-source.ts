// The file system as seen during one discovery: directory listings are read once and shared by the walk,
// the format checks and the parsers, "does X exist" is answered from the parent's listing, and a file read
// by a format check is not read again by the parser right after.
//
// Metadata calls and small reads are synchronous on purpose: each takes microseconds, while the async
// versions cost a thread-pool round trip each, which dominated discovery time over many small runs.
import fs from 'node:fs';
import path from 'node:path';
import { fromFsError } from '../io/errors.js';
import { fsSource, type Entry, type EntryKind, type FileSource } from '../io/source.js';

export interface ScanEntry extends Entry {
  /** The entry is a symbolic link (kind and size are those of its target). */
  isLink: boolean;
}

// Listings kept at once; a walk over a huge tree must not hold every listing it ever read.
const MAX_LISTINGS = 20_000;
// Files up to this size are read synchronously and kept briefly for the next reader.
const SMALL_FILE = 4 * 2 ** 20;
const CONTENT_BUDGET = 48 * 2 ** 20;

export class ScanSource implements FileSource {
  readonly kind = 'fs' as const;
  private readonly listings = new Map<string, Promise<ScanEntry[]>>();
  private readonly byName = new Map<string, Map<string, ScanEntry>>();
  private readonly fileStats = new Map<string, Entry | null>();
  private readonly contents = new Map<string, Buffer>();
  private contentBytes = 0;

  display(p: string): string {
    return p;
  }

  /** Entries of dir, sorted by name, with symlinks marked. Throws CodetracerError when unreadable. */
  listDetailed(dir: string): Promise<ScanEntry[]> {
    const d = path.posix.normalize(dir);
    let hit = this.listings.get(d);
    if (!hit) {
      hit = readListing(d);
      this.listings.set(d, hit);
      hit.then(
        (entries) => this.byName.set(d, new Map(entries.map((e) => [e.name, e]))),
        () => undefined,
      );
      if (this.listings.size > MAX_LISTINGS) {
        const oldest = this.listings.keys().next().value as string;
        this.listings.delete(oldest);
        this.byName.delete(oldest);
      }
    }
    return hit;
  }

  async list(dir: string): Promise<Entry[]> {
    return (await this.listDetailed(dir)).map(({ name, kind, size }) => ({ name, kind, size }));
  }

  async stat(p: string): Promise<Entry | null> {
    const q = path.posix.normalize(p);
    const parent = this.byName.get(path.posix.dirname(q));
    if (parent) {
      const e = parent.get(path.posix.basename(q));
      if (!e) return null;
      if (e.kind !== 'file') return { name: e.name, kind: e.kind, size: e.size };
    }
    // Files need a real stat for their size; it is asked once per file.
    if (this.fileStats.has(q)) return this.fileStats.get(q)!;
    const st = statSync(q);
    this.fileStats.set(q, st);
    if (this.fileStats.size > MAX_LISTINGS * 4)
      this.fileStats.delete(this.fileStats.keys().next().value as string);
    return st;
  }

  async readHead(p: string, n: number): Promise<Buffer> {
    const q = path.posix.normalize(p);
    const cached = this.contents.get(q);
    if (cached) return cached.subarray(0, n);
    return readHeadSync(q, n);
  }

  async read(p: string): Promise<Buffer> {
    const q = path.posix.normalize(p);
    const cached = this.contents.get(q);
    if (cached) return cached;
    const st = await this.stat(q);
    if (!st || st.kind !== 'file' || st.size > SMALL_FILE) return fsSource.read(q);
    const buf = readKnownSize(q, st.size);
    this.contents.set(q, buf);
    this.contentBytes += buf.length;
    for (const [k, b] of this.contents) {
      if (this.contentBytes <= CONTENT_BUDGET) break;
      this.contents.delete(k);
      this.contentBytes -= b.length;
    }
    return buf;
  }
}

/** The whole file, whose size a stat just gave: open, read, close (readFileSync would stat it again). */
function readKnownSize(p: string, size: number): Buffer {
  let fd: number | null = null;
  try {
    fd = fs.openSync(p, 'r');
    const buf = Buffer.allocUnsafe(size);
    let got = 0;
    while (got < size) {
      const n = fs.readSync(fd, buf, got, size - got, got);
      if (n === 0) break;
      got += n;
    }
    // A file being written is read as it was at the stat (a consistent prefix), like a snapshot.
    return got === size ? buf : buf.subarray(0, got);
  } catch (e) {
    throw fromFsError(e, p);
  } finally {
    if (fd !== null) fs.closeSync(fd);
  }
}

function readHeadSync(p: string, n: number): Buffer {
  let fd: number | null = null;
  try {
    fd = fs.openSync(p, 'r');
    const buf = Buffer.allocUnsafe(n);
    const got = fs.readSync(fd, buf, 0, n, 0);
    return buf.subarray(0, got);
  } catch (e) {
    throw fromFsError(e, p);
  } finally {
    if (fd !== null) fs.closeSync(fd);
  }
}

function statSync(p: string): Entry | null {
  try {
    const st = fs.statSync(p, { throwIfNoEntry: false });
    if (!st) return null;
    return {
      name: path.posix.basename(p),
      kind: st.isDirectory() ? 'dir' : st.isFile() ? 'file' : 'other',
      size: st.size,
      mtimeMs: st.mtimeMs,
    };
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code === 'ENOTDIR') return null;
    throw fromFsError(e, p);
  }
}

async function readListing(dir: string): Promise<ScanEntry[]> {
  let dirents;
  try {
    dirents = fs.readdirSync(dir, { withFileTypes: true });
  } catch (e) {
    throw fromFsError(e, dir);
  }
  const out: ScanEntry[] = [];
  for (const d of dirents) {
    if (d.isSymbolicLink()) {
      let st: fs.Stats | null = null;
      try {
        st = fs.statSync(path.join(dir, d.name));
      } catch {
        st = null; // broken link or loop: listed as "other", the walk ignores it
      }
      const kind: EntryKind = !st ? 'other' : st.isDirectory() ? 'dir' : st.isFile() ? 'file' : 'other';
      out.push({ name: d.name, kind, size: st && kind === 'file' ? st.size : 0, isLink: true });
    } else {
      out.push({
        name: d.name,
        kind: d.isDirectory() ? 'dir' : d.isFile() ? 'file' : 'other',
        size: 0,
        isLink: false,
      });
    }
  }
  return out.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
}
