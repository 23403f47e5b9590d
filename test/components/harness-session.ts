// TUI sessions over an LLM test harness, started the way tui-main starts them (real controller, the
// harness's scripted LLM) with HOME and the cache inside the harness folder and no file watching.
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { cleanup } from 'ink-testing-library';
import { afterEach } from 'vitest';
import { startSession, type Session } from '../../components/session.js';
import { harness, type Harness } from '../llm/setup.js';
import { KEYS, renderSession, type AppHandle } from './render-app.js';

/** The session's environment: HOME and XDG_CACHE_HOME (created) inside the harness folder. */
export function harnessHome(hh: Harness): { HOME: string; XDG_CACHE_HOME: string } {
  const cache = path.join(hh.tmp, 'cache');
  mkdirSync(cache, { recursive: true });
  return { HOME: hh.tmp, XDG_CACHE_HOME: cache };
}

/** For a test file. After each test, what Ink rendered is unmounted, then the sessions and harnesses the
 * test made are disposed and closed. */
export function tuiHarnessPerTest() {
  const sessions: Session[] = [];
  const harnesses: Harness[] = [];
  afterEach(async () => {
    cleanup();
    for (const s of sessions.splice(0)) await s.dispose();
    for (const h of harnesses.splice(0)) await h.close();
  });
  const open = (hh: Harness, config: Harness['config'] = hh.config): Session => {
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
  };
  return {
    /** An LLM harness (see test/llm/setup.ts) for this test. */
    async harness(...args: Parameters<typeof harness>): Promise<Harness> {
      const h = await harness(...args);
      harnesses.push(h);
      return h;
    },
    /** A session on the harness's run (with the harness's config unless given); not started. */
    open,
    /** A session rendered at `size` and started; its one run is opened with Enter. */
    async openRun(
      hh: Harness,
      size: { columns: number; rows: number },
    ): Promise<{ s: Session; app: AppHandle }> {
      const s = open(hh);
      const app = await renderSession(s, size);
      s.start();
      await app.waitFor((f) => /1 runs/.test(f), 'run discovered');
      await app.press(KEYS.enter);
      await app.waitFor((f) => f.includes('Step 1'), 'run open');
      return { s, app };
    },
  };
}
