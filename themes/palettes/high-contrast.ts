// High contrast: only the bright basic colours, white text, no greys that fade on poor displays.
import type { Theme } from '../types.js';

export const highContrastTheme: Theme = {
  name: 'high-contrast',
  color: true,
  text: 'whiteBright',
  muted: 'white',
  border: 'white',
  borderFocus: 'yellowBright',
  accent: 'yellowBright',
  selection: 'yellowBright',
  selectionText: 'black',
  verdict: { incorrect: 'redBright', unuseful: 'yellowBright', correct: 'greenBright' },
  kind: { change: 'magentaBright', explore: 'cyanBright' },
  diff: { added: 'greenBright', removed: 'redBright', hunk: 'cyanBright' },
  status: { error: 'redBright', info: 'cyanBright', warn: 'yellowBright' },
  stageBands: ['cyanBright', 'magentaBright', 'greenBright', 'yellowBright', 'blueBright'],
};
