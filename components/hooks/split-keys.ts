// Ink hands a burst of plain keys (fast typing, a terminal multiplexer, a paste) to useInput as one
// string. Commands need one key at a time, so such a chunk is split into single key presses; plain
// text typed into an input field stays one piece.
import type { KeyInfo } from '../../src/controller/keymap.js';

export type KeyPress = [input: string, key: KeyInfo];

function keyOf(ch: string): KeyPress {
  const c = ch.codePointAt(0) ?? 0;
  if (ch === '\r' || ch === '\n') return ['', { return: true }];
  if (ch === '\t') return ['', { tab: true }];
  if (ch === '\x7f') return ['', { delete: true }];
  if (ch === '\b') return ['', { backspace: true }];
  // Ctrl-A .. Ctrl-Z arrive as 0x01 .. 0x1a.
  if (c >= 1 && c <= 26) return [String.fromCharCode(c + 96), { ctrl: true }];
  return [ch, ch !== ch.toLowerCase() ? { shift: true } : {}];
}

export function splitKeys(input: string, key: KeyInfo, editing: boolean): KeyPress[] {
  const cps = Array.from(input);
  if (cps.length <= 1 || input.startsWith('\x1b') || key.ctrl || key.meta) return [[input, key]];
  // eslint-disable-next-line no-control-regex
  if (editing && !/[\x00-\x1f\x7f]/.test(input)) return [[input, key]];
  return cps.map(keyOf);
}
