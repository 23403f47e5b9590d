// Pure view helpers: windowing, layout by terminal size, themes, diffs and step text.
import { describe, expect, it } from 'vitest';
import { windowFor } from '../../components/shared/window.js';
import { absoluteAddress } from '../../components/tui-main.js';
import { computeLayout, WIDE_COLUMNS } from '../../components/layout/compute.js';
import { resolveTheme, parseThemeName, stageColor } from '../../themes/index.js';
import { editDiffLines } from '../../components/content/diff-lines.js';
import { blockLines, wrapLine, wrapWords } from '../../components/content/lines.js';
import { stepLines } from '../../components/content/step-content.js';
import { hintBindings, hintsFor } from '../../components/layout/hints.js';
import { commandAction, routeKey } from '../../src/controller/keymap.js';
import { initialState, PANES } from '../../src/controller/state.js';
import { syntheticTrajectory } from './synthetic.js';

describe('windowFor', () => {
  it('shows everything when the list fits', () => {
    expect(windowFor(5, 3, 10)).toEqual({ offset: 0, end: 5 });
  });
  it('keeps the window still while the cursor moves inside it', () => {
    let w = windowFor(10_000, 0, 20);
    for (let c = 1; c <= 17; c++) {
      w = windowFor(10_000, c, 20, w.offset);
      expect(w.offset).toBe(0);
    }
    // Two rows of context: cursor 18 of a 20-row window starting at 0 moves it by one.
    w = windowFor(10_000, 18, 20, w.offset);
    expect(w).toEqual({ offset: 1, end: 21 });
  });
  it('clamps at the end and jumps for G / g', () => {
    expect(windowFor(10_000, 9_999, 20, 0)).toEqual({ offset: 9_980, end: 10_000 });
    expect(windowFor(10_000, 0, 20, 9_980)).toEqual({ offset: 0, end: 20 });
  });
  it('never exceeds the viewport', () => {
    for (const c of [0, 1, 500, 9_998, 9_999]) {
      const w = windowFor(10_000, c, 37, 4_000);
      expect(w.end - w.offset).toBe(37);
      expect(c).toBeGreaterThanOrEqual(w.offset);
      expect(c).toBeLessThan(w.end);
    }
  });
});

describe('computeLayout', () => {
  const base = { focus: 'timeline' as const, lastDetail: 'step' as const, lastLive: 'reasoning' as const };
  it('uses three columns from 140 columns on, filling the width and height', () => {
    const l = computeLayout({ ...base, columns: WIDE_COLUMNS, rows: 39 });
    expect(l.mode).toBe('wide');
    expect(l.columns).toHaveLength(3);
    expect(l.columns.reduce((a, c) => a + c[0].width, 0)).toBe(WIDE_COLUMNS);
    for (const col of l.columns) expect(col.reduce((a, s) => a + s.height, 0)).toBe(l.bodyHeight);
    expect(l.columns.flat().map((s) => s.pane)).toEqual(['runs', 'labels', 'timeline', 'step', 'reasoning']);
  });
  it('stacks a list pane over the focused detail pane when narrow', () => {
    const l = computeLayout({ ...base, focus: 'labels', columns: 100, rows: 29 });
    expect(l.mode).toBe('narrow');
    expect(l.columns[0].map((s) => s.pane)).toEqual(['timeline', 'labels']);
    const r = computeLayout({ ...base, focus: 'runs', columns: 80, rows: 23 });
    expect(r.columns[0].map((s) => s.pane)).toEqual(['runs', 'timeline']);
  });
  it('shows the focused pane alone on a very short terminal', () => {
    const l = computeLayout({ ...base, focus: 'step', columns: 80, rows: 10 });
    expect(l.mode).toBe('single');
    expect(l.columns[0]).toEqual([{ pane: 'step', width: 80, height: 8 }]);
  });
  it('shows Ask in the live slot once it was focused', () => {
    const l = computeLayout({ ...base, focus: 'timeline', lastLive: 'ask', columns: 160, rows: 40 });
    expect(l.columns[2][1].pane).toBe('ask');
  });
});

