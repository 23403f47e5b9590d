// A file edit as a unified diff (the `diff` package), tone-tagged for colouring.
import { structuredPatch } from 'diff';
import type { FileEdit } from '../../src/core/model/trajectory.js';
import { blockLines, wrapLine, type Line } from './lines.js';

/** Edits whose old text is unknown (a `write` of a whole file) show as all-added. */
export function editDiffLines(edit: FileEdit, width: number): Line[] {
  const out: Line[] = [
    { text: `${edit.kind} ${edit.path}${edit.line ? `:${edit.line}` : ''}`, tone: 'heading' },
  ];
  if (edit.kind === 'delete') return [...out, { text: '(file deleted)', tone: 'removed' }];
  if (edit.kind === 'undo') return [...out, { text: '(last edit undone)', tone: 'muted' }];
  const oldText = edit.oldText ?? '';
  const newText = edit.newText ?? '';
  if (!oldText && !newText) return [...out, { text: '(no text recorded)', tone: 'muted' }];
  const patch = structuredPatch(edit.path, edit.path, ensureNl(oldText), ensureNl(newText), '', '', {
    context: 3,
  });
  for (const h of patch.hunks) {
    const base = edit.line && edit.kind !== 'create' && edit.kind !== 'write' ? edit.line - 1 : 0;
    out.push({
      text: `@@ -${h.oldStart + base},${h.oldLines} +${h.newStart + base},${h.newLines} @@`,
      tone: 'hunk',
    });
    for (const l of h.lines) {
      if (l.startsWith('\\')) continue; // "\ No newline at end of file"
      const tone = l[0] === '+' ? 'added' : l[0] === '-' ? 'removed' : 'text';
      for (const part of wrapLine(l.replace(/\t/g, '    '), width)) out.push({ text: part, tone });
    }
  }
  if (patch.hunks.length === 0) out.push(...blockLines('(no change)', width, 'muted'));
  return out;
}

function ensureNl(s: string): string {
  return s === '' || s.endsWith('\n') ? s : s + '\n';
}
