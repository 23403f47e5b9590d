// Commands against the real core modules on a fixture run copied to a temp folder: open, heuristic
// diagnosis, every label edit saved before it shows, undo/redo, restore on reopen, export validated.
import { afterAll, afterEach, beforeEach, describe, expect, it } from 'vitest';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { createTuiServices, type TuiServices } from '../../src/controller/index.js';
import { HUMAN_LABELS_FILE } from '../../src/controller/persist.js';
import { selectCurrentStep, selectLabels, selectTrajectory } from '../../src/controller/selectors.js';
import { validateProfileFile } from '../../src/core/profiles/validate.js';
import { openRun } from '../../src/core/formats/open.js';
import { cleanupTmp, copyFixture, tmp } from './helpers.js';

const SWE = 'swe_agent/gpt4__swe-bench-dev-easy_first_only__default__t-0.00__p-0.95__c-3.00__install-1';

let root: string;
let runFile: string;
let env: NodeJS.ProcessEnv;
const open: TuiServices[] = [];

function services(): TuiServices {
  // No key in env and no conf: the heuristic is what `d` runs.
  const s = createTuiServices({ roots: [root], env, cwd: root, watch: false, store: { frameMs: 0 } });
  open.push(s);
  return s;
}

async function started(): Promise<TuiServices> {
  const s = services();
  await s.start();
  return s;
}

const humanFile = () => path.join(`${runFile}.codetracer`, HUMAN_LABELS_FILE);
const savedLabels = () => JSON.parse(readFileSync(humanFile(), 'utf8')).labels as Record<string, unknown>[];

beforeEach(() => {
  root = tmp();
  const home = tmp('ct-home-');
  env = { HOME: home, XDG_CACHE_HOME: path.join(home, '.cache') };
  runFile = path.join(copyFixture(SWE, root), 'pydicom__pydicom-1458.traj');
});
afterEach(async () => {
  await Promise.all(open.splice(0).map((s) => s.dispose()));
});
afterAll(cleanupTmp);

