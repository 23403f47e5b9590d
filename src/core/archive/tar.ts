// Tar reading with tar-stream, from bytes already in memory. A broken tar keeps the entries before the break.
import tar from 'tar-stream';
import type { RawEntry, RawEntryType, ReadResult } from './entry.js';
import { MAX_ARCHIVE_ENTRIES } from './limits.js';

function entryType(t: string | null | undefined): RawEntryType {
  switch (t) {
    case 'file':
    case 'contiguous-file':
    case null:
    case undefined:
      return 'file';
    case 'directory':
      return 'dir';
    case 'symlink':
      return 'symlink';
    case 'link':
      return 'hardlink';
    default:
      return 'other';
  }
}

export function readTar(buf: Buffer): Promise<ReadResult> {
  const entries: RawEntry[] = [];
  const warnings: string[] = [];
  return new Promise((resolve) => {
    let settled = false;
    const done = (err: unknown) => {
      if (settled) return;
      settled = true;
      if (err) warnings.push(describeTarError(err, entries.length));
      resolve({ entries, warnings });
    };
    const ex = tar.extract();
    ex.on('entry', (header, stream, next) => {
      const chunks: Buffer[] = [];
      stream.on('data', (c: unknown) => void chunks.push(c as Buffer));
      stream.on('error', () => undefined); // the extractor reports the same failure
      stream.on('end', () => {
        const type = entryType(header.type);
        const data = chunks.length === 1 ? chunks[0] : Buffer.concat(chunks);
        // A short entry means the header promised more bytes than the archive holds.
        if (type === 'file' && header.size !== undefined && data.length !== header.size) {
          warnings.push(`entry ${header.name} is shorter than its header says; skipped`);
        } else {
          entries.push({
            name: header.name,
            type,
            data: type === 'file' ? data : undefined,
            linkname: header.linkname ?? undefined,
          });
        }
        if (entries.length > MAX_ARCHIVE_ENTRIES) {
          ex.destroy(new Error(`more than ${MAX_ARCHIVE_ENTRIES} entries`));
          return;
        }
        next();
      });
      stream.resume();
    });
    ex.on('error', done);
    ex.on('finish', () => done(null));
    ex.on('close', () => done(null));
    ex.end(buf);
  });
}

function describeTarError(err: unknown, read: number): string {
  const msg = err instanceof Error ? err.message : String(err);
  const kept = `; kept the ${read} entr${read === 1 ? 'y' : 'ies'} read before it`;
  if (/Unexpected end of data/i.test(msg)) return `truncated tar (unexpected end of data)${kept}`;
  if (/Invalid tar header/i.test(msg))
    return `corrupt tar header (an entry's size is wrong or the data is damaged)${kept}`;
  return `unreadable tar (${msg})${kept}`;
}
