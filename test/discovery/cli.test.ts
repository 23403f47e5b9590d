// `codetracer discover`, run in-process through main(): table, JSON, warnings, exit codes, flags.
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { main } from '../../src/cli/main.js';
import type { CliIO } from '../../src/cli/context.js';
import { shortPath } from '../../src/cli/commands/discover.js';
import { makeRunDir, makeRunsFile, registerTestFormat } from '../helpers/test-format.js';

registerTestFormat();

let tmp: string;
beforeAll(() => {
  tmp = mkdtempSync(path.join(os.tmpdir(), 'ct-cli-disc-'));
  makeRunDir(tmp, 'runs/a/run1', 3, true);
  makeRunDir(tmp, 'runs/b/c/run2', 12, false);
  makeRunDir(tmp, 'runs/node_modules/run3', 1);
  makeRunsFile(tmp, 'runs/batch.testruns', [2, 4]);
  symlinkSync(path.join(tmp, 'runs'), path.join(tmp, 'runs/b/loop'));
  mkdirSync(path.join(tmp, 'empty'));
  writeFileSync(path.join(tmp, 'empty/readme.txt'), 'nothing here');
});
afterAll(() => {
  rmSync(tmp, { recursive: true, force: true });
});

async function run(args: string[], opts: { isTTY?: boolean; cwd?: string } = {}) {
  let stdout = '';
  let stderr = '';
  const io: CliIO = {
    stdout: (s) => void (stdout += s),
    stderr: (s) => void (stderr += s),
    isTTY: opts.isTTY ?? false,
    env: { NO_COLOR: '1' },
    cwd: opts.cwd ?? tmp,
  };
  const code = await main(args, io);
  return { code, stdout, stderr };
}

describe('codetracer discover', () => {
  it('prints a table with paths relative to the cwd, warnings on stderr, and a total', async () => {
    const r = await run(['discover', 'runs']);
    expect(r.code).toBe(0);
    const lines = r.stdout.trimEnd().split('\n');
    expect(lines[0]).toMatch(/^FORMAT\s+STEPS\s+VERDICT\s+PATH$/);
    expect(lines.slice(1, -1).map((l) => l.split(/\s+/))).toEqual([
      ['testrun', '3', 'solved', 'runs/a/run1'],
      ['testrun', '12', 'failed', 'runs/b/c/run2'],
      ['testrun', '2', 'failed', 'runs/batch.testruns#1'],
      ['testrun', '4', 'failed', 'runs/batch.testruns#2'],
    ]);
    expect(lines.at(-1)).toBe('4 runs found (4 testrun); 1 problem reported above');
    expect(r.stderr).toBe(
      `codetracer: warning: runs/b/loop: symbolic link loop (points back to ${path.join(tmp, 'runs')}); skipped\n`,
    );
  });

  it('--json prints only a JSON array of {path, format, steps, verdict}', async () => {
    const r = await run(['discover', path.join(tmp, 'runs'), '--json']);
    expect(r.code).toBe(0);
    const out = JSON.parse(r.stdout);
    expect(out).toEqual([
      { path: path.join(tmp, 'runs/a/run1'), format: 'testrun', steps: 3, verdict: true },
      { path: path.join(tmp, 'runs/b/c/run2'), format: 'testrun', steps: 12, verdict: false },
      { path: path.join(tmp, 'runs/batch.testruns#1'), format: 'testrun', steps: 2, verdict: false },
      { path: path.join(tmp, 'runs/batch.testruns#2'), format: 'testrun', steps: 4, verdict: false },
    ]);
    expect(r.stderr).toMatch(/symbolic link loop/);
  });

  it('--skip and --max-depth narrow the search', async () => {
    const skipped = JSON.parse(
      (await run(['discover', 'runs', '--json', '--skip', 'a', '--skip', 'c'])).stdout,
    );
    expect(skipped.map((x: { path: string }) => path.relative(tmp, x.path))).toEqual([
      'runs/batch.testruns#1',
      'runs/batch.testruns#2',
    ]);
    const shallow = await run(['discover', 'runs', '--max-depth', '2']);
    expect(shallow.stdout).toContain('runs/a/run1');
    expect(shallow.stdout).not.toContain('run2');
    expect(shallow.stderr).toMatch(/^codetracer: warning: 1 directory below depth 2 not searched/m);
    const bad = await run(['discover', 'runs', '--max-depth', 'deep']);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/--max-depth expects a whole number/);
  });

  it('on a terminal, rows stream as they are found (same rows, found order)', async () => {
    const r = await run(['discover', 'runs', '--skip', 'b'], { isTTY: true });
    expect(r.code).toBe(0);
    const rows = r.stdout.trimEnd().split('\n');
    expect(rows[0]).toMatch(/FORMAT/);
    expect(rows.slice(1, -1).sort()).toHaveLength(3);
    expect(rows.at(-1)).toBe('3 runs found (3 testrun)');
  });

  it('no runs found: says so and exits 0', async () => {
    const r = await run(['discover', 'empty']);
    expect(r.code).toBe(0);
    expect(r.stdout).toBe('no runs found under empty\n');
    expect((await run(['discover', 'empty', '--json'])).stdout).toBe('[]\n');
  });

  it('a root that does not exist: one line on stderr, exit 2', async () => {
    const r = await run(['discover', 'runs', 'no-such-dir']);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toBe('codetracer: no-such-dir: no such file or directory\n');
  });
});

describe('shortPath', () => {
  it('relativizes the file-system part only, when shorter', () => {
    expect(shortPath('/a/b/c/x.tar.zst!/inner/run', '/a/b')).toBe('c/x.tar.zst!/inner/run');
    expect(shortPath('/a/b/out.jsonl#3', '/a/b')).toBe('out.jsonl#3');
    expect(shortPath('/x/y', '/a/b/c/d/e')).toBe('/x/y');
    expect(shortPath('/a/b', '/a/b')).toBe('.');
  });
});
