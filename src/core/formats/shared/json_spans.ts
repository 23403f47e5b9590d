// Where each element of a top-level JSON array sits in the file text, so steps can point at exact line ranges
// (a raw ref) without a position-tracking JSON parser. Works for any formatting (pretty-printed or one line).

export interface Span {
  /** Offset of the element's first character. */
  start: number;
  /** Offset just past the element's last character. */
  end: number;
}

const isWs = (c: string): boolean => c === ' ' || c === '\n' || c === '\r' || c === '\t';

function skipWs(s: string, i: number): number {
  while (i < s.length && isWs(s[i])) i++;
  return i;
}

function skipString(s: string, i: number): number {
  i++;
  while (i < s.length) {
    const c = s[i];
    if (c === '\\') i += 2;
    else if (c === '"') return i + 1;
    else i++;
  }
  return s.length;
}

/** Offset just past the JSON value starting at i. */
function skipValue(s: string, i: number): number {
  const c = s[i];
  if (c === '"') return skipString(s, i);
  if (c === '{' || c === '[') {
    let depth = 0;
    while (i < s.length) {
      const d = s[i];
      if (d === '"') {
        i = skipString(s, i);
        continue;
      }
      if (d === '{' || d === '[') depth++;
      else if (d === '}' || d === ']') {
        depth--;
        if (depth === 0) return i + 1;
      }
      i++;
    }
    return s.length;
  }
  while (i < s.length && !isWs(s[i]) && s[i] !== ',' && s[i] !== '}' && s[i] !== ']') i++;
  return i;
}

/**
 * Spans of the elements of the array stored under `key` in the top-level object of `text`
 * (or of the top-level array itself when key is null). Empty when the key or array is absent.
 */
export function arrayElementSpans(text: string, key: string | null): Span[] {
  let i = skipWs(text, 0);
  if (key !== null) {
    if (text[i] !== '{') return [];
    i++;
    let found = false;
    while (i < text.length) {
      i = skipWs(text, i);
      if (text[i] === ',') {
        i++;
        continue;
      }
      if (text[i] !== '"') return [];
      const kEnd = skipString(text, i);
      let k: string;
      try {
        k = JSON.parse(text.slice(i, kEnd)) as string;
      } catch {
        return [];
      }
      i = skipWs(text, kEnd);
      if (text[i] !== ':') return [];
      i = skipWs(text, i + 1);
      if (k === key) {
        found = true;
        break;
      }
      i = skipValue(text, i);
    }
    if (!found) return [];
  }
  if (text[i] !== '[') return [];
  i++;
  const spans: Span[] = [];
  while (i < text.length) {
    i = skipWs(text, i);
    if (text[i] === ']') break;
    if (text[i] === ',') {
      i++;
      continue;
    }
    const start = i;
    i = skipValue(text, i);
    spans.push({ start, end: i });
  }
  return spans;
}

/** 1-based line number of a character offset, with the line starts computed once. */
export function lineIndex(text: string): (offset: number) => number {
  const starts = [0];
  for (let i = text.indexOf('\n'); i !== -1; i = text.indexOf('\n', i + 1)) starts.push(i + 1);
  return (offset: number): number => {
    let lo = 0;
    let hi = starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (starts[mid] <= offset) lo = mid;
      else hi = mid - 1;
    }
    return lo + 1;
  };
}

/** Line ranges (1-based, inclusive) of the elements of an array, as `arrayElementSpans` finds them. */
export function arrayElementLines(
  text: string,
  key: string | null,
): { lineStart: number; lineEnd: number }[] {
  const line = lineIndex(text);
  return arrayElementSpans(text, key).map((s) => ({
    lineStart: line(s.start),
    lineEnd: line(Math.max(s.start, s.end - 1)),
  }));
}
