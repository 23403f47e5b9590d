// The Timeline on a 10,000-step run: only the rows in view are mounted (a count, no timing), keys move
// the cursor and the window, tree mode, resize to the wide layout.
import { afterEach, describe, expect, it } from 'vitest';
import { cleanup } from 'ink-testing-library';
import { timelineRowStats } from '../../components/panes/TimelineRowView.js';
import { OVERSCAN } from '../../components/shared/window.js';
import { renderApp, storeWithRun } from './render-app.js';
import { syntheticTrajectory } from './synthetic.js';

afterEach(() => cleanup());

const rowOf = (frame: string, id: number) => new RegExp(`[▌ ][• ]\\s*${id} [◆◇]`).test(frame);

describe('Timeline windowing (10,000 steps)', () => {
  it('mounts at most viewport + overscan rows while moving through the run', async () => {
    const traj = syntheticTrajectory(10_000);
    const store = storeWithRun(traj);
    timelineRowStats.peak = 0;
    const app = await renderApp(store, { columns: 100, rows: 40 });
    await app.waitFor((f) => rowOf(f, 1), 'row 1');
    const viewport = store.getState().viewports.timeline;
    expect(viewport).toBeGreaterThan(5);
    expect(timelineRowStats.mounted).toBeLessThanOrEqual(viewport + OVERSCAN);

    await app.press('j', 'j', 'j');
    expect(store.getState().timeline.cursor).toBe(3);
    await app.press('G');
    await app.waitFor((f) => rowOf(f, 10_000), 'last row');
    expect(app.frame()).toContain('10000/10000');
    await app.press('k', 'k');
    await app.waitFor((f) => f.includes('9998/10000'), 'cursor at 9998');
    await app.press('g');
    await app.waitFor((f) => rowOf(f, 1) && f.includes('1/10000'), 'back at the top');
    expect(timelineRowStats.mounted).toBeLessThanOrEqual(viewport + OVERSCAN);
    expect(timelineRowStats.peak).toBeLessThanOrEqual(viewport + OVERSCAN);
    // The Step pane follows the cursor.
    await app.press('j');
    await app.waitFor((f) => f.includes('Step 2') && f.includes('symbol_2'), 'step 2 shown');
  });

  it('switches to tree mode with t and back', async () => {
    const app = await renderApp(storeWithRun(syntheticTrajectory(30)), { columns: 100, rows: 30 });
    await app.press('t');
    await app.waitFor((f) => f.includes('· tree') && /[├└] [◆◇]/.test(f), 'tree rows');
    await app.press('t');
    await app.waitFor((f) => f.includes('· flat') && !/[├└] [◆◇]/.test(f), 'flat rows');
  });

  it('lays out three columns once the terminal is wide, and back on shrink', async () => {
    const app = await renderApp(storeWithRun(syntheticTrajectory(50)), { columns: 100, rows: 30 });
    const title = (name: string) => new RegExp(`[│║](▸ |  )${name}`);
    expect(app.frame()).not.toMatch(title('Labels'));
    await app.resize(160, 40);
    await app.waitFor(
      (f) => ['Runs', 'Labels', 'Timeline', 'Step', 'Reasoning'].every((n) => title(n).test(f)),
      'wide layout',
    );
    const wide = app.frame().split('\n');
    expect(wide.length).toBeLessThanOrEqual(39);
    expect(Math.max(...wide.map((l) => l.length))).toBeLessThanOrEqual(160);
    await app.resize(80, 24);
    await app.waitFor((f) => !title('Runs').test(f) && f.split('\n').length <= 23, 'narrow again');
    expect(
      Math.max(
        ...app
          .frame()
          .split('\n')
          .map((l) => l.length),
      ),
    ).toBeLessThanOrEqual(80);
  });
});