describe('commands on a real run', () => {
  it('discovers, opens on Enter and says the LLM is not configured', async () => {
    const s = await started();
    const st = s.store.getState();
    expect(st.discovery.status).toBe('done');
    expect(st.runs.map((r) => [r.path, r.format, r.steps])).toEqual([[runFile, 'swe_agent', 12]]);
    expect(st.llm.available).toBe(false);
    await s.commands.run('nav.open');
    const after = s.store.getState();
    expect(after.selectedRun).toBe(runFile);
    expect(after.focus).toBe('timeline');
    expect(selectTrajectory(after)?.steps).toHaveLength(12);
    expect(after.runs[0]).toMatchObject({ agent: expect.any(String), labelCount: 0 });
  });

  it('d runs the heuristic: labels appear and the profile files are written beside the run', async () => {
    const s = await started();
    await s.commands.selectRun(runFile);
    await s.commands.run('diagnosis.start');
    const st = s.store.getState();
    expect(st.diagnosis[runFile]).toMatchObject({ status: 'done', mode: 'heuristic' });
    expect(st.runs[0].diagnosis).toBe('done');
    expect(selectLabels(st).map((l) => [l.stepId, l.verdict, l.source, l.accepted])).toEqual([
      [8, 'unuseful', 'heuristic', false],
    ]);
    const dir = `${runFile}.codetracer`;
    for (const f of ['codetracer_labels.json', 'codetracer_analysis.json', 'codetracer_rl_feedback.json']) {
      expect(existsSync(path.join(dir, f))).toBe(true);
    }
    // Nothing a person did yet: no labels file.
    expect(existsSync(humanFile())).toBe(false);
  });

  it('every edit is on disk before the state shows it; undo/redo too; reopening restores the last state', async () => {
    const s = await started();
    await s.commands.selectRun(runFile);
    await s.commands.run('diagnosis.start');
    const c = s.commands;

    // Accept the heuristic label (the timeline cursor is on step 1, so name it).
    const heur = selectLabels(s.store.getState())[0];
    let seenOnDisk: unknown = null;
    const off = s.store.subscribe(() => {
      // Whenever the view hears of a committed edit, the file already holds it.
      const items = selectLabels(s.store.getSnapshot());
      if (items.some((l) => l.accepted) && seenOnDisk === null) seenOnDisk = savedLabels();
    });
    await c.acceptLabel(heur.id);
    s.store.flush();
    off();
    expect(seenOnDisk).toEqual([
      expect.objectContaining({ id: heur.id, accepted: true, changed_by_human: false }),
    ]);

    // Override cycles the verdict; the timeline step 3 gets a human label with a reason.
    await c.overrideLabel(heur.id);
    expect(selectLabels(s.store.getState())[0]).toMatchObject({ verdict: 'correct', changedByHuman: true });
    s.store.dispatch({ type: 'timeline/goto', stepId: 3 });
    expect(selectCurrentStep(s.store.getState())?.id).toBe(3);
    await c.run('labels.add');
    // + opens the reasoning editor on the new label; typing then Enter saves it.
    expect(s.store.getState().editing).toMatchObject({ target: 'reasoning' });
    s.store.dispatch({ type: 'edit/input', text: 'edited the wrong file' });
    await c.run('edit.submit');
    expect(s.store.getState().editing).toBeNull();
    expect(savedLabels().map((l) => [l.step_id, l.verdict, l.source, l.reasoning])).toEqual([
      [3, 'incorrect', 'human', 'edited the wrong file'],
      [8, 'correct', 'heuristic', heur.reasoning],
    ]);

    // Delete, undo, redo, undo again: the file follows each step.
    await c.deleteLabel('h1');
    expect(savedLabels().map((l) => l.id)).toEqual([heur.id]);
    await c.undo();
    expect(savedLabels().map((l) => l.id)).toEqual(['h1', heur.id]);
    await c.redo();
    expect(savedLabels().map((l) => l.id)).toEqual([heur.id]);
    await c.undo();
    const final = selectLabels(s.store.getState());
    expect(final.map((l) => l.id)).toEqual(['h1', heur.id]);

    // A fresh app (after a crash or Ctrl-C) shows exactly what was on screen.
    await s.dispose();
    const again = await started();
    await again.commands.selectRun(runFile);
    expect(selectLabels(again.store.getState())).toEqual(final);
    expect(again.store.getState().labels[runFile].file).toBe(humanFile());
  });

  it('a failed save is reported and the state does not pretend it worked', async () => {
    const { writeFileSync } = await import('node:fs');
    // Neither beside the run nor in the cache can anything be written.
    writeFileSync(path.join(root, 'blocker'), '');
    env = { ...env, XDG_CACHE_HOME: path.join(root, 'blocker', 'cache') };
    writeFileSync(`${runFile}.codetracer`, 'not a folder');
    const s = await started();
    await s.commands.selectRun(runFile);
    s.store.dispatch({ type: 'timeline/goto', stepId: 2 });
    expect(await s.commands.addLabel(undefined, 'unuseful', 'x')).toBeNull();
    const st = s.store.getState();
    expect(selectLabels(st)).toEqual([]);
    expect(st.labels[runFile].saveError).toMatch(/blocker/);
    expect(st.status).toMatchObject({ level: 'error', text: expect.stringMatching(/^labels not saved: /) });
  });

  it('when the folder beside the run cannot be used, labels go to the user cache', async () => {
    const s = await started();
    await s.commands.selectRun(runFile);
    // Make the output folder impossible: a file where the folder should be.
    const { writeFileSync } = await import('node:fs');
    writeFileSync(`${runFile}.codetracer`, 'not a folder');
    s.store.dispatch({ type: 'timeline/goto', stepId: 2 });
    await s.commands.addLabel(undefined, 'unuseful', 'x');
    // chooseOutputDir falls back to the user cache; the label is saved there.
    const st = s.store.getState();
    expect(selectLabels(st).map((l) => l.stepId)).toEqual([2]);
    expect(st.labels[runFile].saveError).toBeNull();
    expect(existsSync(path.join(env.XDG_CACHE_HOME!, 'codetracer', 'runs'))).toBe(true);
  });

  it('export writes valid profiles that say which labels a person changed', async () => {
    const s = await started();
    await s.commands.selectRun(runFile);
    await s.commands.run('diagnosis.start');
    const heur = selectLabels(s.store.getState())[0];
    await s.commands.editReasoning(heur.id, 'the retry repeats the rejected edit');
    s.store.dispatch({ type: 'timeline/goto', stepId: 5 });
    await s.commands.addLabel(undefined, 'incorrect', 'wrong hypothesis');
    const out = path.join(root, 'exported');
    // Through the overlay: open, untoggle nothing, set the folder, run.
    await s.commands.run('export.open');
    s.store.dispatch({ type: 'edit/begin', target: 'exportFolder' });
    s.store.dispatch({ type: 'edit/input', text: out });
    await s.commands.run('edit.submit');
    await s.commands.run('export.run');
    const [traj] = await openRun(runFile);
    const dir = path.join(out, traj.id.replace(/[^A-Za-z0-9._-]+/g, '_'));
    for (const f of ['codetracer_labels.json', 'codetracer_analysis.json', 'codetracer_rl_feedback.json']) {
      const v = await validateProfileFile(path.join(dir, f), traj);
      expect(v.errors, f).toEqual([]);
      expect(v.valid).toBe(true);
    }
    const rl = JSON.parse(readFileSync(path.join(dir, 'codetracer_rl_feedback.json'), 'utf8')) as {
      step_id: number;
      verdict: string;
      reasoning: string;
      diagnoser: string;
    }[];
    expect(rl.find((e) => e.step_id === 5)).toMatchObject({
      verdict: 'incorrect',
      reasoning: '[human] wrong hypothesis',
    });
    expect(rl.find((e) => e.step_id === 8)).toMatchObject({
      verdict: 'unuseful',
      reasoning: '[human] the retry repeats the rejected edit',
    });
    expect(new Set(rl.map((e) => e.diagnoser))).toEqual(new Set(['human-reviewed:heuristic']));
    // The exact flags travel with the export.
    const flags = JSON.parse(readFileSync(path.join(dir, HUMAN_LABELS_FILE), 'utf8')).labels;
    expect(
      flags.map((l: { step_id: number; changed_by_human: boolean }) => [l.step_id, l.changed_by_human]),
    ).toEqual([
      [5, true],
      [8, true],
    ]);
    expect(s.store.getState().status?.text).toMatch(/^exported 4 file\(s\) to /);
  });

  it('replay shows its plan and waits for confirmation (no environment: the prompt would be exported)', async () => {
    const s = await started();
    await s.commands.selectRun(runFile);
    const seen: unknown[] = [];
    s.controller.on('replay:requested', (e) => seen.push(e));
    s.store.dispatch({ type: 'timeline/goto', stepId: 4 });
    await s.commands.run('replay.request');
    expect(seen).toEqual([{ path: runFile, stepId: 4 }]);
    const top = s.store.getState().overlays.at(-1);
    expect(top).toMatchObject({ kind: 'confirm', target: 'replay', replay: { path: runFile, stepId: 4 } });
    expect(top?.kind === 'confirm' && top.lines?.join('\n')).toMatch(/environment: none given/);
    await s.commands.run('confirm.no');
    expect(s.store.getState().overlays).toEqual([]);
  });

  it('q quits after flushing; the view sees quitting', async () => {
    let quit = 0;
    const s = createTuiServices({ roots: [root], env, cwd: root, watch: false, onQuit: () => quit++ });
    open.push(s);
    await s.start();
    await s.commands.run('app.quit');
    expect(s.store.getSnapshot().quitting).toBe(true);
    expect(quit).toBe(1);
  });
});
