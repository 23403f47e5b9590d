// Zip reading from the central directory, with fflate inflating one entry at a time. Declared sizes are
// checked against the data (and the CRC), so an entry that lies about its size is dropped, not trusted.
import { crc32 } from 'node:zlib';
import { inflateSync } from 'fflate';
import type { RawEntry, ReadResult } from './entry.js';
import { ArchiveTooLargeError } from './decompress.js';
import { MAX_ARCHIVE_ENTRIES } from './limits.js';

const SIG_EOCD = 0x06054b50;
const SIG_EOCD64 = 0x06064b50;
const SIG_EOCD64_LOCATOR = 0x07064b50;
const SIG_CENTRAL = 0x02014b50;
const SIG_LOCAL = 0x04034b50;
const U32_MAX = 0xffffffff;
const S_IFMT = 0o170000;
const S_IFLNK = 0o120000;

/** Thrown when the zip cannot be read at all (no central directory). */
export class ZipFormatError extends Error {}

interface CentralEntry {
  name: string;
  method: number;
  flags: number;
  crc: number;
  compressedSize: number;
  size: number;
  localOffset: number;
  unixMode: number;
}

function findEocd(buf: Buffer): number {
  // The end record sits in the last 22 bytes plus a comment of at most 64 KB.
  const stop = Math.max(0, buf.length - 22 - 0xffff);
  for (let i = buf.length - 22; i >= stop; i--) if (buf.readUInt32LE(i) === SIG_EOCD) return i;
  return -1;
}

function readDirectoryBounds(buf: Buffer): { count: number; offset: number } {
  const eocd = findEocd(buf);
  if (eocd < 0)
    throw new ZipFormatError('not a zip archive, or truncated (no end-of-central-directory record)');
  let count = buf.readUInt16LE(eocd + 10);
  let offset = buf.readUInt32LE(eocd + 16);
  const loc = eocd - 20;
  if ((offset === U32_MAX || count === 0xffff) && loc >= 0 && buf.readUInt32LE(loc) === SIG_EOCD64_LOCATOR) {
    const at = Number(buf.readBigUInt64LE(loc + 8));
    if (at + 56 > buf.length || buf.readUInt32LE(at) !== SIG_EOCD64)
      throw new ZipFormatError('corrupt zip64 end record');
    count = Number(buf.readBigUInt64LE(at + 32));
    offset = Number(buf.readBigUInt64LE(at + 48));
  }
  if (offset > buf.length)
    throw new ZipFormatError('truncated zip (central directory lies past the end of the file)');
  return { count, offset };
}

function readCentral(buf: Buffer, warnings: string[]): CentralEntry[] {
  const { count, offset } = readDirectoryBounds(buf);
  if (count > MAX_ARCHIVE_ENTRIES) throw new ZipFormatError(`more than ${MAX_ARCHIVE_ENTRIES} entries`);
  const out: CentralEntry[] = [];
  let p = offset;
  for (let i = 0; i < count; i++) {
    if (p + 46 > buf.length || buf.readUInt32LE(p) !== SIG_CENTRAL) {
      warnings.push(`corrupt zip central directory after ${i} of ${count} entries; kept those`);
      break;
    }
    const flags = buf.readUInt16LE(p + 8);
    const nameLen = buf.readUInt16LE(p + 28);
    const extraLen = buf.readUInt16LE(p + 30);
    const commentLen = buf.readUInt16LE(p + 32);
    const madeBy = buf.readUInt16LE(p + 4) >> 8;
    const nameBytes = buf.subarray(p + 46, p + 46 + nameLen);
    const e: CentralEntry = {
      // Bit 11 says UTF-8; older tools wrote the DOS code page, which latin1 approximates.
      name: nameBytes.toString(flags & 0x800 ? 'utf8' : 'latin1'),
      method: buf.readUInt16LE(p + 10),
      flags,
      crc: buf.readUInt32LE(p + 16),
      compressedSize: buf.readUInt32LE(p + 20),
      size: buf.readUInt32LE(p + 24),
      localOffset: buf.readUInt32LE(p + 42),
      unixMode: madeBy === 3 ? buf.readUInt32LE(p + 38) >>> 16 : 0,
    };
    applyZip64(e, buf.subarray(p + 46 + nameLen, p + 46 + nameLen + extraLen));
    out.push(e);
    p += 46 + nameLen + extraLen + commentLen;
  }
  return out;
}

