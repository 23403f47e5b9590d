// asciinema casts (v2: header line, then `[time, code, data]` events with absolute times; v3: same shape
// with times relative to the previous event). Agents' structured output (JSON lines) often survives only
// inside the terminal recording, so this turns the "o" (output) stream back into text lines, each with the
// time it appeared and where in the cast file it came from.
import { asNumber, asObj, type Obj } from './access.js';
import { stripAnsi } from './text.js';

export interface CastLine {
  /** The output line with ANSI sequences and trailing carriage returns removed. */
  text: string;
  /** Seconds since the epoch when the line started, if the header has a timestamp; else seconds since start. */
  time: number;
  /** 1-based lines of the cast file whose events hold this output line. */
  fileLineStart: number;
  fileLineEnd: number;
}

export interface CastOutput {
  header: Obj | null;
  /** The header's start time (epoch seconds), or null when it has none (line times are then relative). */
  startTime: number | null;
  lines: CastLine[];
  /** Malformed event lines (counted, not fatal). */
  badEvents: number;
}

/** True when the text looks like an asciinema cast (a JSON header with a version, then events). */
export function looksLikeCast(text: string): boolean {
  const nl = text.indexOf('\n');
  const head = (nl === -1 ? text : text.slice(0, nl)).trim();
  return /^\{.*"version"\s*:\s*[23]\b/.test(head);
}

/** Decode the output stream of a cast into lines. Garbage event lines are skipped and counted. */
export function castOutputLines(text: string): CastOutput {
  const fileLines = text.split('\n');
  let header: Obj | null = null;
  try {
    header = asObj(JSON.parse(fileLines[0] ?? '')) ?? null;
  } catch {
    header = null;
  }
  const relative = asNumber(header?.version) === 3;
  const startTime = asNumber(header?.timestamp) ?? null;
  const base = startTime ?? 0;

  // Joined output plus, per chunk, where it starts in the joined text, its time and its file line.
  let joined = '';
  const starts: number[] = [];
  const times: number[] = [];
  const lineNos: number[] = [];
  let clock = 0;
  let badEvents = 0;
  for (let i = 1; i < fileLines.length; i++) {
    const raw = fileLines[i].trim();
    if (!raw || raw.startsWith('#')) continue;
    let ev: unknown;
    try {
      ev = JSON.parse(raw);
    } catch {
      badEvents++;
      continue;
    }
    if (!Array.isArray(ev) || ev.length < 3) {
      badEvents++;
      continue;
    }
    const t = asNumber(ev[0]) ?? 0;
    clock = relative ? clock + t : t;
    if (ev[1] !== 'o' || typeof ev[2] !== 'string') continue;
    starts.push(joined.length);
    times.push(clock);
    lineNos.push(i + 1);
    joined += ev[2];
  }

  const chunkAt = (offset: number): number => {
    let lo = 0;
    let hi = starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (starts[mid] <= offset) lo = mid;
      else hi = mid - 1;
    }
    return lo;
  };

  const lines: CastLine[] = [];
  let pos = 0;
  while (pos < joined.length) {
    let end = joined.indexOf('\n', pos);
    if (end === -1) end = joined.length;
    const piece = stripAnsi(joined.slice(pos, end)).replace(/\r+$/, '');
    if (piece.trim() !== '') {
      const first = chunkAt(pos);
      const last = chunkAt(Math.max(pos, end - 1));
      lines.push({
        text: piece,
        time: base + times[first],
        fileLineStart: lineNos[first],
        fileLineEnd: lineNos[last],
      });
    }
    pos = end + 1;
  }
  return { header, startTime, lines, badEvents };
}
