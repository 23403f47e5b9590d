// File edits of a SWE-agent step, from its structured tool-call arguments (1.x function calling) or from the
// command line of the 0.x editing commands (`edit N:M` ... `end_of_edit`, `create <file>`, `insert N`).
// The file a windowed `edit` changes is the open file, which the step's state (taken after the action) names.
import type { FileEdit } from '../../model/trajectory.js';
import { asObj, asString } from '../shared/access.js';
import { displayToolCall } from '../shared/tool-display.js';

export interface EditContext {
  openFile: string | null;
  workingDir: string | null;
}

function resolve(p: string, ctx: EditContext): string {
  if (p.startsWith('/') || !ctx.workingDir) return p;
  return `${ctx.workingDir.replace(/\/+$/, '')}/${p.replace(/^\.\//, '')}`;
}

/** Edits from a tool call's arguments (str_replace_editor, edit with search/replace, create, insert). */
export function editsFromToolCall(name: string, args: unknown, ctx: EditContext): FileEdit[] {
  const a = asObj(args);
  if (!a) return [];
  // The shared editor reader knows str_replace_editor (create / str_replace / insert / undo_edit).
  if (name === 'str_replace_editor' || name === 'edit_file') return displayToolCall(name, a).edits;
  if (name === 'edit' && ctx.openFile && typeof a.search === 'string') {
    return [{ path: ctx.openFile, kind: 'replace', oldText: a.search, newText: asString(a.replace) ?? '' }];
  }
  if (name === 'create' && typeof a.filename === 'string') {
    return [{ path: resolve(a.filename, ctx), kind: 'create', newText: '' }];
  }
  return [];
}

/** Edits from a 0.x command line. */
export function editsFromCommand(action: string, ctx: EditContext): FileEdit[] {
  const lineEdit = /^edit\s+(\d+):(\d+)\n([\s\S]*?)\n?end_of_edit\s*$/.exec(action.trim());
  if (lineEdit && ctx.openFile) {
    return [
      { path: ctx.openFile, kind: 'replace', oldText: null, newText: lineEdit[3], line: Number(lineEdit[1]) },
    ];
  }
  const insert = /^insert\s+(\d+)\n([\s\S]*?)\n?end_of_insert\s*$/.exec(action.trim());
  if (insert && ctx.openFile) {
    return [{ path: ctx.openFile, kind: 'insert', newText: insert[2], line: Number(insert[1]) }];
  }
  const create = /^create\s+(\S+)\s*$/.exec(action.trim());
  if (create)
    return [{ path: resolve(create[1].replace(/^["']|["']$/g, ''), ctx), kind: 'create', newText: '' }];
  return [];
}
