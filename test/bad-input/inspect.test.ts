// Adversarial inputs: every one gives a one-line error naming the file, exit 2, never a stack or a hang.
import { execFileSync } from 'node:child_process';
import {
  closeSync,
  mkdirSync,
  mkdtempSync,
  openSync,
  rmSync,
  symlinkSync,
  writeSync,
  ftruncateSync,
} from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../helpers/cli.js';

const cases = path.join(import.meta.dirname, 'cases');
let tmp: string;

function expectOneLineError(args: string[], fileHint: string, problem: RegExp, timeoutMs = 60_000): void {
  const r = runCli(['inspect', ...args], { timeoutMs });
  expect(r.timedOut).toBe(false);
  expect(r.code).toBe(2);
  expect(r.stdout).toBe('');
  const lines = r.stderr.trimEnd().split('\n');
  expect(lines).toHaveLength(1);
  expect(lines[0]).toMatch(/^codetracer: /);
  expect(lines[0]).toContain(fileHint);
  expect(lines[0]).toMatch(problem);
  expect(r.stderr).not.toMatch(/\n\s+at /);
}

beforeAll(() => {
  tmp = mkdtempSync(path.join(os.tmpdir(), 'ct-bad-'));
});
afterAll(() => {
  rmSync(tmp, { recursive: true, force: true });
});

describe('inspect on bad input', () => {
  it('truncated JSON', () => {
    expectOneLineError([path.join(cases, 'truncated.traj.json')], 'truncated.traj.json', /truncated JSON/);
  });

  it('truncated OpenHands event list', () => {
    expectOneLineError(
      [path.join(cases, 'truncated-openhands.json')],
      'truncated-openhands.json',
      /truncated JSON|no known trajectory format/,
    );
  });

  it('wrong types', () => {
    expectOneLineError(
      [path.join(cases, 'wrong-types.traj.json')],
      'wrong-types.traj.json',
      /messages|not a valid/,
    );
  });

  it('empty file', () => {
    expectOneLineError([path.join(cases, 'empty.traj.json')], 'empty.traj.json', /empty/);
  });

  it('binary garbage', () => {
    expectOneLineError([path.join(cases, 'binary.traj.json')], 'binary.traj.json', /binary/);
  });

  it('Git LFS pointer as a run file', () => {
    expectOneLineError([path.join(cases, 'lfs-stub.traj.json')], 'lfs-stub.traj.json', /Git LFS pointer/);
  });

  it('Git LFS pointer inside a trial dir', () => {
    expectOneLineError([path.join(cases, 'lfs-trial')], 'mini.traj.json', /Git LFS pointer/);
  });

  it('JSON of no known format', () => {
    expectOneLineError([path.join(cases, 'unknown.json')], 'unknown.json', /no known trajectory format/);
  });

  it('empty directory', () => {
    expectOneLineError([path.join(cases, 'empty-dir')], 'empty-dir', /no known trajectory format/);
  });

  it('missing path', () => {
    expectOneLineError([path.join(tmp, 'nope')], 'nope', /no such file/);
  });

  it('symlink loop', () => {
    const a = path.join(tmp, 'loopA');
    symlinkSync(path.join(tmp, 'loopB'), a);
    symlinkSync(a, path.join(tmp, 'loopB'));
    expectOneLineError([a], 'loopA', /symbolic link loop/);
  });

  it('a directory whose run file is a symlink loop', () => {
    const d = path.join(tmp, 'trial-loop', 'agent-logs');
    mkdirSync(d, { recursive: true });
    symlinkSync(path.join(d, 'mini.traj.json'), path.join(d, 'mini.traj.json'));
    const r = runCli(['inspect', path.dirname(d)]);
    expect(r.code).toBe(2);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stderr).not.toMatch(/\n\s+at /);
  });

  it('a FIFO does not hang', () => {
    const fifo = path.join(tmp, 'pipe.traj.json');
    execFileSync('mkfifo', [fifo]);
    expectOneLineError([fifo], 'pipe.traj.json', /not a regular file/);
  });

  it('an unreadable file', () => {
    if (process.getuid?.() === 0) {
      // root reads through chmod 000; a directory where a file is expected is the closest permission-like fault
      const d = path.join(tmp, 'dir.traj.json');
      mkdirSync(d);
      expectOneLineError([path.join(d)], 'dir.traj.json', /no known trajectory format|directory/);
      return;
    }
    const f = path.join(tmp, 'locked.traj.json');
    const fd = openSync(f, 'w');
    writeSync(fd, '{"messages": []}');
    closeSync(fd);
    execFileSync('chmod', ['000', f]);
    expectOneLineError([f], 'locked.traj.json', /permission denied/);
  });

  it('a 200 MB file of zeros', () => {
    const f = path.join(tmp, 'huge.traj.json');
    const fd = openSync(f, 'w');
    ftruncateSync(fd, 200 * 2 ** 20);
    closeSync(fd);
    expectOneLineError([f], 'huge.traj.json', /binary/, 150_000);
  }, 180_000);

  it('a 200 MB JSON file cut off at the end', () => {
    const f = path.join(tmp, 'huge-truncated.traj.json');
    const fd = openSync(f, 'w');
    writeSync(fd, '{"trajectory_format": "mini-swe-agent-1", "messages": [');
    const chunk = '{"role": "user", "content": "' + 'x'.repeat(1000) + '"},\n';
    const block = chunk.repeat(1024);
    for (let written = 0; written < 200 * 2 ** 20; written += block.length) writeSync(fd, block);
    writeSync(fd, '{"role": "assistant", "content": "cut he');
    closeSync(fd);
    // Generous bounds: CI machines are shared; the point is a clean error, not speed (see npm run bench).
    expectOneLineError([f], 'huge-truncated.traj.json', /truncated JSON/, 150_000);
  }, 180_000);

  it('an unknown --format', () => {
    expectOneLineError([path.join(cases, 'unknown.json'), '--format', 'nope'], 'nope', /unknown format/);
  });

  it('a bad --step', () => {
    const r = runCli(['inspect', path.join(cases, 'unknown.json'), '--step', 'abc']);
    expect(r.code).toBe(2);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
  });
});
