// The one key dispatcher: every key goes through the keymap's pure routeKey; UI actions are dispatched,
// everything else goes to the controller. No other component calls useInput.
import { useInput, useStdin } from 'ink';
import { routeKey, type CommandCall } from '../../src/controller/keymap.js';
import { splitKeys } from './split-keys.js';
import { useAppStore } from './useStore.js';

export function useKeys(onCommand: (c: CommandCall) => void): void {
  const store = useAppStore();
  const { isRawModeSupported } = useStdin();
  useInput(
    (input, key) => {
      for (const [i, k] of splitKeys(input, key, store.getState().editing !== null)) {
        // Routed on the latest state, so the keys of one burst see each other's effect.
        const r = routeKey(store.getState(), i, k);
        if (!r) continue;
        if (r.kind === 'action') store.dispatch(r.action);
        else onCommand(r.command);
      }
    },
    // isRawModeSupported is undefined (not false) on pipes; only a real true may enable raw input.
    { isActive: isRawModeSupported === true },
  );
}
