// Windowing math for fixed one-line rows, pure so it is tested without Ink. The window only moves when
// the cursor would leave it (no jumping on every key), and is clamped to the list.

/** Rows mounted beyond the viewport. A terminal shows no partial rows, so none are needed. */
export const OVERSCAN = 0;

export interface WindowRange {
  /** First index shown. */
  offset: number;
  /** One past the last index shown. */
  end: number;
}

/**
 * Keep `cursor` visible with `margin` rows of context above and below when possible, moving `prevOffset`
 * as little as needed.
 */
export function windowFor(
  count: number,
  cursor: number,
  height: number,
  prevOffset = 0,
  margin = 2,
): WindowRange {
  const h = Math.max(0, Math.floor(height));
  if (count <= 0 || h === 0) return { offset: 0, end: 0 };
  if (count <= h) return { offset: 0, end: count };
  const c = Math.min(Math.max(cursor, 0), count - 1);
  const m = Math.min(margin, Math.floor((h - 1) / 2));
  let offset = Math.min(Math.max(prevOffset, 0), count - h);
  if (c < offset + m) offset = c - m;
  else if (c > offset + h - 1 - m) offset = c - (h - 1 - m);
  offset = Math.min(Math.max(offset, 0), count - h);
  return { offset, end: offset + h };
}
