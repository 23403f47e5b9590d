// A small external store: dispatch reduces at once, listeners hear about it at most once per frame.
// A burst of dispatches (a streaming diagnosis, discovery finding 500 runs) costs one notify, so the
// view renders at most once per frame. The view reads `getSnapshot` (the state last published to
// listeners, stable between notifies, as useSyncExternalStore wants); code reads `getState` (latest).

export type Reducer<S, A> = (state: S, action: A) => S;
export type Listener = () => void;
export type Equality<T> = (a: T, b: T) => boolean;

export interface Store<S, A> {
  /** The latest state (includes dispatches not yet published). */
  getState(): S;
  /** The state last published to listeners: use with useSyncExternalStore. */
  getSnapshot(): S;
  dispatch(action: A): void;
  /** Called once per published frame in which the state changed. Returns unsubscribe. */
  subscribe(listener: Listener): () => void;
  /** Called with (next, prev) only when the selected value changed (Object.is or `equal`). */
  select<T>(selector: (s: S) => T, listener: (next: T, prev: T) => void, equal?: Equality<T>): () => void;
  /** Publish now (tests, and before exit). */
  flush(): void;
  /** Number of notifications sent so far (for tests and the debug bar). */
  readonly notifies: number;
}

export interface StoreOptions {
  /** Minimum time between two notifies in ms (default 16, one frame). 0: next macrotask only. */
  frameMs?: number;
  /** Clock, for tests. */
  now?: () => number;
}

export function createStore<S, A>(reducer: Reducer<S, A>, initial: S, opts: StoreOptions = {}): Store<S, A> {
  const frameMs = opts.frameMs ?? 16;
  const now = opts.now ?? (() => performance.now());
  let state = initial;
  let published = initial;
  let lastNotify = -Infinity;
  let scheduled = false;
  let notifies = 0;
  let timer: ReturnType<typeof setTimeout> | null = null;
  let immediate: ReturnType<typeof setImmediate> | null = null;
  const listeners = new Set<Listener>();

  const publish = () => {
    scheduled = false;
    timer = null;
    immediate = null;
    if (published === state) return;
    published = state;
    lastNotify = now();
    notifies++;
    for (const l of [...listeners]) {
      try {
        l();
      } catch {
        // One broken subscriber must not stop the others (or the controller that dispatched).
      }
    }
  };

  const schedule = () => {
    if (scheduled) return;
    scheduled = true;
    const wait = frameMs - (now() - lastNotify);
    // setImmediate lets the rest of a synchronous burst (and its I/O callbacks) land first.
    if (wait > 1) timer = setTimeout(publish, wait);
    else immediate = setImmediate(publish);
  };

  const store: Store<S, A> = {
    getState: () => state,
    getSnapshot: () => published,
    dispatch(action) {
      const next = reducer(state, action);
      if (next === state) return;
      state = next;
      schedule();
    },
    subscribe(l) {
      listeners.add(l);
      return () => {
        listeners.delete(l);
      };
    },
    select(selector, listener, equal = Object.is) {
      let prev = selector(published);
      return store.subscribe(() => {
        const next = selector(published);
        if (equal(next, prev)) return;
        const old = prev;
        prev = next;
        listener(next, old);
      });
    },
    flush() {
      if (timer) clearTimeout(timer);
      if (immediate) clearImmediate(immediate);
      publish();
    },
    get notifies() {
      return notifies;
    },
  };
  return store;
}

/** Shallow equality of plain objects / arrays, for selectors that build a small object. */
export function shallowEqual<T>(a: T, b: T): boolean {
  if (Object.is(a, b)) return true;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false;
  const ka = Object.keys(a);
  const kb = Object.keys(b);
  if (ka.length !== kb.length) return false;
  for (const k of ka) {
    if (!Object.is((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k])) return false;
  }
  return true;
}