/** Sizes and offsets of 0xFFFFFFFF are in the zip64 extra field, in this order. */
function applyZip64(e: CentralEntry, extra: Buffer): void {
  for (let q = 0; q + 4 <= extra.length;) {
    const id = extra.readUInt16LE(q);
    const len = extra.readUInt16LE(q + 2);
    if (id === 0x0001) {
      let r = q + 4;
      const next = (): number => {
        const v = r + 8 <= q + 4 + len ? Number(extra.readBigUInt64LE(r)) : U32_MAX;
        r += 8;
        return v;
      };
      if (e.size === U32_MAX) e.size = next();
      if (e.compressedSize === U32_MAX) e.compressedSize = next();
      if (e.localOffset === U32_MAX) e.localOffset = next();
      return;
    }
    q += 4 + len;
  }
}

function entryData(buf: Buffer, e: CentralEntry): Buffer | string {
  const lo = e.localOffset;
  if (lo + 30 > buf.length || buf.readUInt32LE(lo) !== SIG_LOCAL)
    return 'local header missing (truncated or corrupt zip)';
  const start = lo + 30 + buf.readUInt16LE(lo + 26) + buf.readUInt16LE(lo + 28);
  const end = start + e.compressedSize;
  if (end > buf.length)
    return 'data runs past the end of the file (truncated zip or a wrong size in its header)';
  const raw = buf.subarray(start, end);
  let data: Buffer;
  if (e.method === 0) {
    data = raw;
  } else if (e.method === 8) {
    // One byte more than declared: if it gets filled, the entry is bigger than its header says.
    try {
      const out = inflateSync(raw, { out: new Uint8Array(e.size + 1) });
      data = Buffer.from(out.buffer, out.byteOffset, out.length);
    } catch (err) {
      return `corrupt compressed data (${err instanceof Error ? err.message : String(err)})`;
    }
  } else {
    return `unsupported compression method ${e.method}`;
  }
  if (data.length !== e.size)
    return `size in header (${e.size} bytes) does not match the data (${data.length === e.size + 1 ? 'more' : data.length} bytes)`;
  if (crc32(data) >>> 0 !== e.crc >>> 0) return 'CRC mismatch (corrupt data)';
  return data;
}

export function readZip(buf: Buffer, limit: number): ReadResult {
  const warnings: string[] = [];
  const central = readCentral(buf, warnings);
  // Declared sizes bound what inflate may produce (see entryData), so checking them up front is the bomb guard.
  const declared = central.reduce((n, e) => n + e.size, 0);
  if (declared > limit) throw new ArchiveTooLargeError(limit);
  const entries: RawEntry[] = [];
  for (const e of central) {
    if (e.flags & 1) {
      warnings.push(`entry ${e.name} is encrypted; skipped`);
      continue;
    }
    const isDir = e.name.endsWith('/') || e.name.endsWith('\\');
    if (isDir) {
      entries.push({ name: e.name, type: 'dir' });
      continue;
    }
    const data = entryData(buf, e);
    if (typeof data === 'string') {
      warnings.push(`entry ${e.name}: ${data}; skipped`);
      continue;
    }
    if ((e.unixMode & S_IFMT) === S_IFLNK)
      entries.push({ name: e.name, type: 'symlink', linkname: data.toString('utf8') });
    else entries.push({ name: e.name, type: 'file', data });
  }
  return { entries, warnings };
}
