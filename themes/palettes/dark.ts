// Dark terminals: bright foregrounds, muted grey for secondary text.
import type { Theme } from '../types.js';

export const darkTheme: Theme = {
  name: 'dark',
  color: true,
  text: undefined,
  muted: 'gray',
  border: 'gray',
  borderFocus: 'cyan',
  accent: 'cyan',
  selection: 'blue',
  selectionText: 'white',
  verdict: { incorrect: 'red', unuseful: 'yellow', correct: 'green' },
  kind: { change: 'magenta', explore: 'blue' },
  diff: { added: 'green', removed: 'red', hunk: 'cyan' },
  status: { error: 'red', info: 'cyan', warn: 'yellow' },
  stageBands: ['blue', 'magenta', 'cyan', 'green', 'yellow'],
};
