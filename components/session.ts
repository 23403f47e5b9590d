// The app's services for the view: the controller layer (store, controller, bridge, commands) created by
// src/controller, plus error reporting for commands that fail in the background.
import type { CommandCall } from '../src/controller/keymap.js';
import { createTuiServices, type TuiServices } from '../src/controller/index.js';
import type { ResolvedConfig } from '../src/core/config/resolve.js';
import type { ChatModel } from '../src/core/diagnosis/llm/controller/loop.js';
import type { AppStore } from './hooks/useStore.js';
import type { TuiReplayOptions } from '../src/controller/replay.js';

export interface SessionOptions {
  roots: string[];
  /** A run address to open at start. */
  open?: string;
  config?: ResolvedConfig;
  llm?: ChatModel;
  env?: NodeJS.ProcessEnv;
  cwd?: string;
  /** Watch the roots and open runs (default true). */
  watch?: boolean;
  /** Where `r` replays (from the command line); none: the corrective prompt is exported. */
  replay?: TuiReplayOptions;
}

export interface Session {
  store: AppStore;
  services: TuiServices;
  onCommand: (c: CommandCall) => void;
  /** Discovery, watching, and opening `open`. */
  start(): void;
  dispose(): Promise<void>;
  /** Resolves when commands started so far are done (tests). */
  idle(): Promise<void>;
}

export function startSession(o: SessionOptions): Session {
  const services = createTuiServices({
    roots: o.roots,
    ...(o.config ? { config: o.config } : {}),
    ...(o.llm ? { llm: o.llm } : {}),
    ...(o.env ? { env: o.env } : {}),
    ...(o.cwd ? { cwd: o.cwd } : {}),
    ...(o.watch === false ? { watch: false } : {}),
    ...(o.replay ? { replay: o.replay } : {}),
  });
  const { store } = services;
  const pending = new Set<Promise<unknown>>();
  const report = (e: unknown) =>
    store.dispatch({
      type: 'status/set',
      text: `error: ${e instanceof Error ? e.message.split('\n')[0] : String(e)}`,
      level: 'error',
    });
  const track = (p: Promise<unknown>) => {
    const q = p.catch(report);
    pending.add(q);
    void q.finally(() => pending.delete(q));
  };
  return {
    store,
    services,
    onCommand: (c) => track(services.commands.handle({ kind: 'command', command: c })),
    start: () => track(services.start(o.open)),
    dispose: () => services.dispose(),
    async idle() {
      while (pending.size) await Promise.allSettled([...pending]);
      await services.controller.idle();
      await services.commands.settled();
    },
  };
}
