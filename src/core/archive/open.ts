// Opening an archive: read it once into memory, keep it in a small cache keyed by path, mtime and size.
import { promises as fs } from 'node:fs';
import path from 'node:path';
import { CodetracerError, fromFsError } from '../io/errors.js';
import { ArchiveTooLargeError, gunzipCapped, unzstdCapped } from './decompress.js';
import type { ReadResult } from './entry.js';
import { archiveKindFromName, sniffArchiveKind, type ArchiveKind } from './kind.js';
import { maxArchiveBytes, mb, tooLargeMessage } from './limits.js';
import { ArchiveSource } from './source.js';
import { readTar } from './tar.js';
import { buildTree } from './tree.js';
import { readZip, ZipFormatError } from './zip.js';

export interface ArchiveOptions {
  /** Cap on total uncompressed bytes (default: CODETRACER_MAX_ARCHIVE_MB, 1024 MB). */
  maxBytes?: number;
}

interface CacheEntry {
  key: string;
  bytes: number;
  value: Promise<ArchiveSource>;
}

// Least recently used first; archives above the budget are evicted (a discovery over thousands of
// archives must not keep them all).
const cache = new Map<string, CacheEntry>();
let cacheBudget = 512 * 2 ** 20;

export function setArchiveCacheBudget(bytes: number): void {
  cacheBudget = bytes;
  evict();
}

export function clearArchiveCache(): void {
  cache.clear();
}

function evict(): void {
  let total = 0;
  for (const e of cache.values()) total += e.bytes;
  for (const [k, e] of cache) {
    if (total <= cacheBudget) break;
    cache.delete(k);
    total -= e.bytes;
  }
}

/** Read an archive as a FileSource. Throws CodetracerError('archive', …) naming the archive. */
export async function openArchive(archivePath: string, opts: ArchiveOptions = {}): Promise<ArchiveSource> {
  const abs = path.resolve(archivePath);
  let st;
  try {
    st = await fs.stat(abs);
  } catch (e) {
    throw fromFsError(e, abs);
  }
  if (!st.isFile()) throw new CodetracerError('archive', 'not an archive file', abs);
  const limit = opts.maxBytes ?? maxArchiveBytes();
  const key = `${st.mtimeMs}:${st.size}:${limit}`;
  const hit = cache.get(abs);
  if (hit && hit.key === key) {
    cache.delete(abs);
    cache.set(abs, hit); // most recently used goes last
    return hit.value;
  }
  const entry: CacheEntry = { key, bytes: st.size, value: load(abs, st.size, limit) };
  cache.set(abs, entry);
  entry.value.then(
    (src) => {
      entry.bytes = Math.max(st.size, src.bytes);
      evict();
    },
    () => undefined, // a failure stays cached for this mtime+size: reading it again fails the same way
  );
  return entry.value;
}

async function load(abs: string, size: number, limit: number): Promise<ArchiveSource> {
  const fail = (msg: string) => new CodetracerError('archive', msg, abs);
  if (size > limit)
    throw fail(
      `archive is ${mb(size)}, over the ${mb(limit)} limit (set CODETRACER_MAX_ARCHIVE_MB to raise it)`,
    );
  let buf: Buffer;
  try {
    buf = await fs.readFile(abs);
  } catch (e) {
    throw fromFsError(e, abs);
  }
  const kind: ArchiveKind | null = sniffArchiveKind(buf) ?? archiveKindFromName(abs);
  if (!kind) throw fail('not a tar, tar.gz, tar.zst or zip archive');
  let result: ReadResult;
  let streamError: string | null = null;
  try {
    if (kind === 'zip') {
      result = readZip(buf, limit);
    } else {
      let tarBytes = buf;
      if (kind !== 'tar') {
        const d = kind === 'tar.gz' ? gunzipCapped(buf, limit) : unzstdCapped(buf, limit);
        if (d.error && d.data.length === 0) throw fail(d.error);
        streamError = d.error;
        tarBytes = d.data;
      }
      if (tarBytes.length === 0) throw fail('empty archive');
      result = await readTar(tarBytes);
      if (streamError) {
        // The tar reader then breaks off too; one line says what happened and what was kept.
        const n = result.entries.length;
        result.warnings = result.warnings.filter((w) => !/^(truncated|corrupt|unreadable) tar/.test(w));
        result.warnings.unshift(`${streamError}; kept the ${n} entr${n === 1 ? 'y' : 'ies'} read before it`);
      }
    }
  } catch (e) {
    if (e instanceof CodetracerError) throw e;
    if (e instanceof ArchiveTooLargeError) throw fail(tooLargeMessage(limit));
    if (e instanceof ZipFormatError) throw fail(e.message);
    throw fail(`unreadable archive (${e instanceof Error ? e.message : String(e)})`);
  }
  const tree = buildTree(result.entries);
  tree.warnings.unshift(...result.warnings);
  if (result.entries.length === 0 && tree.warnings.length > 0) throw fail(tree.warnings.join('; '));
  return new ArchiveSource(abs, tree);
}
