// Key hints for the status bar: which commands to mention per pane is a view choice, the keys come from
// the keymap table so a hint can never name a key that does something else.
import { KEYMAP, keyLabel, type CommandId } from '../../src/controller/keymap.js';
import type { Pane } from '../../src/controller/state.js';

const SHORT: Partial<Record<CommandId, string>> = {
  'nav.open': 'open',
  'runs.filter': 'filter',
  'search.open': 'search',
  'jump.open': 'jump',
  'timeline.toggleMode': 'tree',
  'diagnosis.start': 'diagnose',
  'diagnosis.pause': 'pause',
  'diagnosis.abort': 'abort',
  'labels.accept': 'accept',
  'labels.override': 'override',
  'labels.add': 'label',
  'labels.edit': 'edit',
  'labels.delete': 'delete',
  'labels.undo': 'undo',
  'ask.compose': 'ask',
  'export.open': 'export',
};

const PER_PANE: Record<Pane, CommandId[]> = {
  runs: ['nav.open', 'runs.filter', 'diagnosis.start'],
  timeline: ['search.open', 'jump.open', 'timeline.toggleMode', 'diagnosis.start', 'labels.add'],
  step: ['labels.accept', 'labels.override', 'labels.add', 'search.open'],
  reasoning: ['diagnosis.start', 'diagnosis.pause', 'diagnosis.abort'],
  labels: ['labels.accept', 'labels.override', 'labels.edit', 'labels.delete', 'labels.undo', 'export.open'],
  ask: ['ask.compose'],
};

/** The key (as shown) that runs `id` in `pane`, e.g. keysFor('runs.filter', 'runs') === '/'. */
export function keysFor(id: CommandId, pane: Pane): string {
  const b = bindingFor(id, pane);
  return b ? keyLabel(b.keys[0]) : '?';
}

function bindingFor(id: CommandId, pane: Pane) {
  return (
    KEYMAP.find((x) => x.command === id && x.context === 'pane' && (!x.panes || x.panes.includes(pane))) ??
    KEYMAP.find((x) => x.command === id && x.context === 'global')
  );
}

/** The hinted commands of a pane with the raw key name that triggers each. */
export function hintBindings(pane: Pane): { id: CommandId; key: string }[] {
  const out: { id: CommandId; key: string }[] = [];
  for (const id of PER_PANE[pane]) {
    const b = bindingFor(id, pane);
    if (b) out.push({ id, key: b.keys[0] });
  }
  return out;
}

export function hintsFor(pane: Pane): string {
  return hintBindings(pane)
    .map(({ id, key }) => `${keyLabel(key)} ${SHORT[id] ?? id}`)
    .join(' · ');
}

/** The first key of a command, as shown to people ('d', 'Enter', '+'), for texts that name a key. */
export function keyFor(id: CommandId): string {
  const b = KEYMAP.find((x) => x.command === id && x.context !== 'overlay' && x.context !== 'editing');
  return b ? keyLabel(b.keys[0]) : '?';
}
