// Live watch on a real temp folder: a run being written grows, new runs show up, a diagnosis written by
// another process appears in Labels, truncation and deletion become errors while the app stays usable.
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { appendFileSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { createTuiServices, type TuiServices } from '../../src/controller/index.js';
import { classifyChanges, type ChangeKind } from '../../src/controller/watch.js';
import { selectCurrentStep, selectLabels, selectTrajectory } from '../../src/controller/selectors.js';
import { openRun } from '../../src/core/formats/open.js';
import { writeProfiles } from '../../src/core/profiles/write.js';
import { claudeStep, cleanupTmp, tmp, waitFor, writeClaudeRun } from './helpers.js';

const live: TuiServices[] = [];
afterEach(async () => {
  await Promise.all(live.splice(0).map((s) => s.dispose()));
});
afterAll(cleanupTmp);

async function watching(root: string): Promise<TuiServices> {
  const home = tmp('ct-home-');
  const s = createTuiServices({
    roots: [root],
    env: { HOME: home, XDG_CACHE_HOME: path.join(home, '.cache') },
    cwd: root,
    debounceMs: 100,
    store: { frameMs: 0 },
  });
  live.push(s);
  await s.start();
  return s;
}

const steps = (s: TuiServices) => selectTrajectory(s.store.getState())?.steps.length ?? 0;

describe('watching runs', () => {
  it('a run still being written grows, keeping the cursor', async () => {
    const root = tmp();
    const file = writeClaudeRun(root, 'run.jsonl', 3);
    const s = await watching(root);
    expect(s.store.getState().watching).toBe(true);
    expect(s.store.getState().runs.map((r) => [r.path, r.format, r.steps])).toEqual([
      [file, 'claude_code', 3],
    ]);
    await s.commands.selectRun(file);
    s.store.dispatch({ type: 'timeline/goto', stepId: 2 });
    expect(steps(s)).toBe(3);

    appendFileSync(file, claudeStep(4) + claudeStep(5));
    await waitFor(() => steps(s) === 5, 10_000, 'the run to grow to 5 steps');
    expect(selectCurrentStep(s.store.getState())?.id).toBe(2);
    expect(s.store.getState().runs[0].steps).toBe(5);

    appendFileSync(file, claudeStep(6));
    await waitFor(() => steps(s) === 6, 10_000, 'the run to grow to 6 steps');
    expect(s.store.getState().loaded[file].version).toBeGreaterThanOrEqual(3);
  });

  it('new runs appearing under the root show up; untouched runs update their step count', async () => {
    const root = tmp();
    const first = writeClaudeRun(root, 'a.jsonl', 2);
    const s = await watching(root);
    expect(s.store.getState().runs).toHaveLength(1);
    mkdirSync(path.join(root, 'later'));
    const second = writeClaudeRun(path.join(root, 'later'), 'b.jsonl', 4);
    await waitFor(() => s.store.getState().runs.length === 2, 10_000, 'the new run');
    expect(s.store.getState().runs.map((r) => [r.path, r.steps])).toEqual([
      [first, 2],
      [second, 4],
    ]);
    // Not opened, still followed: its row's step count follows the file.
    appendFileSync(first, claudeStep(3));
    await waitFor(() => s.store.getState().runs[0].steps === 3, 10_000, 'the step count of a.jsonl');
  });

  it('a diagnosis output written by another process appears in Labels', async () => {
    const root = tmp();
    const file = writeClaudeRun(root, 'run.jsonl', 4);
    const s = await watching(root);
    await s.commands.selectRun(file);
    expect(selectLabels(s.store.getState())).toEqual([]);
    // What `codetracer analyze` writes beside a run file.
    const [traj] = await openRun(file);
    await writeProfiles(
      {
        diagnoser: 'gpt-test',
        labels: [{ stepId: 3, verdict: 'incorrect', reasoning: 'wrong command' }],
        stages: [{ id: 1, start: 1, end: 4 }],
      },
      traj,
      `${file}.codetracer`,
      ['tracebench', 'rl_feedback'],
    );
    await waitFor(() => selectLabels(s.store.getState()).length === 1, 10_000, 'the labels to appear');
    expect(selectLabels(s.store.getState())[0]).toMatchObject({
      stepId: 3,
      verdict: 'incorrect',
      reasoning: 'wrong command',
      source: 'llm',
      diagnoser: 'gpt-test',
    });
  });

  it('truncated while open: error shown, last good trajectory kept; deleted: error in its row, app usable', async () => {
    const root = tmp();
    const file = writeClaudeRun(root, 'run.jsonl', 3);
    const other = writeClaudeRun(root, 'other.jsonl', 2);
    const s = await watching(root);
    await s.commands.selectRun(file);
    writeFileSync(file, '');
    await waitFor(() => s.store.getState().loaded[file].error !== null, 10_000, 'the truncation error');
    const st = s.store.getState();
    expect(st.loaded[file]).toMatchObject({ status: 'error' });
    expect(st.loaded[file].error).toMatch(/run\.jsonl/);
    expect(selectTrajectory(st)?.steps).toHaveLength(3);

    rmSync(file);
    await waitFor(
      () => /deleted|no such file/.test(s.store.getState().runs.find((r) => r.path === file)?.error ?? ''),
      10_000,
      'the deletion error',
    );
    expect(selectTrajectory(s.store.getState())?.steps).toHaveLength(3);
    // Still usable: open the other run.
    await s.commands.selectRun(other);
    expect(selectTrajectory(s.store.getState())?.steps).toHaveLength(2);
  });
});

describe('classifyChanges', () => {
  const runs = [
    { address: '/r/dirrun', fsPath: '/r/dirrun', kind: 'dir' as const, outputDirs: ['/r/dirrun/codetracer'] },
    {
      address: '/r/f.jsonl#1',
      fsPath: '/r/f.jsonl',
      kind: 'file' as const,
      outputDirs: ['/r/f.jsonl.codetracer/x'],
    },
    { address: '/r/f.jsonl#2', fsPath: '/r/f.jsonl', kind: 'file' as const, outputDirs: [] },
  ];
  const c = (entries: [string, ChangeKind][]) => classifyChanges(new Map(entries), runs);

  it('sorts run changes, outputs, deletions and new folders', () => {
    const s = c([
      ['/r/dirrun/trajectory.json', 'change'],
      ['/r/dirrun/codetracer/codetracer_labels.json', 'add'],
      ['/r/dirrun/codetracer/notes.txt', 'add'],
      ['/r/f.jsonl', 'change'],
      ['/r/new/run/steps.json', 'add'],
      ['/r/new', 'addDir'],
      ['/r/gone.txt', 'unlink'],
    ]);
    expect([...s.changed].sort()).toEqual(['/r/dirrun', '/r/f.jsonl#1', '/r/f.jsonl#2']);
    expect([...s.outputs]).toEqual(['/r/dirrun']);
    expect([...s.newDirs]).toEqual(['/r/new']);
    expect([...s.deleted]).toEqual([]);
  });

  it('the run itself removed is a deletion, not a change', () => {
    const s = c([
      ['/r/dirrun/trajectory.json', 'unlink'],
      ['/r/dirrun', 'unlinkDir'],
    ]);
    expect([...s.deleted]).toEqual(['/r/dirrun']);
    expect([...s.changed]).toEqual([]);
  });
});
