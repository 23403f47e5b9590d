// Re-applying the earlier steps' edits in a host workspace: replace / insert / create / write / undo in
// order, the run's absolute paths mapped onto the workspace, and nothing written outside it.
import {
  mkdirSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  symlinkSync,
  writeFileSync,
  existsSync,
} from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { hostEnvironment } from '../../src/core/replay/environment.js';
import { applyEdits } from '../../src/core/replay/restore.js';
import type { RestoreEdit } from '../../src/core/replay/types.js';

let tmp = '';
afterEach(() => rmSync(tmp, { recursive: true, force: true }));

function workspace() {
  tmp = mkdtempSync(path.join(os.tmpdir(), 'ct-restore-'));
  const w = path.join(tmp, 'w');
  mkdirSync(path.join(w, 'pkg'), { recursive: true });
  writeFileSync(path.join(w, 'pkg', 'a.py'), 'one\ntwo\nthree\n');
  return hostEnvironment({
    kind: 'workdir',
    workdir: w,
    bwrap: null,
    readOnly: [],
    pathVar: process.env.PATH,
    callerEnv: {},
    sourceRoot: '/srv/app',
  });
}

const e = (stepId: number, edit: RestoreEdit['edit']): RestoreEdit => ({ stepId, edit });

describe('applyEdits', () => {
  it('applies edits in order and maps absolute paths onto the workspace', async () => {
    const env = workspace();
    const r = await applyEdits(env, [
      e(2, { path: '/testbed/pkg/a.py', kind: 'replace', oldText: 'two', newText: 'TWO' }),
      e(3, { path: '/testbed/pkg/a.py', kind: 'insert', newText: 'one and a half', line: 1 }),
      e(4, { path: '/srv/app/pkg/new.py', kind: 'create', newText: 'x = 1\n' }),
      e(5, { path: 'notes.md', kind: 'write', newText: 'plan\n' }),
      e(6, { path: '/testbed/pkg/new.py', kind: 'replace', oldText: 'x = 1', newText: 'x = 2' }),
      e(7, { path: '/testbed/pkg/new.py', kind: 'undo' }),
      e(8, { path: '/testbed/pkg/a.py', kind: 'replace', oldText: 'not there', newText: 'y' }),
      e(9, { path: '/elsewhere/missing.py', kind: 'replace', oldText: 'a', newText: 'b' }),
      e(10, { path: '/testbed/pkg/a.py', kind: 'delete' }),
    ]);
    expect(r.map((x) => [x.stepId, x.ok])).toEqual([
      [2, true],
      [3, true],
      [4, true],
      [5, true],
      [6, true],
      [7, true],
      [8, false],
      [9, false],
      [10, false],
    ]);
    expect(r[6].note).toBe('old text not found in the file');
    expect(r[7].note).toBe('no such file in the workspace');
    const w = env.workdir;
    expect(readFileSync(path.join(w, 'pkg', 'a.py'), 'utf8')).toBe('one\none and a half\nTWO\nthree\n');
    expect(readFileSync(path.join(w, 'pkg', 'new.py'), 'utf8')).toBe('x = 1\n');
    expect(readFileSync(path.join(w, 'notes.md'), 'utf8')).toBe('plan\n');
  });

  it('never writes outside the workspace, through .. or a symlink', async () => {
    const env = workspace();
    symlinkSync(tmp, path.join(env.workdir, 'out'));
    const r = await applyEdits(env, [
      e(1, { path: '../escaped.txt', kind: 'write', newText: 'x' }),
      e(2, { path: 'out/escaped.txt', kind: 'write', newText: 'x' }),
    ]);
    expect(r.map((x) => x.ok)).toEqual([false, false]);
    expect(r[0].note).toMatch(/outside the workspace/);
    expect(existsSync(path.join(tmp, 'escaped.txt'))).toBe(false);
  });
});
