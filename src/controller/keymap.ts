// ONE table of key bindings. It routes keys (routeKey, a pure function of state and key) and it writes
// the help overlay (helpSections). Routing order: text entry, then the top overlay, then the focused
// pane, then global keys. While text entry is active, single-letter keys type text.
import { selectAnyDiagnosisActive, selectTopOverlay } from './selectors.js';
import type { Action, AppState, Move, OverlayKind, Pane } from './state.js';

export type KeyContext = 'global' | 'pane' | 'overlay' | 'editing';

export type CommandId =
  // app
  | 'app.quit'
  | 'app.forceQuit'
  | 'help.toggle'
  | 'focus.next'
  | 'focus.prev'
  | 'focus.runs'
  | 'focus.timeline'
  | 'focus.step'
  | 'focus.reasoning'
  | 'focus.labels'
  | 'focus.ask'
  // movement in the focused pane
  | 'nav.up'
  | 'nav.down'
  | 'nav.top'
  | 'nav.bottom'
  | 'nav.pageUp'
  | 'nav.pageDown'
  | 'nav.halfUp'
  | 'nav.halfDown'
  | 'nav.open'
  // runs, timeline, search
  | 'runs.filter'
  | 'runs.refresh'
  | 'search.open'
  | 'search.next'
  | 'search.prev'
  | 'jump.open'
  | 'timeline.toggleMode'
  // diagnosis, ask, replay
  | 'diagnosis.start'
  | 'diagnosis.pause'
  | 'diagnosis.abort'
  | 'ask.compose'
  | 'replay.request'
  | 'memory.show'
  // labels
  | 'labels.accept'
  | 'labels.override'
  | 'labels.edit'
  | 'labels.add'
  | 'labels.delete'
  | 'labels.undo'
  | 'labels.redo'
  // export overlay
  | 'export.open'
  | 'export.toggle'
  | 'export.editFolder'
  | 'export.run'
  // overlays
  | 'overlay.close'
  | 'confirm.yes'
  | 'confirm.no'
  // text entry
  | 'edit.submit'
  | 'edit.cancel'
  | 'edit.erase'
  | 'edit.left'
  | 'edit.right'
  | 'edit.home'
  | 'edit.end';

export interface Binding {
  /** Key names as produced by keyName(): 'j', 'G', 'up', 'pagedown', 'enter', 'esc', 'tab', 'shift+tab', 'ctrl+r'. */
  keys: string[];
  command: CommandId;
  description: string;
  context: KeyContext;
  /** context 'pane': the panes where the binding applies (all when absent). */
  panes?: Pane[];
  /** context 'overlay': the overlay it belongs to. */
  overlay?: OverlayKind;
}

const LIST_PANES: Pane[] = ['runs', 'timeline', 'step', 'reasoning', 'labels', 'ask'];

/** A read-only overlay of text (Help, Memory): `close` keys close it, j/k and the arrows scroll it. */
function scrollingOverlayBindings(overlay: OverlayKind, close: string[]): Binding[] {
  return [
    { keys: close, command: 'overlay.close', description: 'close', context: 'overlay', overlay },
    { keys: ['j', 'down'], command: 'nav.down', description: 'scroll down', context: 'overlay', overlay },
    { keys: ['k', 'up'], command: 'nav.up', description: 'scroll up', context: 'overlay', overlay },
  ];
}

