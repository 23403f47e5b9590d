import { describe, expect, it } from 'vitest';
import { createStore, shallowEqual } from '../../src/controller/store.js';
import { reducer } from '../../src/controller/reducer.js';
import { initialState, type Action } from '../../src/controller/state.js';
import { logText, selectDiagnosis } from '../../src/controller/selectors.js';

const tick = () => new Promise((r) => setTimeout(r, 30));

describe('createStore', () => {
  it('reduces at once and notifies once for a burst of dispatches', async () => {
    const store = createStore((s: number, a: number) => s + a, 0);
    let calls = 0;
    store.subscribe(() => calls++);
    for (let i = 0; i < 100; i++) store.dispatch(1);
    expect(store.getState()).toBe(100);
    // Not yet published: the snapshot the view reads is stable until the frame.
    expect(store.getSnapshot()).toBe(0);
    expect(calls).toBe(0);
    await tick();
    expect(calls).toBe(1);
    expect(store.getSnapshot()).toBe(100);
  });

  it('does not notify when the reducer returns the same state', async () => {
    const store = createStore((s: number) => s, 5);
    let calls = 0;
    store.subscribe(() => calls++);
    store.dispatch(1);
    await tick();
    expect(calls).toBe(0);
  });

  it('spaces notifies by at least a frame', async () => {
    let t = 0;
    const store = createStore((s: number, a: number) => s + a, 0, { frameMs: 16, now: () => t });
    const seen: number[] = [];
    store.subscribe(() => seen.push(store.getSnapshot()));
    store.dispatch(1);
    await new Promise((r) => setImmediate(r));
    expect(seen).toEqual([1]);
    t = 5; // only 5 ms later: the next publish waits for the frame
    store.dispatch(1);
    await new Promise((r) => setImmediate(r));
    expect(seen).toEqual([1]);
    await tick();
    expect(seen).toEqual([1, 2]);
  });

  it('selector subscriptions fire only when the selected value changes', async () => {
    const store = createStore((s: { a: number; b: number }, k: 'a' | 'b') => ({ ...s, [k]: s[k] + 1 }), {
      a: 0,
      b: 0,
    });
    const seen: [number, number][] = [];
    store.select(
      (s) => s.a,
      (n, p) => seen.push([n, p]),
    );
    store.dispatch('b');
    store.flush();
    store.dispatch('a');
    store.flush();
    expect(seen).toEqual([[1, 0]]);
  });

  it('flush publishes synchronously and a throwing listener does not stop others', () => {
    const store = createStore((s: number, a: number) => s + a, 0);
    let ok = 0;
    store.subscribe(() => {
      throw new Error('boom');
    });
    store.subscribe(() => ok++);
    store.dispatch(2);
    store.flush();
    expect(ok).toBe(1);
    expect(store.notifies).toBe(1);
  });

  it('1,000 streamed deltas through the app reducer: a handful of notifies, exact text', async () => {
    const store = createStore(reducer, initialState({ selectedRun: 'r' }));
    let calls = 0;
    store.subscribe(() => calls++);
    store.dispatch({ type: 'diagnosis/started', path: 'r', mode: 'llm', model: 'm', costLimit: 3, at: 0 });
    let expected = '';
    for (let i = 0; i < 1000; i++) {
      const text = `t${i} `;
      expected += text;
      const a: Action = {
        type: 'diagnosis/update',
        path: 'r',
        updates: [{ kind: 'log', entries: [{ kind: 'reasoning', call: 1, text }] }],
      };
      store.dispatch(a);
    }
    await tick();
    expect(calls).toBeLessThanOrEqual(3);
    const d = selectDiagnosis(store.getSnapshot());
    expect(logText(d.log)).toBe(expected);
    expect(d.log).toHaveLength(1);
  });
});

describe('shallowEqual', () => {
  it('compares one level', () => {
    const x = [1];
    expect(shallowEqual({ a: 1, b: x }, { a: 1, b: x })).toBe(true);
    expect(shallowEqual({ a: 1, b: [1] }, { a: 1, b: [1] })).toBe(false);
    expect(shallowEqual({ a: 1 }, { a: 1, b: 2 } as object)).toBe(false);
  });
});
