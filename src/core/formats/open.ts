// Opening a run from a user-given address: a directory, a file, "file#N" (Nth run of a multi-run
// file, 1-based), or "archive!/inner/path" (resolved by the archive layer when it is registered).
import path from 'node:path';
import { CodetracerError } from '../io/errors.js';
import { parseJson, readText } from '../io/read.js';
import { fsSource, type FileSource } from '../io/source.js';
import type { Trajectory } from '../model/trajectory.js';
import type { FormatModule, RunLocation } from './types.js';
import { detect, formatIds, getFormat } from './registry.js';

export interface OpenOptions {
  /** Force a format id instead of detecting. */
  format?: string;
}

export interface ParsedAddress {
  /** File-system path (of the run, or of the archive). */
  fsPath: string;
  /** Path inside an archive, when the address has "!". */
  inner?: string;
  /** 0-based run index, when the address has "#N". */
  index?: number;
}

export function parseAddress(address: string): ParsedAddress {
  let rest = address;
  let index: number | undefined;
  const hash = /#(\d+)$/.exec(rest);
  if (hash) {
    index = Number(hash[1]) - 1;
    rest = rest.slice(0, hash.index);
  }
  const bang = rest.indexOf('!/');
  if (bang > 0) {
    return { fsPath: path.resolve(rest.slice(0, bang)), inner: rest.slice(bang + 1), index };
  }
  return { fsPath: path.resolve(rest), index };
}

/** Resolves "archive!/inner" addresses to a source; installed by the archive layer. */
export type ArchiveOpener = (archivePath: string) => Promise<FileSource>;
let archiveOpener: ArchiveOpener | null = null;
export function setArchiveOpener(fn: ArchiveOpener): void {
  archiveOpener = fn;
}

/** The run inside an archive given without "!"; null when the path is not an archive. */
export interface ArchiveRoot {
  src: FileSource;
  path: string;
  index?: number;
}
export type ArchiveRootResolver = (fsPath: string) => Promise<ArchiveRoot | null>;
let archiveRootResolver: ArchiveRootResolver | null = null;
export function setArchiveRootResolver(fn: ArchiveRootResolver): void {
  archiveRootResolver = fn;
}

/** Turn an address into a RunLocation (no format detection yet). */
export async function locate(address: string): Promise<RunLocation> {
  const a = parseAddress(address);
  let src: FileSource = fsSource;
  let p = a.fsPath;
  if (a.inner !== undefined) {
    if (!archiveOpener) throw new CodetracerError('archive', 'archives are not supported here', a.fsPath);
    src = await archiveOpener(a.fsPath);
    p = a.inner;
  } else if (archiveRootResolver) {
    const r = await archiveRootResolver(a.fsPath);
    if (r) {
      src = r.src;
      p = r.path;
      if (a.index === undefined && r.index !== undefined) a.index = r.index;
    }
  }
  const st = await src.stat(p);
  if (!st) throw new CodetracerError('not_found', 'no such file or directory', src.display(p));
  if (st.kind === 'other')
    throw new CodetracerError('invalid_data', 'not a regular file or directory', src.display(p));
  const loc: RunLocation = { src, path: p, kind: st.kind };
  if (a.index !== undefined) loc.index = a.index;
  return loc;
}

export async function resolveFormat(loc: RunLocation, opts: OpenOptions = {}): Promise<FormatModule> {
  if (opts.format) {
    const m = getFormat(opts.format);
    if (!m) {
      throw new CodetracerError(
        'usage',
        `unknown format "${opts.format}" (known: ${formatIds().join(', ')})`,
      );
    }
    return m;
  }
  const { format, fingerprintMatch } = await detect(loc);
  const m = format ?? fingerprintMatch;
  if (!m && loc.kind === 'file' && /\.(json|jsonl|ndjson)$/i.test(loc.path)) {
    // A JSON file nothing recognises: if it does not even parse, that is the more useful message.
    const text = await readText(loc.src, loc.path);
    if (/\.json$/i.test(loc.path)) parseJson(text, loc.src.display(loc.path));
  }
  if (!m) {
    throw new CodetracerError(
      'unknown_format',
      `no known trajectory format here (known: ${formatIds().join(', ')}; use --format to force one)`,
      loc.src.display(loc.path),
    );
  }
  return m;
}

/** Read every trajectory at an address (one, or several for a multi-run file without "#N"). */
export async function openRun(address: string, opts: OpenOptions = {}): Promise<Trajectory[]> {
  const loc = await locate(address);
  const m = await resolveFormat(loc, opts);
  const trajs = await parseWith(m, loc);
  if (loc.index !== undefined && trajs.length > 1) {
    const t = trajs[loc.index];
    if (!t) {
      throw new CodetracerError(
        'not_found',
        `run #${loc.index + 1} does not exist (${trajs.length} runs)`,
        address,
      );
    }
    return [t];
  }
  return trajs;
}

/** Parse, turning a parser's unexpected exception (bad types deep in the data) into a one-line error. */
export async function parseWith(m: FormatModule, loc: RunLocation): Promise<Trajectory[]> {
  try {
    return await m.parse(loc);
  } catch (e) {
    if (e instanceof CodetracerError) throw e;
    const msg = e instanceof Error ? e.message.split('\n')[0] : String(e);
    throw new CodetracerError(
      'invalid_data',
      `not a valid ${m.title} run (${msg})`,
      loc.src.display(loc.path),
    );
  }
}
