// The diagnosis log as wrapped lines: thoughts muted, tool calls and results in brief, labels, notices.
import type { LogEntry } from '../../src/controller/state.js';
import { blockLines, type Line, type Tone } from './lines.js';

const PREFIX: Record<LogEntry['kind'], [string, Tone]> = {
  reasoning: ['', 'muted'],
  text: ['', 'text'],
  tool_call: ['→ ', 'accent'],
  tool_result: ['← ', 'muted'],
  label: ['✎ ', 'hunk'],
  compaction: ['⟳ ', 'hunk'],
  retry: ['↻ ', 'muted'],
  warning: ['! ', 'hunk'],
  error: ['✗ ', 'error'],
  info: ['· ', 'muted'],
};

/** Longest text of one entry shown (tool results are previews anyway). */
const ENTRY_MAX_LINES = 400;

export function logLines(log: readonly LogEntry[], width: number): Line[] {
  const out: Line[] = [];
  let call = -1;
  for (const e of log) {
    if (e.call !== call && e.call > 0) {
      out.push({ text: `── call ${e.call} ──`, tone: 'muted' });
      call = e.call;
    }
    const [prefix, tone] = PREFIX[e.kind];
    // Thoughts and answers are prose; tool arguments and results keep their exact layout.
    const prose = e.kind === 'reasoning' || e.kind === 'text' || e.kind === 'label';
    out.push(...blockLines(prefix + e.text.trim(), width, tone, ENTRY_MAX_LINES, prose));
  }
  return out;
}
