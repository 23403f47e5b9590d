// Showing Terminus keystrokes readably: what was typed, with keys that have no glyph shown by name.
import type { TerminusCommand } from './response.js';

const NAMED: Record<number, string> = { 0x1b: 'Escape', 0x7f: 'BSpace', 0x0d: 'Enter', 0x09: 'Tab' };

function keyName(code: number): string {
  if (NAMED[code]) return NAMED[code];
  if (code < 0x20) return `C-${String.fromCharCode(code + 0x60)}`;
  return `0x${code.toString(16)}`;
}

/**
 * One command as typed. A final newline means "press Enter" and is dropped; other control characters
 * become <C-c>, <Escape>, ... (tmux key names sent as text, like "C-c", are already readable). Tabs inside
 * heredocs stay as they are.
 */
export function showKeystrokes(k: string): string {
  if (k === '') return '';
  if (k === '\n' || k === '\r' || k === '\r\n') return '<Enter>';
  let body = k.replace(/\r?\n$/, '');
  body = body.replace(/\r\n/g, '\n');
  // eslint-disable-next-line no-control-regex
  return body.replace(/[\x00-\x08\x0b-\x1f\x7f]/g, (c) => `<${keyName(c.charCodeAt(0))}>`);
}

/** Display text of a whole command batch: one command per line (multi-line commands stay multi-line). */
export function showCommands(cmds: TerminusCommand[]): string {
  return cmds
    .map((c) => {
      const shown = showKeystrokes(c.keystrokes);
      if (shown !== '') return shown;
      const wait = c.args.duration ?? c.args.timeout_sec;
      return typeof wait === 'number' ? `(wait ${wait}s)` : '(no keys)';
    })
    .join('\n');
}
