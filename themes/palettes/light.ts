// Light terminals: darker hues so text stays readable on white.
import type { Theme } from '../types.js';

export const lightTheme: Theme = {
  name: 'light',
  color: true,
  text: undefined,
  muted: '#6b6b6b',
  border: '#9a9a9a',
  borderFocus: '#005fd7',
  accent: '#005fd7',
  selection: '#d0e4ff',
  selectionText: 'black',
  verdict: { incorrect: '#c00000', unuseful: '#a05a00', correct: '#007a00' },
  kind: { change: '#8700af', explore: '#005f87' },
  diff: { added: '#007a00', removed: '#c00000', hunk: '#005f87' },
  status: { error: '#c00000', info: '#005f87', warn: '#a05a00' },
  stageBands: ['#005fd7', '#8700af', '#008787', '#5f8700', '#af5f00'],
};
