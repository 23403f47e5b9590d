// The whole app driven by keys on a copy of a real run (overfull-hbox, MIT), with the real controller
// and a scripted OpenAI-compatible server on loopback: open a run, move, search, help, diagnose and watch
// the reasoning stream in, override a label, quit, reopen with the edit kept, export and validate.
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { cleanup } from 'ink-testing-library';
import { HUMAN_LABELS_FILE } from '../../src/controller/index.js';
import { openRun } from '../../src/core/formats/open.js';
import { PROFILE_FILES, PROFILE_NAMES } from '../../src/core/profiles/schemas.js';
import { validateProfileFile } from '../../src/core/profiles/validate.js';
import { happyPath, LABEL_REASON } from '../llm/script.js';
import { tuiHarnessPerTest } from './harness-session.js';
import { KEYS, renderSession, type AppHandle } from './render-app.js';

const tui = tuiHarnessPerTest();

async function type(app: AppHandle, text: string) {
  for (const ch of text) await app.press(ch);
}

/** Body of the Labels pane (under its title) from a frame. */
const labelsPane = (f: string) => f.slice(f.indexOf('Labels  '));

describe('codetracer-tui driven by keys', () => {
  it('opens a run, searches, shows help, diagnoses with a streamed LLM, overrides, quits, reopens, exports', async () => {
    const h = await tui.harness({ script: happyPath('detailed') });
    const traj = (await openRun(h.runDir))[0];
    let s = tui.open(h);
    let app = await renderSession(s, { columns: 160, rows: 44 });
    s.start();
    await app.waitFor((f) => /1 runs/.test(f), 'run discovered');

    // Open the run and move through the timeline: the Step pane follows.
    await app.press(KEYS.enter);
    await app.waitFor((f) => f.includes(`1/${traj.steps.length}`) && f.includes('Step 1'), 'timeline open');
    await app.press('j', 'j');
    await app.waitFor((f) => f.includes('Step 3') && f.includes(`3/${traj.steps.length}`), 'step 3');

    // Search: "/" opens a prompt, Enter runs it, n moves to the next match.
    await app.press('/');
    await type(app, 'pdflatex');
    await app.press(KEYS.enter);
    // Matches start at the cursor (step 3): the first one on or after it.
    const searched = await app.waitFor((f) => /match \d+\/\d+/.test(f), 'search matches');
    const [, cur, total] = /match (\d+)\/(\d+)/.exec(searched)!.map(Number);
    expect(total).toBeGreaterThan(1);
    expect(app.frame()).toMatch(/•\s*2 ◆/);
    await app.press('n');
    await app.waitFor((f) => f.includes(`match ${(cur % total) + 1}/${total}`), 'next match');

    // Help from the keymap; ? again closes it.
    await app.press('?');
    await app.waitFor(
      (f) => f.includes('Getting started') && f.includes('Navigation (focused pane)'),
      'help',
    );
    expect(app.frame()).toContain('Navigation (focused pane)');
    await app.press('?');
    await app.waitFor((f) => !f.includes('Navigation (focused pane)'), 'help closed');

    // Diagnose: the scripted model's reasoning, tool calls and label stream into the Reasoning pane.
    await app.press('4', 'd');
    await app.waitFor((f) => f.includes('Start with the overview.'), 'reasoning streamed');
    const done = await app.waitFor((f) => /done · gpt-4\.1-mini/.test(f), 'diagnosis done', 15_000);
    expect(done).toContain('→ record_label step_id=2');
    expect(done).toContain('✎ step 2: incorrect');
    expect(done).toMatch(/\$0\.\d+ \/ \$3\.00/);
    const live = Object.values(s.store.getState().diagnosis)[0];
    expect(live.calls).toBe(4);
    expect(live.log.some((e) => e.kind === 'tool_call' && e.text.startsWith('overview'))).toBe(true);
    // The LLM's label shows in the timeline (step 2) and in the Labels pane.
    await app.press('5');
    await app.waitFor((f) => labelsPane(f).includes('✗ inc') && labelsPane(f).includes('LLM'), 'LLM label');
    expect(labelsPane(app.frame())).toContain(LABEL_REASON.slice(0, 30));

    // Override the verdict: o cycles incorrect -> unuseful, marked as changed by a person.
    await app.press('o');
    await app.waitFor((f) => /~ unu\s+2 LLM\s+✓\*/.test(labelsPane(f)), 'override shown');

    // Quit with q: the app exits and the human labels file is on disk.
    await app.press('q');
    await app.waitFor(() => s.store.getState().quitting, 'quitting');
    const saved = findFiles(h.tmp, HUMAN_LABELS_FILE);
    expect(saved).toHaveLength(1);
    const savedLabels = JSON.parse(readFileSync(saved[0], 'utf8')) as {
      labels: { step_id: number; verdict: string }[];
    };
    expect(savedLabels.labels).toContainEqual(expect.objectContaining({ step_id: 2, verdict: 'unuseful' }));
    cleanup();
    await s.dispose();

    // Reopen: the override is still there.
    s = tui.open(h);
    app = await renderSession(s, { columns: 160, rows: 44 });
    s.start();
    await app.waitFor((f) => /1 runs/.test(f), 'run rediscovered');
    await app.press(KEYS.enter, '5');
    await app.waitFor((f) => /~ unu\s+2 LLM\s+✓\*/.test(labelsPane(f)), 'override kept after reopen');

    // Export all three profiles into a chosen folder and validate every file.
    const target = path.join(h.tmp, 'exported');
    await app.press('E');
    await app.waitFor((f) => f.includes('Export labels'), 'export dialog');
    await app.press('j', 'j', 'j', 'e');
    await type(app, target);
    await app.press(KEYS.enter);
    await app.waitFor((f) => f.includes(`folder: ${target}`), 'folder set');
    await app.press(KEYS.enter);
    await app.waitFor((f) => !f.includes('Export labels'), 'dialog closed');
    await s.idle();
    const dirs = [target, ...(existsSync(target) ? subdirs(target) : [])];
    const dir = dirs.find((d) => existsSync(path.join(d, PROFILE_FILES.detailed)));
    expect(dir, `no export under ${target}`).toBeDefined();
    for (const p of PROFILE_NAMES) {
      const file = path.join(dir!, PROFILE_FILES[p]);
      const r = await validateProfileFile(file, traj);
      expect(r.errors, file).toEqual([]);
      expect(r.valid).toBe(true);
    }
    const rl = JSON.parse(readFileSync(path.join(dir!, PROFILE_FILES.rl_feedback), 'utf8')) as {
      step_id: number;
      verdict: string;
    }[];
    expect(rl.find((e) => e.step_id === 2)?.verdict).toBe('unuseful');
  }, 60_000);
});

/** Export places a run's files in a per-run subfolder of the chosen folder. */
function subdirs(root: string): string[] {
  return readdirSync(root)
    .map((n) => path.join(root, n))
    .filter((p) => statSync(p).isDirectory());
}

function findFiles(root: string, name: string): string[] {
  const out: string[] = [];
  for (const n of readdirSync(root)) {
    const p = path.join(root, n);
    if (statSync(p).isDirectory()) out.push(...findFiles(p, name));
    else if (n === name) out.push(p);
  }
  return out;
}