export const KEYMAP: readonly Binding[] = [
  // global
  { keys: ['?'], command: 'help.toggle', description: 'help (this screen)', context: 'global' },
  { keys: ['q'], command: 'app.quit', description: 'quit (asks while a diagnosis runs)', context: 'global' },
  { keys: ['ctrl+c'], command: 'app.forceQuit', description: 'quit now', context: 'global' },
  { keys: ['tab'], command: 'focus.next', description: 'next pane', context: 'global' },
  { keys: ['shift+tab'], command: 'focus.prev', description: 'previous pane', context: 'global' },
  { keys: ['1'], command: 'focus.runs', description: 'focus Runs', context: 'global' },
  { keys: ['2'], command: 'focus.timeline', description: 'focus Timeline', context: 'global' },
  { keys: ['3'], command: 'focus.step', description: 'focus Step', context: 'global' },
  { keys: ['4'], command: 'focus.reasoning', description: 'focus Reasoning', context: 'global' },
  { keys: ['5'], command: 'focus.labels', description: 'focus Labels', context: 'global' },
  { keys: ['6'], command: 'focus.ask', description: 'focus Ask', context: 'global' },
  {
    keys: ['/'],
    command: 'search.open',
    description: 'search actions, observations, reasoning',
    context: 'global',
  },
  { keys: ['n'], command: 'search.next', description: 'next match', context: 'global' },
  { keys: ['N'], command: 'search.prev', description: 'previous match', context: 'global' },
  { keys: [':'], command: 'jump.open', description: 'jump to step', context: 'global' },
  { keys: ['t'], command: 'timeline.toggleMode', description: 'timeline: tree / flat', context: 'global' },
  {
    keys: ['d'],
    command: 'diagnosis.start',
    description: 'start diagnosis (heuristic without a key)',
    context: 'global',
  },
  { keys: ['p'], command: 'diagnosis.pause', description: 'pause / resume diagnosis', context: 'global' },
  { keys: ['x'], command: 'diagnosis.abort', description: 'abort diagnosis', context: 'global' },
  { keys: ['a'], command: 'labels.accept', description: 'accept label', context: 'global' },
  { keys: ['o'], command: 'labels.override', description: 'override verdict (cycle)', context: 'global' },
  { keys: ['e'], command: 'labels.edit', description: 'edit label reasoning', context: 'global' },
  { keys: ['+'], command: 'labels.add', description: 'add label on the selected step', context: 'global' },
  { keys: ['D'], command: 'labels.delete', description: 'delete label', context: 'global' },
  { keys: ['u'], command: 'labels.undo', description: 'undo label edit', context: 'global' },
  { keys: ['ctrl+r'], command: 'labels.redo', description: 'redo label edit', context: 'global' },
  { keys: ['E'], command: 'export.open', description: 'export labels as profiles', context: 'global' },
  { keys: ['r'], command: 'replay.request', description: 'replay from the selected step', context: 'global' },
  {
    keys: ['M'],
    command: 'memory.show',
    description: "memory: lessons learned for this run's agent type",
    context: 'global',
  },

  // movement in the focused pane
  { keys: ['j', 'down'], command: 'nav.down', description: 'down', context: 'pane', panes: LIST_PANES },
  { keys: ['k', 'up'], command: 'nav.up', description: 'up', context: 'pane', panes: LIST_PANES },
  { keys: ['g', 'home'], command: 'nav.top', description: 'top', context: 'pane', panes: LIST_PANES },
  { keys: ['G', 'end'], command: 'nav.bottom', description: 'bottom', context: 'pane', panes: LIST_PANES },
  {
    keys: ['pageup', 'ctrl+b'],
    command: 'nav.pageUp',
    description: 'page up',
    context: 'pane',
    panes: LIST_PANES,
  },
  {
    keys: ['pagedown', 'ctrl+f'],
    command: 'nav.pageDown',
    description: 'page down',
    context: 'pane',
    panes: LIST_PANES,
  },
  {
    keys: ['ctrl+u'],
    command: 'nav.halfUp',
    description: 'half page up',
    context: 'pane',
    panes: LIST_PANES,
  },
  {
    keys: ['ctrl+d'],
    command: 'nav.halfDown',
    description: 'half page down',
    context: 'pane',
    panes: LIST_PANES,
  },
  {
    keys: ['enter'],
    command: 'nav.open',
    description: 'open run / show step / go to label',
    context: 'pane',
  },
  { keys: ['/', 'f'], command: 'runs.filter', description: 'filter runs', context: 'pane', panes: ['runs'] },
  { keys: ['R'], command: 'runs.refresh', description: 'rediscover runs', context: 'pane', panes: ['runs'] },
  { keys: ['i'], command: 'ask.compose', description: 'ask about the run', context: 'pane', panes: ['ask'] },

  // overlays
  ...scrollingOverlayBindings('help', ['esc', 'q', '?']),
  ...scrollingOverlayBindings('memory', ['esc', 'q', 'M']),
  {
    keys: ['y', 'enter'],
    command: 'confirm.yes',
    description: 'yes',
    context: 'overlay',
    overlay: 'confirm',
  },
  { keys: ['n', 'esc'], command: 'confirm.no', description: 'no', context: 'overlay', overlay: 'confirm' },
  {
    keys: ['j', 'down'],
    command: 'nav.down',
    description: 'next row',
    context: 'overlay',
    overlay: 'export',
  },
  {
    keys: ['k', 'up'],
    command: 'nav.up',
    description: 'previous row',
    context: 'overlay',
    overlay: 'export',
  },
  {
    keys: ['space', 'x'],
    command: 'export.toggle',
    description: 'toggle profile',
    context: 'overlay',
    overlay: 'export',
  },
  {
    keys: ['e'],
    command: 'export.editFolder',
    description: 'edit target folder',
    context: 'overlay',
    overlay: 'export',
  },
  { keys: ['enter'], command: 'export.run', description: 'export', context: 'overlay', overlay: 'export' },
  { keys: ['esc'], command: 'overlay.close', description: 'cancel', context: 'overlay', overlay: 'export' },

  // text entry (search, jump, filter, reasoning, ask, export folder)
  { keys: ['enter'], command: 'edit.submit', description: 'done', context: 'editing' },
  { keys: ['esc'], command: 'edit.cancel', description: 'cancel', context: 'editing' },
  { keys: ['backspace'], command: 'edit.erase', description: 'erase left', context: 'editing' },
  { keys: ['left'], command: 'edit.left', description: 'caret left', context: 'editing' },
  { keys: ['right'], command: 'edit.right', description: 'caret right', context: 'editing' },
  { keys: ['home', 'ctrl+a'], command: 'edit.home', description: 'caret to start', context: 'editing' },
  { keys: ['end', 'ctrl+e'], command: 'edit.end', description: 'caret to end', context: 'editing' },
];

