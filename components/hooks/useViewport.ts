// Tells the reducer how many rows a pane shows, so page moves and windowing agree with the screen.
import { useEffect } from 'react';
import type { Viewports } from '../../src/controller/state.js';
import { useAppState, useDispatch } from './useStore.js';

export function useViewport(pane: keyof Viewports, rows: number): void {
  const dispatch = useDispatch();
  const current = useAppState((s) => s.viewports[pane]);
  useEffect(() => {
    if (rows > 0 && rows !== current) dispatch({ type: 'viewport/set', pane, height: rows });
  }, [dispatch, pane, rows, current]);
}
