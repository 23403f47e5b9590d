// Guarded reading: every way a file can be wrong becomes a one-line CodetracerError naming it.
import { CodetracerError } from './errors.js';
import type { Entry, FileSource } from './source.js';
import { eachLine } from '../formats/shared/text.js';

const LFS_PREFIX = 'version https://git-lfs.github.com/spec/v1';

/** Files larger than this are refused (a trajectory this big is almost surely not one). */
export function maxFileBytes(): number {
  const mb = Number(process.env.CODETRACER_MAX_FILE_MB);
  return (Number.isFinite(mb) && mb > 0 ? mb : 1024) * 1024 * 1024;
}

export function isLfsPointer(buf: Buffer | string): boolean {
  // Pointers are tiny: larger inputs are turned down before any decoding.
  if (buf.length >= 1024) return false;
  const head = typeof buf === 'string' ? buf.slice(0, 200) : buf.subarray(0, 200).toString('utf8');
  return head.startsWith(LFS_PREFIX) && (typeof buf === 'string' ? buf.length : buf.length) < 1024;
}

export function looksBinary(buf: Buffer): boolean {
  // A native byte search (memchr) instead of a JS loop: this runs on every file read.
  return buf.subarray(0, 8192).indexOf(0) !== -1;
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
  const key = cacheKey(src, p, st);
  const hit = key === null ? undefined : cacheGet(key);
  if (hit) {
    if (hit.text === '' && !opts.allowEmpty) throw new CodetracerError('empty', 'file is empty', shown);
    return hit.text;
  }
  const buf = await src.read(p);
  const text = decodeText(buf, shown, { allowEmpty: true });
  if (key !== null) cachePut(key, text, shown);
  if (text === '' && !opts.allowEmpty) throw new CodetracerError('empty', 'file is empty', shown);
  return text;
}

