// The replay plan on screen: the overlay shows environment, restore actions and verify while the status
// bar asks; n closes it without running anything.
import { describe, expect, it } from 'vitest';
import { renderApp, storeWithRun } from '../components/render-app.js';
import { syntheticTrajectory } from '../components/synthetic.js';

describe('replay plan overlay', () => {
  it('shows the plan and the question; n cancels', async () => {
    const store = storeWithRun(syntheticTrajectory(8));
    const h = await renderApp(store, { columns: 110, rows: 30 });
    store.dispatch({
      type: 'overlay/open',
      overlay: {
        kind: 'confirm',
        target: 'replay',
        message: 'Replay from step 5 as planned above? (y/n)',
        lines: [
          'Replay synthetic from step 5: steps 1..4 are kept',
          'environment: fresh git worktree of /src/repo at abc123 (bubblewrap sandbox)',
          'restore: 1 file edit(s) re-applied',
          '  step 3: replace /testbed/VERSION',
          'verify: sh test.sh',
        ],
        replay: { path: '/runs/synthetic', stepId: 5 },
      },
    });
    const f = await h.waitFor((x) => x.includes('Replay plan'), 'the plan');
    expect(f).toContain('environment: fresh git worktree of /src/repo at abc123');
    expect(f).toContain('step 3: replace /testbed/VERSION');
    expect(f).toContain('verify: sh test.sh');
    expect(f).toContain('Replay from step 5 as planned above? (y/n)');
    await h.press('n');
    await h.waitFor((x) => !x.includes('Replay plan'), 'the plan to close');
    expect(h.commands.some((c) => c.id === 'confirm.yes')).toBe(false);
    h.r.unmount();
  });
});
