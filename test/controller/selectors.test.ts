import { describe, expect, it } from 'vitest';
import { reducer } from '../../src/controller/reducer.js';
import {
  moveCursor,
  moveScroll,
  selectFilteredRuns,
  selectTimelineRows,
  selectVisibleRows,
  visibleWindow,
  windowOffset,
} from '../../src/controller/selectors.js';
import { initialState } from '../../src/controller/state.js';
import { synthPayload } from './helpers.js';

describe('windowOffset = clamp(cursor - h/2, 0, n - h)', () => {
  it.each([
    // cursor, h, n, offset
    [0, 10, 100, 0],
    [4, 10, 100, 0],
    [5, 10, 100, 0],
    [6, 10, 100, 1],
    [50, 10, 100, 45],
    [99, 10, 100, 90],
    [3, 10, 5, 0], // fewer rows than the window
    [0, 1, 3, 0],
    [2, 1, 3, 2],
    [7, 9, 100, 3], // odd height: floor(9/2) = 4
    [0, 10, 0, 0],
  ])('cursor %i, height %i, %i rows -> %i', (cursor, h, n, off) => {
    expect(windowOffset(cursor, h, n)).toBe(off);
  });

  it('the window always contains the cursor and never runs past the end', () => {
    for (const n of [0, 1, 7, 100]) {
      for (const h of [1, 2, 5, 10, 37]) {
        for (let c = 0; c < n; c++) {
          const w = visibleWindow(c, h, n);
          expect(c).toBeGreaterThanOrEqual(w.offset);
          expect(c).toBeLessThan(w.end);
          expect(w.end).toBeLessThanOrEqual(n);
          expect(w.end - w.offset).toBe(Math.min(h, n));
        }
      }
    }
  });
});

describe('moveCursor / moveScroll', () => {
  it('pages by height - 1, half pages by h/2, clamps at both ends', () => {
    expect(moveCursor(0, 100, 'pageDown', 10)).toBe(9);
    expect(moveCursor(95, 100, 'pageDown', 10)).toBe(99);
    expect(moveCursor(5, 100, 'pageUp', 10)).toBe(0);
    expect(moveCursor(10, 100, 'halfDown', 10)).toBe(15);
    expect(moveCursor(10, 100, 'halfUp', 10)).toBe(5);
    expect(moveCursor(10, 100, 'bottom', 10)).toBe(99);
    expect(moveCursor(10, 0, 'down', 10)).toBe(0);
  });
  it('scroll never goes negative; bottom means "as far as the content goes"', () => {
    expect(moveScroll(0, 'up', 10)).toBe(0);
    expect(moveScroll(3, 'pageUp', 10)).toBe(0);
    expect(moveScroll(3, 'down', 10)).toBe(4);
    expect(moveScroll(3, 'bottom', 10)).toBe(Number.MAX_SAFE_INTEGER);
  });
});

describe('memoized selectors', () => {
  it('return the same reference until their inputs change', () => {
    let s = reducer(initialState(), {
      type: 'discovery/runs',
      runs: [
        { path: '/a', format: 'f', steps: 1, verdict: null, size: 1 },
        { path: '/b', format: 'f', steps: 1, verdict: null, size: 1 },
      ],
    });
    s = reducer(s, { type: 'runs/filter', text: 'b' });
    const first = selectFilteredRuns(s);
    const s2 = reducer(s, { type: 'focus/set', pane: 'timeline' });
    expect(selectFilteredRuns(s2)).toBe(first);
  });

  it('only the visible slice of a 5,000-step timeline is handed to the view', () => {
    let s = reducer(initialState(), { type: 'runs/select', path: 'r' });
    s = reducer(s, { type: 'load/done', path: 'r', payload: synthPayload(5_000) });
    s = reducer(s, { type: 'viewport/set', pane: 'timeline', height: 37 });
    s = reducer(s, { type: 'timeline/move', move: 'bottom' });
    const v = selectVisibleRows(s);
    expect(selectTimelineRows(s)).toHaveLength(5_000);
    expect(v.rows).toHaveLength(37);
    expect(v.offset).toBe(5_000 - 37);
    expect(v.rows[36].stepId).toBe(5_000);
  });
});