// ---------------------------------------------------------------- key decoding

/** The subset of Ink's Key we read (declared here so src/ never imports ink). */
export interface KeyInfo {
  upArrow?: boolean;
  downArrow?: boolean;
  leftArrow?: boolean;
  rightArrow?: boolean;
  pageUp?: boolean;
  pageDown?: boolean;
  home?: boolean;
  end?: boolean;
  return?: boolean;
  escape?: boolean;
  ctrl?: boolean;
  shift?: boolean;
  tab?: boolean;
  backspace?: boolean;
  delete?: boolean;
  meta?: boolean;
}

/** One name per key press ('j', 'G', 'down', 'ctrl+r', 'shift+tab'); null when nothing usable. */
export function keyName(input: string, key: KeyInfo): string | null {
  if (key.upArrow) return 'up';
  if (key.downArrow) return 'down';
  if (key.leftArrow) return 'left';
  if (key.rightArrow) return 'right';
  if (key.pageUp) return 'pageup';
  if (key.pageDown) return 'pagedown';
  if (key.home) return 'home';
  if (key.end) return 'end';
  if (key.return) return 'enter';
  if (key.escape) return 'esc';
  if (key.tab) return key.shift ? 'shift+tab' : 'tab';
  // Ink 6 reports the physical Backspace (\x7f) as delete.
  if (key.backspace || key.delete) return 'backspace';
  if (key.ctrl && input) return `ctrl+${input.toLowerCase()}`;
  if (input === ' ') return 'space';
  if (input === '\t') return 'tab';
  if (input === '\r' || input === '\n') return 'enter';
  return input ? input : null;
}

// ---------------------------------------------------------------- routing

export interface CommandCall {
  id: CommandId;
}

/** What a key press means: a pure UI action to dispatch, or a command for the controller. */
export type Routed = { kind: 'action'; action: Action } | { kind: 'command'; command: CommandCall } | null;

const INDEX = buildIndex();

function buildIndex() {
  const global = new Map<string, CommandId>();
  const pane = new Map<Pane, Map<string, CommandId>>();
  const overlay = new Map<OverlayKind, Map<string, CommandId>>();
  const editing = new Map<string, CommandId>();
  for (const b of KEYMAP) {
    for (const k of b.keys) {
      if (b.context === 'global') global.set(k, b.command);
      else if (b.context === 'editing') editing.set(k, b.command);
      else if (b.context === 'overlay' && b.overlay) {
        const m = overlay.get(b.overlay) ?? new Map<string, CommandId>();
        m.set(k, b.command);
        overlay.set(b.overlay, m);
      } else if (b.context === 'pane') {
        for (const p of b.panes ?? ['runs', 'timeline', 'step', 'reasoning', 'labels', 'ask']) {
          const m = pane.get(p) ?? new Map<string, CommandId>();
          m.set(k, b.command);
          pane.set(p, m);
        }
      }
    }
  }
  return { global, pane, overlay, editing };
}

