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
  return castOutputOfLines(text.split('\n'));
}

/** castOutputLines on the cast file's lines (see readTextLines: big casts are read that way). */
export function castOutputOfLines(fileLines: string[]): CastOutput {
  let header: Obj | null = null;
  try {
    header = asObj(JSON.parse(fileLines[0] ?? '')) ?? null;
  } catch {
    header = null;
  }
  const relative = asNumber(header?.version) === 3;
  const startTime = asNumber(header?.timestamp) ?? null;
  const base = startTime ?? 0;

  // Lines are built chunk by chunk: joining every chunk into one string first costs far more (a long
  // string of mixed one- and two-byte chunks is slow to flatten). A line records the chunks (event lines
  // of the file) holding its first and last character.
  const lines: CastLine[] = [];
  let carry = '';
  let first = -1;
  let last = -1;
  let firstTime = 0;
  const emit = (): void => {
    const piece = (carry.includes('\x1b') ? stripAnsi(carry) : carry).replace(/\r+$/, '');
    if (piece.trim() !== '') {
      lines.push({ text: piece, time: base + firstTime, fileLineStart: first, fileLineEnd: last });
    }
    carry = '';
    first = -1;
  };
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
    const data: string = ev[2];
    const fileLine = i + 1;
    let pos = 0;
    for (;;) {
      const nl = data.indexOf('\n', pos);
      const stop = nl === -1 ? data.length : nl;
      if (stop > pos) {
        if (first < 0) {
          first = fileLine;
          firstTime = clock;
        }
        last = fileLine;
        carry += data.slice(pos, stop);
      }
      if (nl === -1) break;
      emit();
      pos = nl + 1;
    }
  }
  if (carry) emit();
  return { header, startTime, lines, badEvents };
}