describe('themes', () => {
  it('NO_COLOR wins over --theme and the setting', () => {
    const t = resolveTheme({ flag: 'light', setting: 'dark', env: { NO_COLOR: '1' } });
    expect(t.name).toBe('no-color');
    expect(t.color).toBe(false);
    expect(t.verdict.incorrect).toBeUndefined();
  });
  it('flag beats setting beats the default; unknown names fall through', () => {
    expect(resolveTheme({ flag: 'light', setting: 'high-contrast', env: {} }).name).toBe('light');
    expect(resolveTheme({ flag: 'nope', setting: 'hc', env: {} }).name).toBe('high-contrast');
    expect(resolveTheme({ env: {} }).name).toBe('dark');
    expect(resolveTheme({ env: { NO_COLOR: '' } }).name).toBe('dark');
    expect(parseThemeName('No_Colour')).toBe('no-color');
  });
  it('cycles stage bands and leaves steps outside stages unbanded', () => {
    const t = resolveTheme({ env: {} });
    expect(stageColor(t, 0)).toBe(t.stageBands[0]);
    expect(stageColor(t, t.stageBands.length)).toBe(t.stageBands[0]);
    expect(stageColor(t, null)).toBeUndefined();
  });
});

describe('content lines', () => {
  it('hard-wraps by code points and caps long blocks with a note', () => {
    expect(wrapLine('abcdefg', 3)).toEqual(['abc', 'def', 'g']);
    const lines = blockLines(Array.from({ length: 50 }, (_, i) => `line ${i}`).join('\n'), 80, 'text', 10);
    expect(lines).toHaveLength(11);
    expect(lines[10]).toEqual({ text: '… 40 more lines not shown', tone: 'muted' });
  });
  it('strips ANSI and control characters from observations', () => {
    expect(blockLines('\x1b[31mred\x1b[0m\tx\x07', 80)).toEqual([{ text: 'red    x', tone: 'text' }]);
  });
  it('renders a replace edit as a unified diff with added and removed lines', () => {
    const lines = editDiffLines(
      { path: 'a.py', kind: 'replace', oldText: 'x = 1\ny = 2\n', newText: 'x = 1\ny = 3\n' },
      80,
    );
    expect(lines[0]).toEqual({ text: 'replace a.py', tone: 'heading' });
    expect(lines).toContainEqual({ text: '-y = 2', tone: 'removed' });
    expect(lines).toContainEqual({ text: '+y = 3', tone: 'added' });
    expect(lines.find((l) => l.tone === 'hunk')?.text).toMatch(/^@@ -1,2 \+1,2 @@$/);
  });
  it('a created file is all additions', () => {
    const lines = editDiffLines({ path: 'new.txt', kind: 'create', newText: 'a\nb' }, 80);
    expect(lines.filter((l) => l.tone === 'added').map((l) => l.text)).toEqual(['+a', '+b']);
  });
  it('step text has action, reasoning, edits and observation sections', () => {
    const traj = syntheticTrajectory(7);
    const text = stepLines(traj.steps[6], 60).map((l) => l.text);
    expect(text[0]).toBe('step 7 · bash · exit 0');
    for (const h of ['Action', 'Reasoning', 'Edits (1)', 'Observation']) expect(text).toContain(h);
    expect(text).toContain('-old_7');
    expect(text).toContain('+new_7');
  });
});

describe('key hints', () => {
  it('name keys that route to the hinted command in every pane', () => {
    for (const pane of PANES) {
      const s = initialState({ focus: pane, selectedRun: 'r' });
      expect(hintsFor(pane)).not.toBe('');
      for (const { id, key } of hintBindings(pane)) {
        const input = key === 'enter' ? '\r' : key;
        const r = routeKey(s, input, { return: key === 'enter' });
        const expected = commandAction(s, id);
        if (r?.kind === 'command') expect(r.command.id, `${pane} ${key}`).toBe(id);
        else expect(r, `${pane} ${key}`).toEqual({ kind: 'action', action: expected });
      }
    }
  });
});

describe('prose wrapping', () => {
  it('breaks at spaces, cuts only words longer than the width', () => {
    expect(wrapWords('the quick brown fox jumps', 10)).toEqual(['the quick', 'brown fox', 'jumps']);
    expect(wrapWords('abcdefghijklmnop qr', 6)).toEqual(['abcdef', 'ghijkl', 'mnop', 'qr']);
    expect(blockLines('one two three', 7, 'text', 10, true).map((l) => l.text)).toEqual(['one two', 'three']);
  });
});

describe('absoluteAddress', () => {
  it('resolves the file-system part and keeps #N and !/inner', () => {
    const cwd = process.cwd();
    expect(absoluteAddress('runs/a.jsonl#3')).toBe(`${cwd}/runs/a.jsonl#3`);
    expect(absoluteAddress('b.tar.zst!/x/y')).toBe(`${cwd}/b.tar.zst!/x/y`);
    expect(absoluteAddress('/abs/dir')).toBe('/abs/dir');
  });
});
