// Tolerant accessors for untyped JSON: a wrong type reads as absent instead of throwing.

export type Obj = Record<string, unknown>;

export function isObj(v: unknown): v is Obj {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

export function asObj(v: unknown): Obj | undefined {
  return isObj(v) ? v : undefined;
}

export function asArray(v: unknown): unknown[] {
  return Array.isArray(v) ? v : [];
}

export function asString(v: unknown): string | undefined {
  return typeof v === 'string' ? v : undefined;
}

export function asNumber(v: unknown): number | undefined {
  if (typeof v === 'number' && Number.isFinite(v)) return v;
  if (typeof v === 'string' && v.trim() !== '' && Number.isFinite(Number(v))) return Number(v);
  return undefined;
}

export function asBool(v: unknown): boolean | undefined {
  if (typeof v === 'boolean') return v;
  if (v === 'true' || v === 'True') return true;
  if (v === 'false' || v === 'False') return false;
  return undefined;
}

/** Follow a dotted path ("a.b.0.c") through objects and arrays. */
export function getPath(v: unknown, pathStr: string): unknown {
  let cur: unknown = v;
  for (const key of pathStr.split('.')) {
    if (Array.isArray(cur)) cur = cur[Number(key)];
    else if (isObj(cur)) cur = cur[key];
    else return undefined;
  }
  return cur;
}

/** A string from the first path that holds a non-empty string. */
export function firstString(v: unknown, ...paths: string[]): string | undefined {
  for (const p of paths) {
    const s = getPath(v, p);
    if (typeof s === 'string' && s.trim() !== '') return s;
  }
  return undefined;
}

/** Parse a JSON string argument if it is one; otherwise return it unchanged. */
export function parseMaybeJson(v: unknown): unknown {
  if (typeof v !== 'string') return v;
  const t = v.trim();
  if (!(t.startsWith('{') || t.startsWith('['))) return v;
  try {
    return JSON.parse(t);
  } catch {
    return v;
  }
}
