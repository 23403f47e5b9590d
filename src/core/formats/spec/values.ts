// Reading values out of records for a spec: text of a value, first non-empty of several paths, filters.
import { asBool, asNumber, isObj, parseMaybeJson } from '../shared/access.js';
import { contentText } from '../shared/content-text.js';
import { selectAll, selectOne } from './path.js';
import type { WhenSpec } from './schema.js';

export type PathsSpec = string | string[];

export const pathList = (p: PathsSpec | undefined): string[] =>
  p === undefined ? [] : Array.isArray(p) ? p : [p];

/** Text of a value: strings as they are, content blocks joined, numbers and booleans written out. */
export function textOf(v: unknown): string | undefined {
  if (v === undefined || v === null) return undefined;
  if (typeof v === 'string') return v;
  if (typeof v === 'number' || typeof v === 'boolean') return String(v);
  return contentText(v);
}

/** The first path giving non-blank text. */
export function firstText(rec: unknown, paths: PathsSpec | undefined): string | undefined {
  for (const p of pathList(paths)) {
    const t = textOf(selectOne(rec, p));
    if (t !== undefined && t.trim() !== '') return t;
  }
  return undefined;
}

/** Like firstText, but a present empty value gives "" (a command that printed nothing) instead of nothing. */
export function firstTextOrEmpty(rec: unknown, paths: PathsSpec | undefined): string | undefined {
  const t = firstText(rec, paths);
  if (t !== undefined) return t;
  for (const p of pathList(paths)) if (textOf(selectOne(rec, p)) !== undefined) return '';
  return undefined;
}

/** The first path reaching a value (not undefined/null). */
export function firstValue(rec: unknown, paths: PathsSpec | undefined): unknown {
  for (const p of pathList(paths)) {
    const v = selectOne(rec, p);
    if (v !== undefined && v !== null) return v;
  }
  return undefined;
}

/** Objects a path reaches: a list is flattened (so `tool_calls` and `tool_calls[*]` both work). */
export function objectsAt(rec: unknown, path: string): Record<string, unknown>[] {
  return selectAll(rec, path)
    .flatMap((v) => (Array.isArray(v) ? v : [v]))
    .filter(isObj);
}

function same(actual: unknown, expected: unknown): boolean {
  if (expected === null) return actual === undefined || actual === null;
  return actual === expected;
}

/** Does the record satisfy every `path: value` of the filter? */
export function matchesWhen(rec: unknown, when: WhenSpec | undefined): boolean {
  if (!when) return true;
  for (const [p, expected] of Object.entries(when)) {
    // A wildcard path holds when any value it reaches matches.
    const vs = selectAll(rec, p);
    const values = vs.length ? vs : [undefined];
    const one = (v: unknown) =>
      Array.isArray(expected) ? expected.some((e) => same(v, e)) : same(v, expected);
    if (!values.some(one)) return false;
  }
  return true;
}

/** A tool call's arguments as an object when they are JSON text. */
export const argumentsOf = (v: unknown): unknown => (v === undefined ? {} : parseMaybeJson(v));

/** A verdict from a value: booleans, "true"/"false", numbers as rewards (> 0 is solved). */
export function solvedOf(v: unknown): { solved: boolean | null; reward?: number } {
  const b = asBool(v);
  if (b !== undefined) return { solved: b };
  const n = asNumber(v);
  if (n !== undefined) return { solved: n > 0, reward: n };
  return { solved: null };
}
