// The one key dispatcher: every key goes through the keymap's pure routeKey; UI actions are dispatched,
// everything else goes to the controller. No other component calls useInput.
import { useInput, useStdin } from 'ink';
import { routeKey, type CommandCall } from '../../src/controller/keymap.js';
import { useAppStore } from './useStore.js';

export function useKeys(onCommand: (c: CommandCall) => void): void {
  const store = useAppStore();
  const { isRawModeSupported } = useStdin();
  useInput(
    (input, key) => {
      const r = routeKey(store.getState(), input, key);
      if (!r) return;
      if (r.kind === 'action') store.dispatch(r.action);
      else onCommand(r.command);
    },
    // isRawModeSupported is undefined (not false) on pipes; only a real true may enable raw input.
    { isActive: isRawModeSupported === true },
  );
}
