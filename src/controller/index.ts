// The TUI's controller layer in one call: store + controller + bridge + commands, wired. The view
// subscribes to `store` (getSnapshot/subscribe), sends keys through `routeKey` to `commands.handle`.
import '../core/init.js';
import { Controller, type ControllerOptions } from './controller.js';
import { connectBridge, type Bridge } from './bridge.js';
import { createCommands, type Commands } from './commands.js';
import { reducer } from './reducer.js';
import { initialState, type Action, type AppState } from './state.js';
import { createStore, type Store, type StoreOptions } from './store.js';

export interface TuiServices {
  store: Store<AppState, Action>;
  controller: Controller;
  commands: Commands;
  bridge: Bridge;
  /** Discover, watch; open `open` (a run address) when given. */
  start(open?: string): Promise<void>;
  /** Flush saves, stop everything. */
  dispose(): Promise<void>;
}

export interface TuiOptions extends ControllerOptions {
  store?: StoreOptions;
  initial?: Partial<AppState>;
  onQuit?: () => void;
}

export function createTuiServices(opts: TuiOptions): TuiServices {
  const store = createStore(reducer, initialState(opts.initial), opts.store);
  const controller = new Controller(opts);
  const bridge = connectBridge(controller, store);
  const commands = createCommands(store, controller, { onQuit: opts.onQuit });
  return {
    store,
    controller,
    commands,
    bridge,
    async start(open) {
      const started = controller.start();
      if (open) {
        store.dispatch({ type: 'focus/set', pane: 'timeline' });
        await commands.selectRun(open);
      }
      await started;
    },
    async dispose() {
      await commands.settled();
      await controller.close();
      bridge.disconnect();
      store.flush();
    },
  };
}

export * from './state.js';
export * from './selectors.js';
export { createStore, shallowEqual, type Store } from './store.js';
export { reducer } from './reducer.js';
export { KEYMAP, routeKey, keyName, helpSections, helpText, keyLabel, commandAction } from './keymap.js';
export type { Binding, CommandId, KeyInfo, Routed, HelpSection, HelpLine } from './keymap.js';
export { Controller, type ControllerOptions } from './controller.js';
export type { Commands } from './commands.js';
export type { ControllerEvents } from './events.js';
export { HUMAN_LABELS_FILE } from './persist.js';
