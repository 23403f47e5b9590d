// Reading a parquet manifest into plain row objects (hyparquet), with one-line errors for bad files.
import { promises as fs } from 'node:fs';
import { gunzipSync, brotliDecompressSync } from 'node:zlib';
import { decompress as zstdDecompress } from 'fzstd';
import { asyncBufferFromFile, parquetMetadataAsync, parquetReadObjects } from 'hyparquet';
import { CodetracerError, fromFsError } from '../io/errors.js';

const MAGIC = 'PAR1';

// hyparquet decodes snappy itself; the other codecs CodeTraceBench-like exports use come from here.
const compressors = {
  ZSTD: (input: Uint8Array) => zstdDecompress(input),
  GZIP: (input: Uint8Array) => new Uint8Array(gunzipSync(input)),
  BROTLI: (input: Uint8Array) => new Uint8Array(brotliDecompressSync(input)),
};

/** BigInt (parquet INT64) -> number, recursively, so rows look like the JSON manifest. */
function plain(v: unknown): unknown {
  if (typeof v === 'bigint') return Number(v);
  if (Array.isArray(v)) return v.map(plain);
  if (v && typeof v === 'object' && !(v instanceof Date) && !(v instanceof Uint8Array)) {
    return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, plain(x)]));
  }
  return v;
}

async function checkMagic(file: string): Promise<number> {
  let h: fs.FileHandle | undefined;
  try {
    h = await fs.open(file, 'r');
    const { size } = await h.stat();
    const head = Buffer.alloc(4);
    const tail = Buffer.alloc(4);
    if (size >= 12) {
      await h.read(head, 0, 4, 0);
      await h.read(tail, 0, 4, size - 4);
    }
    if (head.toString('latin1') !== MAGIC || tail.toString('latin1') !== MAGIC) {
      const first = head.toString('latin1');
      const hint = first.startsWith('vers') ? ' (a Git LFS pointer? run git lfs pull)' : '';
      throw new CodetracerError('invalid_data', `not a parquet file (no PAR1 magic bytes)${hint}`, file);
    }
    return size;
  } catch (e) {
    if (e instanceof CodetracerError) throw e;
    throw fromFsError(e, file);
  } finally {
    await h?.close().catch(() => undefined);
  }
}

export async function readParquetRows(file: string): Promise<Record<string, unknown>[]> {
  await checkMagic(file);
  try {
    const buf = await asyncBufferFromFile(file);
    const metadata = await parquetMetadataAsync(buf);
    const rows = await parquetReadObjects({ file: buf, metadata, compressors });
    return rows.map((r) => plain(r) as Record<string, unknown>);
  } catch (e) {
    const msg = e instanceof Error ? e.message : String(e);
    throw new CodetracerError('invalid_data', `cannot read parquet: ${msg.split('\n')[0]}`, file);
  }
}
