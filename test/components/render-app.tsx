// Drives the real view through ink-testing-library: a store (reducer + initial state), a terminal size,
// keys written to stdin, and waits that poll the frame instead of sleeping fixed times.
import { render } from 'ink-testing-library';
import { Root } from '../../components/App.js';
import type { AppStore } from '../../components/hooks/useStore.js';
import type { CommandCall } from '../../src/controller/keymap.js';
import { buildLoadedPayload } from '../../src/controller/load.js';
import { reducer } from '../../src/controller/reducer.js';
import { initialState } from '../../src/controller/state.js';
import { createStore } from '../../src/controller/store.js';
import type { Trajectory } from '../../src/core/model/trajectory.js';
import { noColorTheme } from '../../themes/palettes/no-color.js';
import type { Theme } from '../../themes/index.js';

export type Rendered = ReturnType<typeof render>;

export interface AppHandle {
  r: Rendered;
  store: AppStore;
  commands: CommandCall[];
  frame(): string;
  press(...keys: string[]): Promise<void>;
  waitFor(pred: (frame: string) => boolean, what?: string, ms?: number): Promise<string>;
  resize(columns: number, rows: number): Promise<void>;
}

export const KEYS = {
  up: '\x1b[A',
  down: '\x1b[B',
  enter: '\r',
  esc: '\x1b',
  tab: '\t',
  backspace: '\x7f',
  ctrlC: '\x03',
};

const tick = () => new Promise<void>((res) => setImmediate(() => setTimeout(res, 0)));

/** A store holding one opened run (as the controller leaves it after `runs/select` + `load/done`). */
export function storeWithRun(traj: Trajectory, path = '/runs/synthetic'): AppStore {
  const store = createStore(reducer, initialState(), { frameMs: 0 });
  store.dispatch({
    type: 'discovery/runs',
    runs: [{ path, format: traj.format, steps: traj.steps.length, verdict: traj.verdict.solved, size: 1 }],
  });
  store.dispatch({ type: 'runs/select', path });
  store.dispatch({ type: 'load/done', path, payload: buildLoadedPayload(traj) });
  store.dispatch({ type: 'focus/set', pane: 'timeline' });
  store.flush();
  return store;
}

/** Render a full session (controller, store, commands) the way tui-main does, without a terminal. */
export async function renderSession(
  session: { store: AppStore; onCommand: (c: CommandCall) => void },
  o: { columns?: number; rows?: number; theme?: Theme } = {},
): Promise<AppHandle> {
  return renderApp(session.store, { ...o, onCommand: session.onCommand });
}

export async function renderApp(
  store: AppStore,
  o: {
    columns?: number;
    rows?: number;
    theme?: Theme;
    onCommand?: (c: CommandCall) => void;
  } = {},
): Promise<AppHandle> {
  const commands: CommandCall[] = [];
  const onCommand = (c: CommandCall) => {
    commands.push(c);
    o.onCommand?.(c);
  };
  const r = render(<Root store={store} theme={o.theme ?? noColorTheme} onCommand={onCommand} />);
  const h: AppHandle = {
    r,
    store,
    commands,
    frame: () => r.lastFrame() ?? '',
    async press(...keys) {
      for (const k of keys) {
        r.stdin.write(k);
        // Let the store publish (setImmediate) and React re-render before the next key.
        await tick();
        await tick();
      }
    },
    async waitFor(pred, what = 'frame condition', ms = 5000) {
      const end = Date.now() + ms;
      while (Date.now() < end) {
        const f = h.frame();
        if (pred(f)) return f;
        await tick();
        await new Promise((res) => setTimeout(res, 5));
      }
      throw new Error(`timed out waiting for ${what}; last frame:\n${h.frame()}`);
    },
    async resize(columns, rows) {
      Object.defineProperty(r.stdout, 'columns', { value: columns, configurable: true });
      Object.defineProperty(r.stdout, 'rows', { value: rows, configurable: true });
      r.stdout.emit('resize');
      await tick();
      await tick();
    },
  };
  await h.resize(o.columns ?? 100, o.rows ?? 30);
  await h.waitFor((f) => f.includes('CodeTracer'), 'first frame');
  return h;
}
