// The path language of specs: `a.b[0].c`, `messages[*].content`, `steps[-1]`. Parsed once, evaluated
// without eval; a wildcard selects every element, so a path yields a list of values.
import { isObj } from '../shared/access.js';

export type PathSeg = { key: string } | { index: number } | { all: true };

const MAX_PATH_CHARS = 200;
const MAX_SEGS = 24;

/** Parse a path; throws an Error with a one-line reason. "" and "$" mean the value itself. */
export function parsePath(p: string): PathSeg[] {
  if (p.length > MAX_PATH_CHARS) throw new Error(`path longer than ${MAX_PATH_CHARS} characters`);
  const s = p.trim();
  if (s === '' || s === '$') return [];
  const segs: PathSeg[] = [];
  let i = s.startsWith('$.') ? 2 : s.startsWith('$[') ? 1 : 0;
  while (i < s.length) {
    if (s[i] === '[') {
      const end = s.indexOf(']', i);
      if (end < 0) throw new Error(`path "${p}": "[" without "]"`);
      const inner = s.slice(i + 1, end).trim();
      if (inner === '*') segs.push({ all: true });
      else if (/^-?\d+$/.test(inner)) segs.push({ index: Number(inner) });
      else if (/^(['"]).*\1$/.test(inner)) segs.push({ key: inner.slice(1, -1) });
      else throw new Error(`path "${p}": "[${inner}]" is not an index, [*] or a quoted key`);
      i = end + 1;
      if (s[i] === '.') i++;
      continue;
    }
    let j = i;
    while (j < s.length && s[j] !== '.' && s[j] !== '[') j++;
    const key = s.slice(i, j);
    if (!key) throw new Error(`path "${p}": empty segment`);
    segs.push(key === '*' ? { all: true } : { key });
    i = j < s.length && s[j] === '.' ? j + 1 : j;
    if (s[j] === '.' && i >= s.length) throw new Error(`path "${p}": ends with "."`);
  }
  if (segs.length > MAX_SEGS) throw new Error(`path "${p}": more than ${MAX_SEGS} segments`);
  return segs;
}

const cache = new Map<string, PathSeg[]>();

function compiled(p: string): PathSeg[] {
  let c = cache.get(p);
  if (!c) {
    c = parsePath(p);
    if (cache.size > 5000) cache.clear();
    cache.set(p, c);
  }
  return c;
}

/** Every value the path reaches (wildcards fan out; missing keys drop out). */
export function selectAll(v: unknown, p: string): unknown[] {
  let cur: unknown[] = [v];
  for (const seg of compiled(p)) {
    const next: unknown[] = [];
    for (const x of cur) {
      if ('all' in seg) {
        if (Array.isArray(x)) next.push(...x);
        else if (isObj(x)) next.push(...Object.values(x));
      } else if ('index' in seg) {
        if (Array.isArray(x)) {
          const el = x[seg.index < 0 ? x.length + seg.index : seg.index];
          if (el !== undefined) next.push(el);
        }
      } else if (isObj(x) && Object.prototype.hasOwnProperty.call(x, seg.key)) {
        next.push(x[seg.key]);
      } else if (Array.isArray(x) && /^\d+$/.test(seg.key)) {
        const el = x[Number(seg.key)];
        if (el !== undefined) next.push(el);
      }
    }
    cur = next;
    if (!cur.length) break;
  }
  return cur;
}

/** The first value the path reaches, or undefined. A path with a wildcard gives the list itself. */
export function selectOne(v: unknown, p: string): unknown {
  const all = selectAll(v, p);
  if (compiled(p).some((s) => 'all' in s)) return all.length ? all : undefined;
  return all[0];
}
