// Text prepared for a fixed-width, line-windowed view: hard-wrapped to the pane width and capped, so a
// 5 MB observation never reaches Ink as one string. Tones are semantic; the view maps them to colours.
import { stripAnsi } from '../../src/core/formats/shared/text.js';

export type Tone = 'heading' | 'text' | 'muted' | 'added' | 'removed' | 'hunk' | 'error' | 'accent';

export interface Line {
  text: string;
  tone: Tone;
}

/** Most wrapped lines kept from one block (the rest is counted in a note). */
export const MAX_BLOCK_LINES = 4000;

/** Tabs to spaces and control characters out: Ink measures printable text only. */
function clean(s: string): string {
  // eslint-disable-next-line no-control-regex
  return stripAnsi(s)
    .replace(/\t/g, '    ')
    .replace(/[\x00-\x08\x0b-\x1f\x7f]/g, '');
}

/** Hard-wrap one logical line to `width` code points (no word breaking: source text and logs). */
export function wrapLine(line: string, width: number): string[] {
  const w = Math.max(1, width);
  const cps = Array.from(line);
  if (cps.length <= w) return [line];
  const out: string[] = [];
  for (let i = 0; i < cps.length; i += w) out.push(cps.slice(i, i + w).join(''));
  return out;
}

/** Wrap prose at spaces (a word longer than the width is still cut). */
export function wrapWords(line: string, width: number): string[] {
  const w = Math.max(1, width);
  if (Array.from(line).length <= w) return [line];
  const out: string[] = [];
  let rest = line;
  while (Array.from(rest).length > w) {
    const head = Array.from(rest)
      .slice(0, w + 1)
      .join('');
    const cut = head.lastIndexOf(' ');
    if (cut > w / 3) {
      out.push(rest.slice(0, cut));
      rest = rest.slice(cut + 1);
    } else {
      const hard = Array.from(rest).slice(0, w).join('');
      out.push(hard);
      rest = rest.slice(hard.length);
    }
  }
  if (rest) out.push(rest);
  return out;
}

/** Wrap a block of text into tone-tagged lines, at most `max` of them plus a note saying what was cut. */
export function blockLines(
  text: string,
  width: number,
  tone: Tone = 'text',
  max = MAX_BLOCK_LINES,
  prose = false,
): Line[] {
  const wrap = prose ? wrapWords : wrapLine;
  const out: Line[] = [];
  const src = clean(text).split(/\r?\n/);
  let i = 0;
  for (; i < src.length && out.length < max; i++) {
    for (const part of wrap(src[i], width)) out.push({ text: part, tone });
  }
  if (i < src.length) out.push({ text: `… ${src.length - i} more lines not shown`, tone: 'muted' });
  else if (out.length > max) {
    const extra = out.length - max;
    out.length = max;
    out.push({ text: `… ${extra} more wrapped lines not shown`, tone: 'muted' });
  }
  return out;
}
