// The user's editor ($VISUAL / $EDITOR) on a temporary file, for `codetracer memory edit`. The one
// place the CLI starts a process, and only on the user's explicit command (see test/llm/no-shell.test.ts).
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { CodetracerError } from '../core/io/errors.js';

/** The text after the user edited it; throws when no editor is set or it exits with an error. */
export function editText(text: string, env: NodeJS.ProcessEnv, name = 'memory.txt'): string {
  const editor = env.VISUAL?.trim() || env.EDITOR?.trim();
  if (!editor) throw new CodetracerError('usage', 'set $EDITOR (or $VISUAL)');
  const dir = mkdtempSync(path.join(os.tmpdir(), 'ct-edit-'));
  const file = path.join(dir, name);
  try {
    writeFileSync(file, text);
    // Through the shell, so EDITOR="code --wait" works as it does for git.
    const r = spawnSync(`${editor} "${file}"`, { shell: true, stdio: 'inherit', env });
    if (r.status !== 0) throw new CodetracerError('usage', `the editor exited with ${r.status ?? r.signal}`);
    return readFileSync(file, 'utf8');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
