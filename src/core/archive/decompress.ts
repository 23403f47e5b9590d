// Whole-archive decompression with a size cap. Output is counted as it is produced, so a bomb is stopped
// near the limit instead of after it has filled memory. A stream that breaks off keeps what came before.
import { Gunzip } from 'fflate';
import { Decompress as ZstdDecompress } from 'fzstd';
import { tooLargeMessage } from './limits.js';

export interface Decompressed {
  data: Buffer;
  /** Why the stream stopped early (truncated or corrupt), or null when it ended cleanly. */
  error: string | null;
}

/** Thrown when the output passes the cap; the archive is refused as a whole. */
export class ArchiveTooLargeError extends Error {
  constructor(limit: number) {
    super(tooLargeMessage(limit));
  }
}

class Collector {
  readonly chunks: Uint8Array[] = [];
  total = 0;
  ended = false;
  constructor(private readonly limit: number) {}
  add = (chunk: Uint8Array, final?: boolean): void => {
    this.total += chunk.length;
    if (this.total > this.limit) throw new ArchiveTooLargeError(this.limit);
    if (chunk.length) this.chunks.push(chunk);
    if (final) this.ended = true;
  };
  result(error: string | null): Decompressed {
    return { data: Buffer.concat(this.chunks, this.total), error };
  }
}

// fflate inflates everything pushed at once, so input goes in slices: deflate expands at most ~1032x,
// which bounds the memory one push can take past the cap.
const GZIP_SLICE = 64 * 1024;

export function gunzipCapped(buf: Uint8Array, limit: number): Decompressed {
  const out = new Collector(limit);
  const g = new Gunzip(out.add);
  // fflate does not check the trailer; the last member's ISIZE (output size mod 2^32) catches a cut-off end.
  let lastMemberStart = 0;
  g.onmember = () => {
    lastMemberStart = out.total;
  };
  try {
    if (buf.length === 0) return out.result('empty file');
    for (let off = 0; off < buf.length; off += GZIP_SLICE) {
      const end = Math.min(buf.length, off + GZIP_SLICE);
      g.push(buf.subarray(off, end), end === buf.length);
    }
  } catch (e) {
    if (e instanceof ArchiveTooLargeError) throw e;
    return out.result(describe(e, 'gzip'));
  }
  const isize =
    buf.length >= 4 ? Buffer.from(buf.buffer, buf.byteOffset, buf.length).readUInt32LE(buf.length - 4) : -1;
  const complete = out.ended && isize === (out.total - lastMemberStart) % 2 ** 32;
  return out.result(complete ? null : 'truncated gzip data (unexpected end of file)');
}

// fzstd hands out one block (at most 128 KB) at a time, so the whole input can be pushed at once.
export function unzstdCapped(buf: Uint8Array, limit: number): Decompressed {
  const out = new Collector(limit);
  const z = new ZstdDecompress(out.add);
  try {
    if (buf.length === 0) return out.result('empty file');
    z.push(buf, true);
  } catch (e) {
    if (e instanceof ArchiveTooLargeError) throw e;
    return out.result(describe(e, 'zstd'));
  }
  return out.result(null);
}

function describe(e: unknown, what: string): string {
  const msg = e instanceof Error ? e.message : String(e);
  if (/EOF|end of/i.test(msg)) return `truncated ${what} data (unexpected end of file)`;
  return `corrupt ${what} data (${msg})`;
}
