// Where a Claude Code run keeps its stream-json events, in order of preference. A source that is a Git LFS
// pointer, missing, unreadable or without events is skipped and the next one is tried; the skip is reported.
import type { FileSource } from '../../io/source.js';
import { join } from '../../io/source.js';
import { readHeadText, readText, readTextLines } from '../../io/read.js';
import { isCodetracerError } from '../../io/errors.js';
import { looksLikeCast } from '../shared/asciinema.js';
import { eventsFromCast, eventsFromLines, type LineFilter, type StreamEvent } from './events.js';
import { eventsFromProxyLog } from './proxy-log.js';

/** Candidate files relative to a run directory, best first. */
export const STREAM_CANDIDATES = [
  'agent/claude-code.txt', // Harbor trial: plain stream-json lines
  'sessions/claude_code.log', // terminal-bench: stream-json, or a LiteLLM proxy request log
  'sessions/agent.cast', // terminal-bench: the terminal recording, stream-json inside its output
  'sessions/agent.log', // terminal-bench: the terminal log (same output, no timing)
] as const;

export interface LoadedStream {
  events: StreamEvent[];
  /** Path of the file the events came from. */
  path: string;
  kind: 'stream-json' | 'proxy-log' | 'cast' | 'terminal-log';
  badLines: number;
}

export interface StreamSearch {
  stream: LoadedStream | null;
  warnings: string[];
}

/**
 * Read events out of one file, choosing the reader by content. Null when it holds no events. With `keep`,
 * only the lines it accepts are parsed (a subset of the events, possibly none when the file holds events;
 * null when it holds none, without trying the proxy-log reader).
 */
export function eventsFromText(text: string, path: string, keep?: LineFilter): LoadedStream | null {
  if (looksLikeCast(text)) return castStream(text, path, keep);
  // Terminal logs carry escape sequences; plain stream-json has none (JSON escapes them).
  const ansi = text.includes('\x1b');
  const r = eventsFromLines(text, ansi, keep);
  if (r.events.length || (keep && r.sawEvent))
    return { events: r.events, path, kind: ansi ? 'terminal-log' : 'stream-json', badLines: r.badLines };
  if (keep) return null;
  const proxy = eventsFromProxyLog(text);
  return proxy ? { events: proxy.events, path, kind: 'proxy-log', badLines: 0 } : null;
}

function castStream(cast: string | string[], path: string, keep?: LineFilter): LoadedStream | null {
  const r = eventsFromCast(cast, keep);
  return r.events.length || (keep && r.sawEvent)
    ? { events: r.events, path, kind: 'cast', badLines: r.badLines }
    : null;
}

/** eventsFromText on a file; a cast is read line by line (never as one big string, see readTextLines). */
export async function eventsFromFile(
  src: FileSource,
  path: string,
  keep?: LineFilter,
): Promise<LoadedStream | null> {
  const head = await readHeadText(src, path, 512);
  if (head !== null && looksLikeCast(head)) return castStream(await readTextLines(src, path), path, keep);
  return eventsFromText(await readText(src, path), path, keep);
}

/** A short reason a candidate could not be used ("is a Git LFS pointer", "has no stream-json events"). */
function reasonOf(e: unknown): string {
  if (isCodetracerError(e)) {
    if (e.code === 'lfs_pointer') return 'is a Git LFS pointer';
    if (e.code === 'empty') return 'is empty';
    return e.message;
  }
  return String(e);
}

/** The first candidate of a run directory that yields events; every skipped candidate becomes a warning. */
export async function findStream(src: FileSource, dir: string): Promise<StreamSearch> {
  const skipped: { file: string; reason: string }[] = [];
  for (const rel of STREAM_CANDIDATES) {
    const p = join(dir, rel);
    const st = await src.stat(p).catch(() => null);
    if (!st || st.kind !== 'file') continue;
    let stream: LoadedStream | null = null;
    try {
      stream = await eventsFromFile(src, p);
    } catch (e) {
      skipped.push({ file: rel, reason: reasonOf(e) });
      continue;
    }
    if (!stream) {
      skipped.push({ file: rel, reason: 'holds no Claude Code stream-json events' });
      continue;
    }
    const warnings = skipped.map((s) => `${s.file} ${s.reason}; used ${rel} instead`);
    return { stream, warnings };
  }
  const warnings = skipped.map((s) => `${s.file} ${s.reason}`);
  warnings.push(`no Claude Code event stream found (looked for ${STREAM_CANDIDATES.join(', ')})`);
  return { stream: null, warnings };
}
