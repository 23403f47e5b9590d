// Claude Code `--output-format stream-json` events, pulled out of whatever text holds them: a plain JSON
// Lines file, a terminal log full of ANSI noise, or an asciinema cast of the terminal.
import { isObj, type Obj } from '../shared/access.js';
import { castOutputLines, castOutputOfLines, type CastOutput } from '../shared/asciinema.js';
import { eachLine, stripAnsi } from '../shared/text.js';

/** Top-level event types Claude Code writes (stream-json and session transcripts). */
const EVENT_TYPES = new Set(['system', 'assistant', 'user', 'result', 'stream_event', 'summary']);

export interface StreamEvent {
  value: Obj;
  /** 1-based line range in the source file. */
  line: number;
  lineEnd: number;
  /** When the event appeared (ISO or epoch seconds), when the source records it. */
  time?: string | number;
}

export interface Extracted {
  events: StreamEvent[];
  /** Lines that looked like events but were not valid JSON. */
  badLines: number;
  /** With a line filter: whether the text holds any event at all (kept or not). */
  sawEvent?: boolean;
}

export function isStreamEvent(v: unknown): v is Obj {
  if (!isObj(v) || typeof v.type !== 'string' || !EVENT_TYPES.has(v.type)) return false;
  if (v.type === 'assistant' || v.type === 'user') return isObj(v.message);
  return true;
}

/** Time carried by the event itself (session transcripts have `timestamp`; stream-json has none). */
function ownTime(v: Obj): string | undefined {
  return typeof v.timestamp === 'string' ? v.timestamp : undefined;
}

/** Parse one candidate line; text before the first `{"type"` (a shell prompt, noise) is skipped. */
function parseLine(text: string): Obj | null | 'bad' {
  let s = text.trim();
  if (!s.startsWith('{')) {
    const i = s.search(/\{\s*"type"\s*:/);
    if (i < 0) return null;
    s = s.slice(i);
  }
  if (!/^\{\s*"type"\s*:/.test(s) && !s.includes('"type"')) return null;
  try {
    const v: unknown = JSON.parse(s);
    return isStreamEvent(v) ? v : null;
  } catch {
    return /^\{\s*"type"\s*:/.test(s) ? 'bad' : null;
  }
}

/** Only lines `keep` accepts are parsed (a quick count reads only the lines that can hold what it counts). */
export type LineFilter = (line: string) => boolean;

/** Events from JSON Lines text. With `ansi`, escape sequences are stripped first (terminal logs). */
export function eventsFromLines(text: string, ansi = false, keep?: LineFilter): Extracted {
  const events: StreamEvent[] = [];
  let badLines = 0;
  let sawEvent = false;
  eachLine(text, (line, n) => {
    const raw = ansi ? stripAnsi(line).replace(/\r/g, '') : line;
    if (!raw.includes('{')) return;
    if (keep && !keep(raw)) {
      // Lines the filter drops are read only until one event shows the text holds events at all.
      if (!sawEvent && isObj(parseLine(raw))) sawEvent = true;
      return;
    }
    const v = parseLine(raw);
    if (v === 'bad') badLines++;
    else if (v) events.push({ value: v, line: n, lineEnd: n, time: ownTime(v) });
  });
  return { events, badLines, sawEvent: sawEvent || events.length > 0 };
}

/** Events from an asciinema cast (its text, or its file's lines): the output stream is rebuilt, then read. */
export function eventsFromCast(
  cast: string | string[],
  keep?: LineFilter,
): Extracted & { badEvents: number } {
  return eventsFromCastOutput(
    typeof cast === 'string' ? castOutputLines(cast) : castOutputOfLines(cast),
    keep,
  );
}

function eventsFromCastOutput(cast: CastOutput, keep?: LineFilter): Extracted & { badEvents: number } {
  const events: StreamEvent[] = [];
  let badLines = 0;
  let sawEvent = false;
  for (const l of cast.lines) {
    if (!l.text.includes('{')) continue;
    if (keep && !keep(l.text)) {
      if (!sawEvent && isObj(parseLine(l.text))) sawEvent = true;
      continue;
    }
    const v = parseLine(l.text);
    if (v === 'bad') badLines++;
    else if (v) {
      const time = ownTime(v) ?? (cast.startTime !== null ? l.time : undefined);
      events.push({ value: v, line: l.fileLineStart, lineEnd: l.fileLineEnd, time });
    }
  }
  return { events, badLines, badEvents: cast.badEvents, sawEvent: sawEvent || events.length > 0 };
}
