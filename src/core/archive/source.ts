// An archive read as a FileSource: paths are "/inner/path", shown to users as "<archive>!/inner/path".
import path from 'node:path';
import { CodetracerError } from '../io/errors.js';
import type { Entry, FileSource } from '../io/source.js';
import type { ArchiveTree } from './tree.js';

export class ArchiveSource implements FileSource {
  readonly kind = 'archive' as const;

  constructor(
    /** File-system path of the archive. */
    readonly archivePath: string,
    private readonly tree: ArchiveTree,
  ) {}

  /** Problems met while reading the archive that did not stop it (skipped entries, truncation). */
  get warnings(): readonly string[] {
    return this.tree.warnings;
  }

  /** Total bytes of file content held in memory. */
  get bytes(): number {
    return this.tree.bytes;
  }

  display(p: string): string {
    return `${this.archivePath}!${norm(p)}`;
  }

  async list(dir: string): Promise<Entry[]> {
    const d = norm(dir);
    const children = this.tree.dirs.get(d);
    if (!children) {
      if (this.tree.files.has(d))
        throw new CodetracerError('invalid_data', 'not a directory', this.display(d));
      throw new CodetracerError('not_found', 'no such directory in the archive', this.display(d));
    }
    const out: Entry[] = [];
    for (const [name, kind] of children) {
      const size =
        kind === 'file' ? (this.tree.files.get(d === '/' ? `/${name}` : `${d}/${name}`)?.length ?? 0) : 0;
      out.push({ name, kind, size });
    }
    return out.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  }

  async stat(p: string): Promise<Entry | null> {
    const q = norm(p);
    const file = this.tree.files.get(q);
    if (file) return { name: path.posix.basename(q), kind: 'file', size: file.length };
    if (this.tree.dirs.has(q)) return { name: path.posix.basename(q), kind: 'dir', size: 0 };
    return null;
  }

  async readHead(p: string, n: number): Promise<Buffer> {
    return (await this.read(p)).subarray(0, n);
  }

  async read(p: string): Promise<Buffer> {
    const q = norm(p);
    const file = this.tree.files.get(q);
    if (file) return file;
    if (this.tree.dirs.has(q))
      throw new CodetracerError('invalid_data', 'is a directory, expected a file', this.display(q));
    throw new CodetracerError('not_found', 'no such file in the archive', this.display(q));
  }
}

/** Inner paths are absolute and normalized; "inner/x", "/inner/x/" and "/inner/./x" are the same. */
function norm(p: string): string {
  const n = path.posix.normalize('/' + p);
  return n.length > 1 && n.endsWith('/') ? n.slice(0, -1) : n;
}
