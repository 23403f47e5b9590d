// Text shapes shared by the tools: one-line step rows and paging.
import type { Step } from '../../../model/trajectory.js';
import type { ToolContext } from '../context.js';

export function clip(s: string, max: number): string {
  const t = s.replace(/\s+/g, ' ').trim();
  return t.length > max ? t.slice(0, max - 1) + '…' : t;
}

export function firstLineOf(s: string | null | undefined, max: number): string {
  if (!s) return '';
  const t = s.trim();
  const nl = t.indexOf('\n');
  return clip(nl === -1 ? t : t.slice(0, nl), max);
}

/** "[12] change bash exit=1: pytest tests/ → FAILED test_x" */
export function stepRow(ctx: ToolContext, s: Step, actionChars = 110, obsChars = 70): string {
  const kind = ctx.kinds.get(s.id) ?? 'explore';
  const tool = s.tool ? ` ${s.tool}` : '';
  const exit =
    s.exitCode !== undefined && s.exitCode !== null && s.exitCode !== 0 ? ` exit=${s.exitCode}` : '';
  const label = ctx.state.labels.get(s.id);
  const mark = label ? ` [labelled ${label.verdict}]` : '';
  const obs = obsChars > 0 && s.observation ? ` → ${firstLineOf(s.observation, obsChars)}` : '';
  return `[${s.id}] ${kind}${tool}${exit}${mark}: ${firstLineOf(s.action, actionChars) || '(empty action)'}${obs}`;
}

/** Split text into pages of about `size` characters, cutting at line ends when one is near. */
export function paginate(text: string, size: number): string[] {
  if (text.length <= size) return [text];
  const pages: string[] = [];
  let i = 0;
  while (i < text.length) {
    let end = Math.min(text.length, i + size);
    if (end < text.length) {
      const nl = text.lastIndexOf('\n', end);
      if (nl > i + size * 0.6) end = nl + 1;
    }
    pages.push(text.slice(i, end));
    i = end;
  }
  return pages;
}

/** "page 2 of 5" and how to get the next one. */
export function pageFooter(page: number, count: number, call: string): string {
  if (count <= 1) return '';
  return page < count
    ? `\n[page ${page} of ${count}; call ${call} with page=${page + 1} for more]`
    : `\n[page ${page} of ${count}; last page]`;
}
