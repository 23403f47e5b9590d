import { describe, expect, it } from 'vitest';
import {
  KEYMAP,
  helpSections,
  helpText,
  keyName,
  routeKey,
  type KeyInfo,
} from '../../src/controller/keymap.js';
import { reducer } from '../../src/controller/reducer.js';
import { initialState, type Action, type AppState } from '../../src/controller/state.js';

const st = (...as: Action[]): AppState => as.reduce(reducer, initialState());
const key = (k: KeyInfo = {}) => k;
const cmd = (s: AppState, input: string, k: KeyInfo = {}) => {
  const r = routeKey(s, input, key(k));
  return r?.kind === 'command' ? r.command.id : r?.kind === 'action' ? r.action : null;
};

describe('keyName (Ink 6 key decoding)', () => {
  it.each<[string, KeyInfo, string | null]>([
    ['', { downArrow: true }, 'down'],
    ['', { pageUp: true }, 'pageup'],
    ['', { return: true }, 'enter'],
    ['', { escape: true, meta: true }, 'esc'],
    ['', { tab: true, shift: true }, 'shift+tab'],
    ['', { delete: true }, 'backspace'],
    ['r', { ctrl: true }, 'ctrl+r'],
    ['G', { shift: true }, 'G'],
    [' ', {}, 'space'],
    ['', {}, null],
  ])('%j %j -> %s', (input, k, name) => expect(keyName(input, k)).toBe(name));
});