/** Route one key press. Pure: reads state, returns what to do; never dispatches. */
export function routeKey(state: AppState, input: string, key: KeyInfo): Routed {
  const name = keyName(input, key);
  if (name === null) return null;
  if (name === 'ctrl+c') return toRouted(state, 'app.forceQuit');

  if (state.editing) {
    const id = INDEX.editing.get(name);
    if (id) return toRouted(state, id);
    // Printable text (a paste arrives as one input string); control keys are ignored.
    if (!key.ctrl && !key.meta && input && !/[\x00-\x1f\x7f]/.test(input)) {
      return { kind: 'action', action: { type: 'edit/input', text: input } };
    }
    return null;
  }

  const top = selectTopOverlay(state);
  if (top) {
    const id = INDEX.overlay.get(top.kind)?.get(name);
    // A modal overlay swallows every other key.
    return id ? toRouted(state, id) : null;
  }

  const id = INDEX.pane.get(state.focus)?.get(name) ?? INDEX.global.get(name);
  return id ? toRouted(state, id) : null;
}

const MOVES: Partial<Record<CommandId, Move>> = {
  'nav.up': 'up',
  'nav.down': 'down',
  'nav.top': 'top',
  'nav.bottom': 'bottom',
  'nav.pageUp': 'pageUp',
  'nav.pageDown': 'pageDown',
  'nav.halfUp': 'halfUp',
  'nav.halfDown': 'halfDown',
};

const FOCUS: Partial<Record<CommandId, Pane>> = {
  'focus.runs': 'runs',
  'focus.timeline': 'timeline',
  'focus.step': 'step',
  'focus.reasoning': 'reasoning',
  'focus.labels': 'labels',
  'focus.ask': 'ask',
};

/** Pure UI commands become actions; everything else goes to the controller. */
export function commandAction(state: AppState, id: CommandId): Action | null {
  const move = MOVES[id];
  if (move) {
    const top = selectTopOverlay(state);
    if (top?.kind === 'help' || top?.kind === 'memory') {
      return {
        type: 'overlay/update',
        overlay: { ...top, scroll: Math.max(0, top.scroll + (move === 'up' ? -1 : 1)) },
      };
    }
    if (top?.kind === 'export') {
      const row = Math.max(0, Math.min(3, top.row + (move === 'up' ? -1 : 1)));
      return { type: 'overlay/update', overlay: { ...top, row } };
    }
    switch (state.focus) {
      case 'runs':
        return { type: 'runs/move', move };
      case 'timeline':
        return { type: 'timeline/move', move };
      case 'step':
        return { type: 'step/scroll', move };
      case 'reasoning':
        return { type: 'reasoning/scroll', move };
      case 'labels':
        return { type: 'labels/move', move };
      case 'ask':
        return { type: 'ask/scroll', move };
    }
  }
  const pane = FOCUS[id];
  if (pane) return { type: 'focus/set', pane };
  switch (id) {
    case 'focus.next':
      return { type: 'focus/cycle', delta: 1 };
    case 'focus.prev':
      return { type: 'focus/cycle', delta: -1 };
    case 'help.toggle':
      return selectTopOverlay(state)?.kind === 'help'
        ? { type: 'overlay/close' }
        : { type: 'overlay/open', overlay: { kind: 'help', scroll: 0 } };
    case 'overlay.close':
    case 'confirm.no':
      return { type: 'overlay/close' };
    case 'search.open':
      return {
        type: 'batch',
        actions: [
          { type: 'overlay/open', overlay: { kind: 'search' } },
          { type: 'edit/begin', target: 'search', text: state.search.query },
        ],
      };
    case 'jump.open':
      return {
        type: 'batch',
        actions: [
          { type: 'overlay/open', overlay: { kind: 'jump' } },
          { type: 'edit/begin', target: 'jump' },
        ],
      };
    case 'search.next':
      return { type: 'search/next', delta: 1 };
    case 'search.prev':
      return { type: 'search/next', delta: -1 };
    case 'timeline.toggleMode':
      return { type: 'timeline/mode' };
    case 'runs.filter':
      return { type: 'edit/begin', target: 'filter', text: state.runsFilter };
    case 'edit.erase':
      return { type: 'edit/erase' };
    case 'edit.left':
      return { type: 'edit/caret', move: 'left' };
    case 'edit.right':
      return { type: 'edit/caret', move: 'right' };
    case 'edit.home':
      return { type: 'edit/caret', move: 'home' };
    case 'edit.end':
      return { type: 'edit/caret', move: 'end' };
    case 'edit.cancel':
      return { type: 'edit/cancel' };
    case 'ask.compose':
      return state.selectedRun === null ? null : { type: 'edit/begin', target: 'ask' };
    case 'app.quit':
      // Quitting with a diagnosis running asks first; otherwise the controller quits (it flushes state).
      return selectAnyDiagnosisActive(state)
        ? {
            type: 'overlay/open',
            overlay: {
              kind: 'confirm',
              target: 'quit',
              message: 'A diagnosis is running. Quit anyway? (y/n)',
            },
          }
        : null;
    default:
      return null;
  }
}

