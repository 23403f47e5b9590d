// Reading a spec's data files into records: JSON (a list at `records`), JSON Lines, text lines, or JSON
// embedded in log lines that a pattern selects. Bounded in bytes, records and time.
import { CodetracerError } from '../../io/errors.js';
import type { FileSource } from '../../io/source.js';
import { jsonError, parseJsonShared, readText } from '../../io/read.js';
import { eachLine } from '../shared/text.js';
import { selectOne } from './path.js';
import type { Spec } from './schema.js';
import type { SpecCaps } from './safety.js';

const sizeText = (n: number): string =>
  n >= 2 ** 20 ? `${(n / 2 ** 20).toFixed(0)} MB` : `${Math.ceil(n / 1024)} KB`;

export interface SpecRecord {
  value: unknown;
  /** Display path of the file. */
  file: string;
  line?: number;
  /** Position among the file's records. */
  index: number;
}

export interface ReadRecords {
  records: SpecRecord[];
  /** Each file's parsed root (json) or first record: where task/verdict paths look by default. */
  roots: unknown[];
  warnings: string[];
  bytes: number;
}

/** Throws once the wall-clock budget of an interpretation is spent. */
export class Deadline {
  private readonly end: number;
  constructor(
    private readonly ms: number,
    private readonly shown: string,
  ) {
    this.end = Date.now() + ms;
  }
  check(): void {
    if (Date.now() > this.end)
      throw new CodetracerError(
        'too_large',
        `reading with the format spec took longer than ${(this.ms / 1000).toFixed(1)} s (cap); stopped`,
        this.shown,
      );
  }
}

function lineRecords(
  text: string,
  shown: string,
  spec: Spec,
  caps: SpecCaps,
  deadline: Deadline,
  warnings: string[],
): { value: unknown; line: number }[] {
  const out: { value: unknown; line: number }[] = [];
  const re = spec.pattern ? new RegExp(spec.pattern) : null;
  let bad = 0;
  let firstBad = '';
  eachLine(text, (raw, n) => {
    if (n % 1000 === 0) deadline.check();
    const line = raw.endsWith('\r') ? raw.slice(0, -1) : raw;
    if (spec.read === 'text-lines') {
      if (line.trim()) out.push({ value: { line: n, text: line }, line: n });
      return;
    }
    let json = line.trim();
    if (re) {
      // The pattern sees only the start of the line, so its cost is bounded whatever the line length.
      const m = re.exec(line.slice(0, caps.maxPatternInput));
      if (!m) return;
      const g1 = m[1] !== undefined ? line.indexOf(m[1], m.index) : -1;
      json = (g1 >= 0 ? line.slice(g1) : line.slice(m.index + m[0].length)).trim();
    }
    if (!json) return;
    try {
      out.push({ value: JSON.parse(json), line: n });
    } catch (e) {
      if (!bad++) firstBad = jsonError(e, json, `${shown}:${n}`).oneLine();
    }
  });
  if (bad) warnings.push(`${bad} line(s) are not JSON and were skipped (first: ${firstBad})`);
  return out;
}

export async function readRecords(
  src: FileSource,
  files: string[],
  spec: Spec,
  caps: SpecCaps,
  deadline: Deadline,
): Promise<ReadRecords> {
  const records: SpecRecord[] = [];
  const roots: unknown[] = [];
  const warnings: string[] = [];
  let bytes = 0;
  for (const f of files) {
    deadline.check();
    const shown = src.display(f);
    const st = await src.stat(f);
    bytes += st?.size ?? 0;
    if (bytes > caps.maxBytes)
      throw new CodetracerError(
        'too_large',
        `the spec's files add up to more than ${sizeText(caps.maxBytes)} (cap)`,
        shown,
      );
    let text: string;
    try {
      text = await readText(src, f);
    } catch (e) {
      // One unreadable file among many (an LFS stub, an empty file) is reported, not fatal.
      if (files.length > 1 && e instanceof CodetracerError) {
        warnings.push(`${e.oneLine()}; skipped`);
        continue;
      }
      throw e;
    }
    let values: { value: unknown; line?: number }[];
    if (spec.read === 'json') {
      const root = parseJsonShared(text, shown);
      roots.push(root);
      const list = spec.records ? selectOne(root, spec.records) : root;
      if (list === undefined) {
        warnings.push(`${shown}: nothing at records path "${spec.records}"`);
        values = [];
      } else values = (Array.isArray(list) ? list : [list]).map((value) => ({ value }));
    } else {
      values = lineRecords(text, shown, spec, caps, deadline, warnings);
      if (values.length) roots.push(values[0].value);
    }
    values.forEach((v, index) => records.push({ value: v.value, file: shown, line: v.line, index }));
    if (records.length > caps.maxRecords)
      throw new CodetracerError('too_large', `more than ${caps.maxRecords} records (cap)`, shown);
  }
  return { records, roots, warnings, bytes };
}
