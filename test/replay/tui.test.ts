// Replay from the TUI: `r` on a step shows the plan (environment, restore actions, verify), `y` runs
// it, the replay streams into the Reasoning pane, and the recorded run joins the Runs list.
import { readdirSync } from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createTuiServices, type TuiServices } from '../../src/controller/index.js';
import { HAS_BWRAP, fixingAgent, replayHarness, snapshot, type ReplayHarness } from './setup.js';

let h: ReplayHarness | null = null;
let s: TuiServices | null = null;
afterEach(async () => {
  await s?.dispose();
  s = null;
  await h?.close();
  h = null;
});

describe.skipIf(!HAS_BWRAP)('TUI replay', () => {
  it('plan, confirm, stream, and the recorded run next to its origin', async () => {
    h = await replayHarness(fixingAgent());
    const runs = path.dirname(h.run);
    const before = snapshot(h.repo);
    s = createTuiServices({
      roots: [runs],
      env: { ...h.env, PATH: process.env.PATH, HOME: h.tmp },
      cwd: h.tmp,
      watch: false,
      store: { frameMs: 0 },
      replay: { repo: h.repo, commit: h.base, verify: 'sh test.sh', output: path.join(h.tmp, 'replays') },
    });
    await s.start();
    await s.commands.selectRun(h.run);
    s.store.dispatch({ type: 'timeline/goto', stepId: 5 });
    await s.commands.run('replay.request');
    const top = s.store.getState().overlays.at(-1);
    expect(top?.kind).toBe('confirm');
    const plan = top?.kind === 'confirm' ? (top.lines ?? []).join('\n') : '';
    expect(plan).toContain(`environment: fresh git worktree of ${h.repo} at ${h.base}`);
    expect(plan).toContain('restore: 1 file edit(s) re-applied');
    expect(plan).toContain('step 3: replace /testbed/VERSION');
    expect(plan).toContain('step 4: mkdir -p /testbed/build');
    expect(plan).toContain('verify: sh test.sh');
    expect(h.server.chatRequests).toHaveLength(0);

    await s.commands.run('confirm.yes');
    await s.controller.idle();
    const st = s.store.getState();
    const d = st.diagnosis[h.run];
    expect(d?.status).toBe('done');
    expect(d?.message).toMatch(/^replay success: verify passed: sh test.sh; recorded /);
    expect(d?.log.some((e) => e.kind === 'tool_call' && e.text.includes('shell'))).toBe(true);
    const out = readdirSync(path.join(h.tmp, 'replays'));
    expect(out).toHaveLength(1);
    const recorded = path.join(h.tmp, 'replays', out[0]);
    expect(st.runs.map((r) => r.path)).toContain(recorded);
    expect(st.runs.find((r) => r.path === recorded)?.verdict).toBe(true);
    expect(snapshot(h.repo)).toEqual(before);
  });

  it("r on a label in the Labels pane replays from that label's step", async () => {
    h = await replayHarness([]);
    s = createTuiServices({
      roots: [path.dirname(h.run)],
      env: { ...h.env, PATH: process.env.PATH, HOME: h.tmp },
      cwd: h.tmp,
      watch: false,
      store: { frameMs: 0 },
    });
    await s.start();
    await s.commands.selectRun(h.run);
    s.store.dispatch({
      type: 'labels/loaded',
      path: h.run,
      items: [
        {
          id: 'x',
          stepId: 5,
          verdict: 'incorrect',
          reasoning: 'wrong fix',
          source: 'human',
          accepted: true,
          changedByHuman: true,
        },
      ],
      file: null,
      origin: null,
    });
    s.store.dispatch({ type: 'timeline/goto', stepId: 2 });
    s.store.dispatch({ type: 'focus/set', pane: 'labels' });
    await s.commands.run('replay.request');
    const top = s.store.getState().overlays.at(-1);
    expect(top).toMatchObject({ kind: 'confirm', target: 'replay', replay: { stepId: 5 } });
  });
});
