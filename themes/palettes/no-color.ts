// NO_COLOR (https://no-color.org): every token undefined; the view marks focus and selection with
// bold, inverse and glyphs instead.
import type { Theme } from '../types.js';

export const noColorTheme: Theme = {
  name: 'no-color',
  color: false,
  text: undefined,
  muted: undefined,
  border: undefined,
  borderFocus: undefined,
  accent: undefined,
  selection: undefined,
  selectionText: undefined,
  verdict: { incorrect: undefined, unuseful: undefined, correct: undefined },
  kind: { change: undefined, explore: undefined },
  diff: { added: undefined, removed: undefined, hunk: undefined },
  status: { error: undefined, info: undefined, warn: undefined },
  stageBands: [undefined],
};
