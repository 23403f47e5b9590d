// TUI sessions over an LLM test harness, started the way tui-main starts them (real controller, the
// harness's scripted LLM) with HOME and the cache inside the harness folder and no file watching.
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { cleanup } from 'ink-testing-library';
import { startSession, type Session } from '../../components/session.js';
import type { Harness } from '../llm/setup.js';

/** The session's environment: HOME and XDG_CACHE_HOME (created) inside the harness folder. */
export function harnessHome(hh: Harness): { HOME: string; XDG_CACHE_HOME: string } {
  const cache = path.join(hh.tmp, 'cache');
  mkdirSync(cache, { recursive: true });
  return { HOME: hh.tmp, XDG_CACHE_HOME: cache };
}

/** `open` starts a session on the harness's run (its config unless given); `dispose`, for afterEach,
 * unmounts what Ink rendered and disposes every session opened since the last call. */
export function harnessSessions() {
  const sessions: Session[] = [];
  return {
    open(hh: Harness, config: Harness['config'] = hh.config): Session {
      const s = startSession({
        roots: [hh.runDir],
        config,
        llm: hh.llm,
        env: harnessHome(hh),
        cwd: hh.tmp,
        watch: false,
      });
      sessions.push(s);
      return s;
    },
    async dispose(): Promise<void> {
      cleanup();
      for (const s of sessions.splice(0)) await s.dispose();
    },
  };
}