describe('routeKey', () => {
  it('moves in the focused pane (j/k/arrows/g/G/PgDn)', () => {
    expect(cmd(st(), 'j')).toEqual({ type: 'runs/move', move: 'down' });
    const tl = st({ type: 'focus/set', pane: 'timeline' });
    expect(cmd(tl, '', { upArrow: true })).toEqual({ type: 'timeline/move', move: 'up' });
    expect(cmd(tl, 'G', { shift: true })).toEqual({ type: 'timeline/move', move: 'bottom' });
    expect(cmd(tl, 'g')).toEqual({ type: 'timeline/move', move: 'top' });
    expect(cmd(tl, '', { pageDown: true })).toEqual({ type: 'timeline/move', move: 'pageDown' });
    expect(cmd(st({ type: 'focus/set', pane: 'step' }), 'j')).toEqual({ type: 'step/scroll', move: 'down' });
    expect(cmd(st({ type: 'focus/set', pane: 'labels' }), 'k')).toEqual({ type: 'labels/move', move: 'up' });
  });

  it('focus keys: tab, shift-tab, 1-6', () => {
    expect(cmd(st(), '', { tab: true })).toEqual({ type: 'focus/cycle', delta: 1 });
    expect(cmd(st(), '', { tab: true, shift: true })).toEqual({ type: 'focus/cycle', delta: -1 });
    expect(cmd(st(), '5')).toEqual({ type: 'focus/set', pane: 'labels' });
    expect(cmd(st(), '2')).toEqual({ type: 'focus/set', pane: 'timeline' });
  });

  it('controller commands go out as command ids', () => {
    const tl = st({ type: 'focus/set', pane: 'timeline' });
    expect(cmd(tl, 'd')).toBe('diagnosis.start');
    expect(cmd(tl, 'p')).toBe('diagnosis.pause');
    expect(cmd(tl, 'x')).toBe('diagnosis.abort');
    expect(cmd(tl, 'a')).toBe('labels.accept');
    expect(cmd(tl, 'o')).toBe('labels.override');
    expect(cmd(tl, 'e')).toBe('labels.edit');
    expect(cmd(tl, '+')).toBe('labels.add');
    expect(cmd(tl, 'D', { shift: true })).toBe('labels.delete');
    expect(cmd(tl, 'u')).toBe('labels.undo');
    expect(cmd(tl, 'r', { ctrl: true })).toBe('labels.redo');
    expect(cmd(tl, 'E', { shift: true })).toBe('export.open');
    expect(cmd(tl, '', { return: true })).toBe('nav.open');
    expect(cmd(tl, 'c', { ctrl: true })).toBe('app.forceQuit');
  });

  it('/ searches in panes, filters in Runs; : jumps; t toggles; n/N walk matches', () => {
    const tl = st({ type: 'focus/set', pane: 'timeline' });
    expect(cmd(tl, '/')).toEqual({
      type: 'batch',
      actions: [
        { type: 'overlay/open', overlay: { kind: 'search' } },
        { type: 'edit/begin', target: 'search', text: '' },
      ],
    });
    expect(cmd(st(), '/')).toEqual({ type: 'edit/begin', target: 'filter', text: '' });
    expect((cmd(tl, ':') as Action).type).toBe('batch');
    expect(cmd(tl, 't')).toEqual({ type: 'timeline/mode' });
    expect(cmd(tl, 'n')).toEqual({ type: 'search/next', delta: 1 });
    expect(cmd(tl, 'N', { shift: true })).toEqual({ type: 'search/next', delta: -1 });
  });

  it('q quits at once when idle, asks while a diagnosis runs', () => {
    expect(cmd(st(), 'q')).toBe('app.quit');
    const busy = st({ type: 'diagnosis/started', path: 'r', mode: 'llm', model: 'm', costLimit: 1, at: 0 });
    expect(cmd(busy, 'q')).toMatchObject({
      type: 'overlay/open',
      overlay: { kind: 'confirm', target: 'quit' },
    });
    const asking = reducer(busy, cmd(busy, 'q') as Action);
    expect(cmd(asking, 'y')).toBe('confirm.yes');
    expect(cmd(asking, 'n')).toEqual({ type: 'overlay/close' });
    // The modal overlay swallows other keys.
    expect(cmd(asking, 'j')).toBeNull();
  });

  it('text entry suspends single-letter keys: letters type, Enter submits, Esc cancels', () => {
    const editing = st(
      { type: 'focus/set', pane: 'labels' },
      { type: 'edit/begin', target: 'reasoning', labelId: 'h1' },
    );
    expect(cmd(editing, 'q')).toEqual({ type: 'edit/input', text: 'q' });
    expect(cmd(editing, 'd')).toEqual({ type: 'edit/input', text: 'd' });
    expect(cmd(editing, 'hello world')).toEqual({ type: 'edit/input', text: 'hello world' });
    expect(cmd(editing, '', { return: true })).toBe('edit.submit');
    expect(cmd(editing, '', { escape: true })).toEqual({ type: 'edit/cancel' });
    expect(cmd(editing, '', { delete: true })).toEqual({ type: 'edit/erase' });
    expect(cmd(editing, '', { leftArrow: true })).toEqual({ type: 'edit/caret', move: 'left' });
    expect(cmd(editing, 'x', { ctrl: true })).toBeNull();
    // Ctrl-C still quits.
    expect(cmd(editing, 'c', { ctrl: true })).toBe('app.forceQuit');
  });

  it('help toggles with ?, scrolls with j/k and closes with Esc or q', () => {
    const h = reducer(initialState(), cmd(initialState(), '?') as Action);
    expect(h.overlays).toEqual([{ kind: 'help', scroll: 0 }]);
    expect(cmd(h, 'j')).toEqual({ type: 'overlay/update', overlay: { kind: 'help', scroll: 1 } });
    expect(cmd(h, 'q')).toEqual({ type: 'overlay/close' });
    expect(cmd(h, '', { escape: true })).toEqual({ type: 'overlay/close' });
    expect(cmd(h, '?')).toEqual({ type: 'overlay/close' });
  });

  it('export overlay: rows, toggle, run', () => {
    const e = st({
      type: 'overlay/open',
      overlay: {
        kind: 'export',
        profiles: { tracebench: true, detailed: true, rl_feedback: true },
        folder: '',
        row: 0,
      },
    });
    expect(cmd(e, 'j')).toMatchObject({ type: 'overlay/update', overlay: { row: 1 } });
    expect(cmd(e, ' ')).toBe('export.toggle');
    expect(cmd(e, '', { return: true })).toBe('export.run');
    expect(cmd(e, '', { escape: true })).toEqual({ type: 'overlay/close' });
  });
});

describe('one table for routing and help', () => {
  it('no key is bound twice in the same context', () => {
    const seen = new Map<string, string>();
    for (const b of KEYMAP) {
      const scopes = b.context === 'pane' ? (b.panes ?? ['*']) : [b.overlay ?? '*'];
      for (const scope of scopes) {
        for (const k of b.keys) {
          const id = `${b.context}:${scope}:${k}`;
          expect(seen.get(id), `${id} bound to ${seen.get(id)} and ${b.command}`).toBeUndefined();
          seen.set(id, b.command);
        }
      }
    }
  });

  it('help lists every binding, with readable key names', () => {
    const lines = helpSections().flatMap((s) => s.lines);
    expect(lines).toHaveLength(KEYMAP.length);
    const text = helpText().join('\n');
    expect(text).toContain('Ctrl-r');
    expect(text).toContain('j ↓');
    expect(text).toMatch(/PgDn/);
    expect(text).toContain('override verdict (cycle)');
  });
});