function toRouted(state: AppState, id: CommandId): Routed {
  const action = commandAction(state, id);
  return action ? { kind: 'action', action } : { kind: 'command', command: { id } };
}

// ---------------------------------------------------------------- help text

export interface HelpLine {
  keys: string;
  description: string;
}

export interface HelpSection {
  title: string;
  lines: HelpLine[];
}

const KEY_LABELS: Record<string, string> = {
  up: '↑',
  down: '↓',
  left: '←',
  right: '→',
  pageup: 'PgUp',
  pagedown: 'PgDn',
  home: 'Home',
  end: 'End',
  enter: 'Enter',
  esc: 'Esc',
  tab: 'Tab',
  'shift+tab': 'Shift-Tab',
  backspace: 'Backspace',
  space: 'Space',
};

export function keyLabel(k: string): string {
  if (KEY_LABELS[k]) return KEY_LABELS[k];
  if (k.startsWith('ctrl+')) return `Ctrl-${k.slice(5)}`;
  return k;
}

/** The help overlay, generated from KEYMAP (so it can never disagree with routing). */
export function helpSections(): HelpSection[] {
  const line = (b: Binding): HelpLine => ({
    keys: b.keys.map(keyLabel).join(' '),
    description: b.description,
  });
  const sections: HelpSection[] = [];
  const add = (title: string, bs: Binding[]) => {
    if (bs.length) sections.push({ title, lines: bs.map(line) });
  };
  const labels = (b: Binding) => b.command.startsWith('labels.');
  const diag = (b: Binding) => /^(diagnosis|replay|export|memory)\./.test(b.command);
  const globals = KEYMAP.filter((b) => b.context === 'global');
  add(
    'Navigation (focused pane)',
    KEYMAP.filter((b) => b.context === 'pane' && b.command.startsWith('nav.')),
  );
  add(
    'Panes and app',
    globals.filter((b) => !labels(b) && !diag(b)),
  );
  add(
    'Runs and Ask panes',
    KEYMAP.filter((b) => b.context === 'pane' && !b.command.startsWith('nav.')),
  );
  add('Diagnosis', globals.filter(diag));
  add('Labels', globals.filter(labels));
  add(
    'Text entry',
    KEYMAP.filter((b) => b.context === 'editing'),
  );
  for (const kind of ['export', 'confirm', 'help', 'memory'] as const) {
    add(
      `${kind[0].toUpperCase()}${kind.slice(1)} overlay`,
      KEYMAP.filter((b) => b.overlay === kind),
    );
  }
  return sections;
}

/** The help as plain text lines (for a simple overlay or `--help-keys`). */
export function helpText(): string[] {
  const out: string[] = [];
  for (const s of helpSections()) {
    out.push(s.title);
    const w = Math.max(...s.lines.map((l) => l.keys.length));
    for (const l of s.lines) out.push(`  ${l.keys.padEnd(w)}  ${l.description}`);
    out.push('');
  }
  return out;
}
