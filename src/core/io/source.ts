// A FileSource is a read-only tree that parsers read runs from: the real file system, or an archive.
// Paths are POSIX strings inside the source; for the file system they are absolute paths.
import { promises as fs } from 'node:fs';
import path from 'node:path';
import { fromFsError } from './errors.js';

export type EntryKind = 'file' | 'dir' | 'other';

export interface Entry {
  name: string;
  kind: EntryKind;
  size: number;
  /** Last modification time (ms since the epoch), when the source knows it; keys the read cache. */
  mtimeMs?: number;
}

export interface FileSource {
  /** Short name for messages, e.g. "fs" or "runs.tar.zst". */
  readonly kind: 'fs' | 'archive';
  /** The path shown to users for a path inside this source. */
  display(p: string): string;
  /** Directory entries, sorted by name. Throws CodetracerError when unreadable. */
  list(dir: string): Promise<Entry[]>;
  /** The entry at p (following symlinks), or null when it does not exist. */
  stat(p: string): Promise<Entry | null>;
  /** File bytes. Throws CodetracerError (not_found, unreadable, ...). */
  read(p: string): Promise<Buffer>;
  /** Optional: at most the first n bytes of a file, for cheap content checks. Errors as read. */
  readHead?(p: string, n: number): Promise<Buffer>;
}

export const join = (...parts: string[]): string => path.posix.join(...parts);
export const dirname = (p: string): string => path.posix.dirname(p);
export const basename = (p: string): string => path.posix.basename(p);

/** The real file system. Symlinks are followed for reading (loops surface as ELOOP errors). */
export class FsSource implements FileSource {
  readonly kind = 'fs' as const;

  display(p: string): string {
    return p;
  }

  async list(dir: string): Promise<Entry[]> {
    let dirents;
    try {
      dirents = await fs.readdir(dir, { withFileTypes: true });
    } catch (e) {
      throw fromFsError(e, dir);
    }
    const out: Entry[] = [];
    for (const d of dirents) {
      let kind: EntryKind = d.isDirectory() ? 'dir' : d.isFile() ? 'file' : 'other';
      let size = 0;
      if (d.isSymbolicLink()) {
        const st = await this.stat(join(dir, d.name)).catch(() => null);
        kind = st?.kind ?? 'other';
        size = st?.size ?? 0;
      }
      out.push({ name: d.name, kind, size });
    }
    out.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    return out;
  }

  async stat(p: string): Promise<Entry | null> {
    try {
      const st = await fs.stat(p);
      return {
        name: basename(p),
        kind: st.isDirectory() ? 'dir' : st.isFile() ? 'file' : 'other',
        size: st.size,
        mtimeMs: st.mtimeMs,
      };
    } catch (e) {
      const code = (e as NodeJS.ErrnoException).code;
      if (code === 'ENOENT' || code === 'ENOTDIR') return null;
      throw fromFsError(e, p);
    }
  }

  async read(p: string): Promise<Buffer> {
    try {
      return await fs.readFile(p);
    } catch (e) {
      throw fromFsError(e, p);
    }
  }

  async readHead(p: string, n: number): Promise<Buffer> {
    return readFileHead(p, n);
  }
}

/** At most the first n bytes of a file on disk. */
export async function readFileHead(p: string, n: number): Promise<Buffer> {
  let fh;
  try {
    fh = await fs.open(p, 'r');
    const buf = Buffer.allocUnsafe(n);
    const { bytesRead } = await fh.read(buf, 0, n, 0);
    return buf.subarray(0, bytesRead);
  } catch (e) {
    throw fromFsError(e, p);
  } finally {
    await fh?.close();
  }
}

export const fsSource = new FsSource();
