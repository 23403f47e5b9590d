// The Runs pane: rows with verdict, format and steps; the filter narrows the list as you type and Esc
// clears it; Enter asks the controller to open the run under the cursor.
import { afterEach, describe, expect, it } from 'vitest';
import { cleanup } from 'ink-testing-library';
import { reducer } from '../../src/controller/reducer.js';
import { initialState } from '../../src/controller/state.js';
import { createStore } from '../../src/controller/store.js';
import { KEYS, renderApp } from './render-app.js';

afterEach(() => cleanup());

function store() {
  const s = createStore(reducer, initialState(), { frameMs: 0 });
  s.dispatch({
    type: 'discovery/runs',
    runs: [
      { path: '/r/whowhen/hand-crafted-1.json', format: 'whowhen', steps: 29, verdict: false, size: 1 },
      { path: '/r/swe-agent/pydicom-1458.traj', format: 'swe_agent', steps: 12, verdict: null, size: 1 },
      { path: '/r/harbor/prove-plus-comm', format: 'atif', steps: 24, verdict: true, size: 1 },
    ],
  });
  s.dispatch({ type: 'discovery/done' });
  s.flush();
  return s;
}

describe('Runs pane', () => {
  it('lists runs, filters as you type, clears on Esc, and opens with Enter', async () => {
    const app = await renderApp(store(), { columns: 100, rows: 30 });
    const f0 = await app.waitFor((f) => f.includes('3 runs'), 'three runs');
    expect(f0).toMatch(/✗ whowhen\s+29/);
    expect(f0).toMatch(/\? swe_agent\s+12/);
    expect(f0).toMatch(/✓ atif\s+24/);

    await app.press('/');
    for (const ch of 'swe') await app.press(ch);
    const f1 = await app.waitFor((f) => f.includes('1/3 runs'), 'filtered');
    expect(f1).toContain('pydicom-1458.traj');
    expect(f1).not.toContain('hand-crafted-1.json');

    await app.press(KEYS.esc);
    await app.waitFor((f) => f.includes('3 runs') && !f.includes('1/3'), 'filter cleared');

    await app.press('j', KEYS.enter);
    await app.waitFor(() => app.commands.some((c) => c.id === 'nav.open'), 'open command');
    // The cursor was on the second run when Enter went to the controller.
    expect(app.store.getState().runsCursor).toBe(1);
  });
});
