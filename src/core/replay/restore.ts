// Restoring the state before the breakpoint: re-apply the earlier steps' file edits in order, then
// (only when the user agrees) run the state-changing commands CodeTracer could not re-create.
import type { FileEdit } from '../model/trajectory.js';
import type { ReplayEnvironment } from './environment.js';
import type { RestoreCommand, RestoreEdit, RestoreResult } from './types.js';

/** Asked once with every command that cannot be re-created; true runs them all. */
export type ConfirmCommands = (commands: RestoreCommand[]) => Promise<boolean>;

function insertAt(text: string, line: number | undefined, add: string): string | null {
  if (line === undefined) return null;
  const lines = text.split('\n');
  if (line < 0 || line > lines.length) return null;
  const piece = add.endsWith('\n') ? add.slice(0, -1) : add;
  lines.splice(line, 0, piece);
  return lines.join('\n');
}

/** The file's new content, or a reason the edit cannot be applied. */
function applyOne(edit: FileEdit, before: string | null): { text: string } | { skip: string } {
  switch (edit.kind) {
    case 'create':
    case 'write':
      return edit.newText === null || edit.newText === undefined
        ? { skip: 'no content recorded' }
        : { text: edit.newText };
    case 'replace': {
      if (before === null) return { skip: 'file not found' };
      if (edit.oldText === null || edit.oldText === undefined || edit.oldText === '')
        return { skip: 'no old text recorded' };
      const at = before.indexOf(edit.oldText);
      if (at === -1) return { skip: 'old text not found in the file' };
      return { text: before.slice(0, at) + (edit.newText ?? '') + before.slice(at + edit.oldText.length) };
    }
    case 'insert': {
      if (before === null) return { skip: 'file not found' };
      const text = insertAt(before, edit.line, edit.newText ?? '');
      return text === null ? { skip: 'no usable line number recorded' } : { text };
    }
    default:
      return { skip: `a ${edit.kind} edit cannot be re-applied` };
  }
}

export async function applyEdits(
  env: ReplayEnvironment,
  edits: RestoreEdit[],
  onResult: (r: RestoreResult) => void = () => undefined,
): Promise<RestoreResult[]> {
  const results: RestoreResult[] = [];
  // Contents before each applied edit, per file, so a later undo_edit can be replayed too.
  const history = new Map<string, (string | null)[]>();
  const report = (r: RestoreResult) => {
    results.push(r);
    onResult(r);
  };
  for (const { stepId, edit } of edits) {
    const what = `${edit.kind} ${edit.path}`;
    const target = await env.locate(edit.path, edit.kind === 'create' || edit.kind === 'write');
    if (target === null) {
      report({ stepId, what, ok: false, note: 'no such file in the workspace' });
      continue;
    }
    try {
      if (edit.kind === 'undo') {
        const prev = history.get(target)?.pop();
        if (prev === undefined || prev === null) {
          report({ stepId, what, ok: false, note: 'nothing re-applied to undo' });
          continue;
        }
        await env.writeFile(target, prev);
        report({ stepId, what, ok: true, note: target });
        continue;
      }
      const before = await env.readFile(target);
      const r = applyOne(edit, before);
      if ('skip' in r) {
        report({ stepId, what, ok: false, note: r.skip });
        continue;
      }
      await env.writeFile(target, r.text);
      history.set(target, [...(history.get(target) ?? []), before]);
      report({ stepId, what, ok: true, note: target });
    } catch (e) {
      report({ stepId, what, ok: false, note: (e as Error).message.split('\n')[0] });
    }
  }
  return results;
}

export async function runRestoreCommands(
  env: ReplayEnvironment,
  commands: RestoreCommand[],
  confirm: ConfirmCommands,
  timeoutMs: number,
  onResult: (r: RestoreResult) => void = () => undefined,
): Promise<RestoreResult[]> {
  if (!commands.length) return [];
  const yes = await confirm(commands);
  const results: RestoreResult[] = [];
  for (const c of commands) {
    const what = `command: ${c.command.split('\n', 1)[0]}`;
    let r: RestoreResult;
    if (!yes) r = { stepId: c.stepId, what, ok: false, note: 'not run (not confirmed)' };
    else {
      const x = await env.run(c.command, { timeoutMs });
      r = {
        stepId: c.stepId,
        what,
        ok: x.exitCode === 0,
        note: x.timedOut ? 'timed out' : x.exitCode === 0 ? 'ran' : `exit ${x.exitCode ?? x.spawnError}`,
      };
    }
    results.push(r);
    onResult(r);
  }
  return results;
}
