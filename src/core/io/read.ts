// Guarded reading: every way a file can be wrong becomes a one-line CodetracerError naming it.
import { CodetracerError } from './errors.js';
import type { FileSource } from './source.js';

const LFS_PREFIX = 'version https://git-lfs.github.com/spec/v1';

/** Files larger than this are refused (a trajectory this big is almost surely not one). */
export function maxFileBytes(): number {
  const mb = Number(process.env.CODETRACER_MAX_FILE_MB);
  return (Number.isFinite(mb) && mb > 0 ? mb : 1024) * 1024 * 1024;
}

export function isLfsPointer(buf: Buffer | string): boolean {
  const head = typeof buf === 'string' ? buf.slice(0, 200) : buf.subarray(0, 200).toString('utf8');
  return head.startsWith(LFS_PREFIX) && (typeof buf === 'string' ? buf.length : buf.length) < 1024;
}

export function looksBinary(buf: Buffer): boolean {
  const n = Math.min(buf.length, 8192);
  for (let i = 0; i < n; i++) if (buf[i] === 0) return true;
  return false;
}

export interface ReadOptions {
  /** Allow an empty file (returns ""). Default false: empty files are an error. */
  allowEmpty?: boolean;
}

/** Read a text file, refusing LFS pointers, binary data, oversized and (by default) empty files. */
export async function readText(src: FileSource, p: string, opts: ReadOptions = {}): Promise<string> {
  const shown = src.display(p);
  const st = await src.stat(p);
  if (!st) throw new CodetracerError('not_found', 'no such file', shown);
  if (st.kind === 'dir') throw new CodetracerError('invalid_data', 'is a directory, expected a file', shown);
  const limit = maxFileBytes();
  if (st.size > limit) {
    throw new CodetracerError(
      'too_large',
      `file is ${(st.size / 2 ** 20).toFixed(0)} MB, over the ${(limit / 2 ** 20).toFixed(0)} MB limit (set CODETRACER_MAX_FILE_MB to raise it)`,
      shown,
    );
  }
  const buf = await src.read(p);
  return decodeText(buf, shown, opts);
}

/** The checks of readText on bytes already in memory. */
export function decodeText(buf: Buffer, shown: string, opts: ReadOptions = {}): string {
  if (buf.length === 0 || (buf.length < 64 && buf.toString('utf8').trim() === '')) {
    if (opts.allowEmpty) return '';
    throw new CodetracerError('empty', 'file is empty', shown);
  }
  if (isLfsPointer(buf)) {
    throw new CodetracerError('lfs_pointer', 'file is a Git LFS pointer; fetch LFS content (git lfs pull)', shown);
  }
  if (looksBinary(buf)) throw new CodetracerError('binary', 'binary data, not a text or JSON file', shown);
  let text = buf.toString('utf8');
  if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
  return text;
}

/** Parse JSON text; a syntax error names the line and column, truncation is called truncation. */
export function parseJson(text: string, shown: string): unknown {
  try {
    return JSON.parse(text);
  } catch (e) {
    throw jsonError(e, text, shown);
  }
}

export function jsonError(e: unknown, text: string, shown: string): CodetracerError {
  const msg = (e as Error).message ?? String(e);
  const m = /position (\d+)/.exec(msg);
  const end = text.trimEnd().length;
  // An error at the very end of the text means the file was cut off, whatever V8 calls it.
  if ((!m && /end of (JSON )?input|Unterminated/i.test(msg)) || (m && Number(m[1]) >= end)) {
    return new CodetracerError('invalid_json', 'truncated JSON (unexpected end of input)', shown);
  }
  if (m) {
    const pos = Number(m[1]);
    const before = text.slice(0, pos);
    const line = before.split('\n').length;
    const col = pos - before.lastIndexOf('\n');
    const reason = msg
      .replace(/\s*(in JSON )?at position.*$/, '')
      .replace(/^Unexpected token.*?,\s*/, 'unexpected token, ');
    return new CodetracerError('invalid_json', `invalid JSON at line ${line} column ${col}: ${reason}`, shown);
  }
  return new CodetracerError('invalid_json', `invalid JSON: ${msg}`, shown);
}

export async function readJson(src: FileSource, p: string): Promise<unknown> {
  const text = await readText(src, p);
  return parseJson(text, src.display(p));
}

export interface JsonlResult {
  records: { line: number; value: unknown }[];
  /** One message per bad line; the good lines are kept. */
  warnings: string[];
}

/** Parse JSON Lines; bad lines are reported and skipped, never fatal unless nothing is readable. */
export function parseJsonl(text: string, shown: string): JsonlResult {
  const records: JsonlResult['records'] = [];
  const warnings: string[] = [];
  let start = 0;
  let line = 0;
  while (start <= text.length) {
    let end = text.indexOf('\n', start);
    if (end === -1) end = text.length;
    line++;
    const raw = text.slice(start, end).trim();
    if (raw) {
      try {
        records.push({ line, value: JSON.parse(raw) });
      } catch (e) {
        warnings.push(jsonError(e, raw, `${shown}:${line}`).oneLine());
      }
    }
    start = end + 1;
  }
  if (records.length === 0 && warnings.length > 0) {
    throw new CodetracerError('invalid_json', `no valid JSON line (${warnings[0]})`, shown);
  }
  return { records, warnings };
}

export async function readJsonl(src: FileSource, p: string): Promise<JsonlResult> {
  return parseJsonl(await readText(src, p), src.display(p));
}

/** Read a small optional file: null when absent, unreadable, empty or an LFS stub. */
export async function readOptionalText(src: FileSource, p: string): Promise<string | null> {
  try {
    return await readText(src, p);
  } catch {
    return null;
  }
}

export async function readOptionalJson(src: FileSource, p: string): Promise<unknown | null> {
  const text = await readOptionalText(src, p);
  if (text === null) return null;
  try {
    return JSON.parse(text);
  } catch {
    return null;
  }
}
