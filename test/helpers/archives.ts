// Building archives for tests: tar (tar-stream), gzip and zip (fflate), zstd (a raw-block frame writer, or
// the zstd CLI when the machine has it), plus ways to damage them.
import { spawnSync } from 'node:child_process';
import { readdirSync, readFileSync, readlinkSync, lstatSync } from 'node:fs';
import path from 'node:path';
import tar from 'tar-stream';
import { gzipSync, zipSync, type Zippable } from 'fflate';

export type TestEntry =
  | { name: string; data: string | Buffer }
  | { name: string; dir: true }
  | { name: string; symlink: string }
  | { name: string; hardlink: string };

/** Every file and directory under root, with names relative to root (under `prefix`). */
export function entriesOf(root: string, prefix = ''): TestEntry[] {
  const out: TestEntry[] = [];
  const walk = (dir: string, rel: string) => {
    for (const name of readdirSync(dir).sort()) {
      const p = path.join(dir, name);
      const r = rel ? `${rel}/${name}` : name;
      const st = lstatSync(p);
      if (st.isSymbolicLink()) out.push({ name: r, symlink: readlinkSync(p) });
      else if (st.isDirectory()) {
        out.push({ name: r, dir: true });
        walk(p, r);
      } else out.push({ name: r, data: readFileSync(p) });
    }
  };
  walk(root, prefix);
  return out;
}

export async function makeTar(entries: TestEntry[]): Promise<Buffer> {
  const pack = tar.pack();
  const chunks: Buffer[] = [];
  const done = new Promise<void>((resolve, reject) => {
    pack.on('data', (c: unknown) => void chunks.push(c as Buffer));
    pack.on('end', () => resolve());
    pack.on('error', reject);
  });
  for (const e of entries) {
    if ('data' in e) pack.entry({ name: e.name }, Buffer.from(e.data));
    else if ('dir' in e) pack.entry({ name: e.name, type: 'directory' });
    else if ('symlink' in e) pack.entry({ name: e.name, type: 'symlink', linkname: e.symlink });
    else pack.entry({ name: e.name, type: 'link', linkname: e.hardlink });
  }
  pack.finalize();
  await done;
  return Buffer.concat(chunks);
}

export function gzip(buf: Buffer): Buffer {
  return Buffer.from(gzipSync(buf));
}

/**
 * A valid zstd frame made of raw (stored) blocks: no compression, but every decoder must read it. Used
 * where no zstd compressor is installed.
 */
export function zstdRaw(buf: Buffer): Buffer {
  const BLOCK = 128 * 1024;
  // Magic; frame header descriptor 0 (no content size, no checksum); window descriptor 2^17 = 128 KB.
  const parts: Buffer[] = [Buffer.from([0x28, 0xb5, 0x2f, 0xfd, 0x00, 7 << 3])];
  let off = 0;
  do {
    const chunk = buf.subarray(off, off + BLOCK);
    off += chunk.length;
    const last = off >= buf.length ? 1 : 0;
    const h = (chunk.length << 3) | (0 << 1) | last; // block type 0 = raw
    parts.push(Buffer.from([h & 0xff, (h >> 8) & 0xff, (h >> 16) & 0xff]), chunk);
  } while (off < buf.length);
  return Buffer.concat(parts);
}

export const hasZstdCli = spawnSync('zstd', ['--version']).status === 0;

/** Real zstd compression through the CLI (only when hasZstdCli). */
export function zstdCli(buf: Buffer): Buffer {
  const r = spawnSync('zstd', ['-q', '-c', '-3'], { input: buf, maxBuffer: 256 * 2 ** 20 });
  if (r.status !== 0) throw new Error(`zstd failed: ${r.stderr}`);
  return r.stdout;
}

export function makeZip(entries: TestEntry[]): Buffer {
  const files: Zippable = {};
  for (const e of entries) {
    if ('data' in e) files[e.name] = [new Uint8Array(Buffer.from(e.data)), { level: 6 }];
    else if ('dir' in e) files[e.name.endsWith('/') ? e.name : e.name + '/'] = new Uint8Array(0);
  }
  return Buffer.from(zipSync(files));
}

/** Offsets of the tar headers, in order. */
export function tarHeaderOffsets(buf: Buffer): number[] {
  const out: number[] = [];
  let off = 0;
  while (off + 512 <= buf.length && buf[off] !== 0) {
    out.push(off);
    const size = parseInt(
      buf
        .subarray(off + 124, off + 136)
        .toString('latin1')
        .replace(/\0.*$/, '')
        .trim() || '0',
      8,
    );
    off += 512 + Math.ceil(size / 512) * 512;
  }
  return out;
}

/** Rewrite the size field of the tar header at `off`, with a correct checksum, so the lie is well-formed. */
export function setTarSize(buf: Buffer, off: number, size: number): void {
  buf.write(size.toString(8).padStart(11, '0') + '\0', off + 124, 12, 'latin1');
  buf.fill(0x20, off + 148, off + 156);
  let sum = 0;
  for (let i = off; i < off + 512; i++) sum += buf[i];
  buf.write(sum.toString(8).padStart(6, '0') + '\0 ', off + 148, 8, 'latin1');
}

/** Offset of the first central-directory record of a zip. */
export function zipCentralOffset(buf: Buffer): number {
  for (let i = buf.length - 22; i >= 0; i--)
    if (buf.readUInt32LE(i) === 0x06054b50) return buf.readUInt32LE(i + 16);
  throw new Error('no end record');
}