/** The checks of readText on bytes already in memory. */
export function decodeText(buf: Buffer, shown: string, opts: ReadOptions = {}): string {
  if (buf.length === 0 || (buf.length < 64 && buf.toString('utf8').trim() === '')) {
    if (opts.allowEmpty) return '';
    throw new CodetracerError('empty', 'file is empty', shown);
  }
  if (isLfsPointer(buf)) {
    throw new CodetracerError(
      'lfs_pointer',
      'file is a Git LFS pointer; fetch LFS content (git lfs pull)',
      shown,
    );
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
    return new CodetracerError(
      'invalid_json',
      `invalid JSON at line ${line} column ${col}: ${reason}`,
      shown,
    );
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
  eachLine(text, (line, n) => {
    const raw = line.trim();
    if (!raw) return;
    try {
      records.push({ line: n, value: JSON.parse(raw) });
    } catch (e) {
      warnings.push(jsonError(e, raw, `${shown}:${n}`).oneLine());
    }
  });
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
    // Absent files are the common case here: answered without building (and throwing) an error.
    const st = await src.stat(p);
    if (!st || st.kind !== 'file') return null;
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

// ---------------------------------------------------------------------------------------------------------
// Read cache. Detection, quick counts and the parse of one run read the same few files one after another
// (every candidate format's detect, then quickCount or parse), so the last files read are kept, decoded,
// and optionally parsed. Keys hold the file's size and modification time (fs) or the source object
// (archives, whose contents never change), so an edited file is read afresh.
//
// CONTRACT: JSON from readJsonShared / readOptionalJsonShared / parseJsonShared is shared by every caller
// that reads the same unchanged file: NEVER mutate it (copy what you need to change). readJson,
// readOptionalJson and parseJson still return fresh objects. Under vitest (or CODETRACER_FREEZE_SHARED=1)
// shared JSON is deep-frozen so a mutation throws in tests instead of corrupting another reader's view.

interface CacheEntry {
  text: string;
  /** The file as shown to users: parseJsonShared finds the entry by it, then checks the text is the same. */
  shown: string;
  /** Parsed JSON of text, once someone asked for it through a shared reader. */
  json?: { ok: true; value: unknown } | { ok: false; error: CodetracerError };
  /** Approximate memory held: text plus parsed JSON (counted as a multiple of the text). */
  cost: number;
}

// Enough for the files of a few dozen runs: discovery summarizes a run a little after its format check.
const CACHE_ENTRIES = 256;
const cacheBudget = (): number => {
  const mb = Number(process.env.CODETRACER_READ_CACHE_MB);
  return (Number.isFinite(mb) && mb >= 0 ? mb : 16) * 2 ** 20;
};
// Parsed JSON costs several times its text in memory; only files up to this size keep it.
const JSON_CACHE_MAX_TEXT = 8 * 2 ** 20;
const JSON_COST_FACTOR = 4;

const cache = new Map<string, CacheEntry>();
let cacheCost = 0;
const sourceIds = new WeakMap<FileSource, number>();
let nextSourceId = 1;

function cacheKey(src: FileSource, p: string, st: Entry): string | null {
  if (src.kind === 'fs') {
    // Without a modification time an fs file cannot be told from its edited self: not cached.
    if (st.mtimeMs === undefined) return null;
    return `fs\0${p}\0${st.size}\0${st.mtimeMs}`;
  }
  let id = sourceIds.get(src);
  if (id === undefined) {
    id = nextSourceId++;
    sourceIds.set(src, id);
  }
  return `${id}\0${p}\0${st.size}`;
}

// A file too large for the budget is kept alone in one slot, for the detect -> parse of that file (each
// format's check would otherwise decode and parse hundreds of MB again), and let go shortly after its last
// use or when another large file is read, so a big run's text is not held on to.
let big: { key: string; entry: CacheEntry; timer: NodeJS.Timeout } | null = null;
const BIG_HOLD_MS = 10_000;

function holdBig(key: string, entry: CacheEntry): void {
  if (big) clearTimeout(big.timer);
  const timer = setTimeout(() => {
    if (big?.entry === entry) dropBig();
  }, BIG_HOLD_MS);
  timer.unref();
  big = { key, entry, timer };
}

function dropBig(): void {
  if (!big) return;
  clearTimeout(big.timer);
  if (byShown.get(big.entry.shown) === big.entry) byShown.delete(big.entry.shown);
  big = null;
}

function cacheGet(key: string): CacheEntry | undefined {
  if (big?.key === key) {
    holdBig(key, big.entry);
    return big.entry;
  }
  const e = cache.get(key);
  if (e) {
    // Most recently used last.
    cache.delete(key);
    cache.set(key, e);
  }
  return e;
}

function evict(): void {
  const budget = cacheBudget();
  for (const [k, e] of cache) {
    if (cache.size <= CACHE_ENTRIES && cacheCost <= budget) break;
    cache.delete(k);
    cacheCost -= e.cost;
    if (byShown.get(e.shown) === e) byShown.delete(e.shown);
  }
}

function cachePut(key: string, text: string, shown: string): void {
  if (text.length > cacheBudget() / 2) {
    dropBig();
    const entry: CacheEntry = { text, shown, cost: 0 };
    holdBig(key, entry);
    byShown.set(shown, entry);
    return;
  }
  const old = cache.get(key);
  if (old) {
    cache.delete(key);
    cacheCost -= old.cost;
    if (byShown.get(old.shown) === old) byShown.delete(old.shown);
  }
  const entry: CacheEntry = { text, shown, cost: text.length };
  cache.set(key, entry);
  byShown.set(shown, entry);
  cacheCost += text.length;
  evict();
}

// shown -> the newest entry for that file. Looked up by name so that texts are compared only with the text
// of the same file (usually the very same string object): comparing with other files' equal-length texts
// would compare their contents.
const byShown = new Map<string, CacheEntry>();

/** The cache entry that handed out this text for this file, if still held. */
function entryOfText(text: string, shown: string): CacheEntry | undefined {
  const e = byShown.get(shown);
  return e && e.text.length === text.length && e.text === text ? e : undefined;
}

const freezeShared = (): boolean =>
  process.env.CODETRACER_FREEZE_SHARED === '1' ||
  (!!process.env.VITEST && process.env.CODETRACER_FREEZE_SHARED !== '0');

function deepFreeze(v: unknown): void {
  if (v === null || typeof v !== 'object' || Object.isFrozen(v)) return;
  Object.freeze(v);
  for (const k of Object.keys(v)) deepFreeze((v as Record<string, unknown>)[k]);
}

/** Drop everything the read cache holds (benchmarks measuring cold parses; tests). */
export function clearReadCache(): void {
  dropBig();
  cache.clear();
  byShown.clear();
  cacheCost = 0;
}

/**
 * parseJson whose result is shared with every other shared parse of the same text read through readText
 * (see the contract above: never mutate it). Text that did not come from the cache is parsed as usual.
 */
export function parseJsonShared(text: string, shown: string): unknown {
  let e = entryOfText(text, shown);
  if (e && e !== big?.entry && text.length > JSON_CACHE_MAX_TEXT) e = undefined;
  if (!e) return parseJson(text, shown);
  if (!e.json) {
    try {
      const value = parseJson(text, shown);
      if (freezeShared()) deepFreeze(value);
      e.json = { ok: true, value };
    } catch (err) {
      if (!(err instanceof CodetracerError)) throw err;
      e.json = { ok: false, error: err };
    }
    if (e !== big?.entry) {
      const extra = text.length * (JSON_COST_FACTOR - 1);
      e.cost += extra;
      cacheCost += extra;
      evict();
    }
  }
  // The hold counts from the end of a long parse, not from the read before it.
  if (big && e === big.entry) holdBig(big.key, e);
  if (!e.json.ok) {
    // The message names the file the error was first met in; same bytes, so the same error.
    throw e.json.error;
  }
  return e.json.value;
}

/** readJson with a shared result (never mutate it). */
export async function readJsonShared(src: FileSource, p: string): Promise<unknown> {
  return parseJsonShared(await readText(src, p), src.display(p));
}

/** readOptionalJson with a shared result (never mutate it). */
export async function readOptionalJsonShared(src: FileSource, p: string): Promise<unknown | null> {
  const text = await readOptionalText(src, p);
  if (text === null) return null;
  try {
    return parseJsonShared(text, src.display(p));
  } catch {
    return null;
  }
}

/**
 * The first bytes of a file, decoded (a multi-byte character cut at the end is dropped), for cheap content
 * checks. Uses the source's readHead when it has one, the cached text when held, else reads the file.
 * Returns null when the file is missing, unreadable, binary or an LFS pointer.
 */
export async function readHeadText(src: FileSource, p: string, n: number): Promise<string | null> {
  try {
    const st = await src.stat(p);
    if (!st || st.kind !== 'file') return null;
    const key = cacheKey(src, p, st);
    const hit = key === null ? undefined : cacheGet(key);
    if (hit) return hit.text.slice(0, n);
    if (st.size <= n || !src.readHead) {
      return (await readText(src, p, { allowEmpty: true })).slice(0, n);
    }
    const buf = await src.readHead(p, n);
    if (isLfsPointer(buf) || looksBinary(buf)) return null;
    let text = new TextDecoder('utf-8', { fatal: false }).decode(buf, { stream: true });
    if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
    return text;
  } catch {
    return null;
  }
}

// Strings over ~128 KB (64 K characters once a single non-ASCII character makes them two-byte) go to V8's
// large-object space, whose allocation costs ~1 ms per 150 KB here: far more than decoding. Line-oriented
// readers that never need the whole text as one string read it line by line instead.
const WHOLE_TEXT_MAX = 60_000;

/**
 * The lines of a text file (split at "\n", as text.split("\n") would), with readText's checks, without
 * building the whole text as one string. Not cached: the callers read each file once.
 */
export async function readTextLines(src: FileSource, p: string): Promise<string[]> {
  const shown = src.display(p);
  const st = await src.stat(p);
  if (!st) throw new CodetracerError('not_found', 'no such file', shown);
  if (st.size > maxFileBytes() || st.size <= WHOLE_TEXT_MAX) return (await readText(src, p)).split('\n');
  const buf = await src.read(p);
  // Past WHOLE_TEXT_MAX bytes a file is neither empty nor an LFS pointer; a NUL byte anywhere is binary data.
  if (buf.indexOf(0) !== -1)
    throw new CodetracerError('binary', 'binary data, not a text or JSON file', shown);
  const lines: string[] = [];
  let start = buf[0] === 0xef && buf[1] === 0xbb && buf[2] === 0xbf ? 3 : 0;
  for (;;) {
    const nl = buf.indexOf(10, start);
    lines.push(buf.toString('utf8', start, nl === -1 ? buf.length : nl));
    if (nl === -1) break;
    start = nl + 1;
  }
  return lines;
}
