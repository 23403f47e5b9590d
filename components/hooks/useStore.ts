// Narrow subscriptions to the controller's store: a pane re-renders only when its slice changes.
// Selectors must return state objects as they are (or primitives); derive in useMemo on those.
import { createContext, useContext, useSyncExternalStore } from 'react';
import type { Action, AppState } from '../../src/controller/state.js';
import type { Store } from '../../src/controller/store.js';

export type AppStore = Store<AppState, Action>;

export const StoreContext = createContext<AppStore | null>(null);

export function useAppStore(): AppStore {
  const s = useContext(StoreContext);
  if (!s) throw new Error('useAppStore outside StoreContext');
  return s;
}

/** The published snapshot (stable between frames), narrowed by `selector`. */
export function useAppState<T>(selector: (s: AppState) => T): T {
  const store = useAppStore();
  const get = () => selector(store.getSnapshot());
  return useSyncExternalStore(store.subscribe, get, get);
}

export function useDispatch(): (a: Action) => void {
  return useAppStore().dispatch;
}
