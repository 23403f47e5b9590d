// One command of the replay: killed with its whole process group at the timeout, output capped.
import { describe, expect, it } from 'vitest';
import { execArgv } from '../../src/core/replay/exec.js';

describe('execArgv', () => {
  it('kills the process group at the timeout (a background child too)', async () => {
    const t0 = Date.now();
    const r = await execArgv(['sh', '-c', 'sleep 30 & sleep 30; echo never'], { timeoutMs: 300 });
    expect(r.timedOut).toBe(true);
    expect(r.exitCode).toBeNull();
    expect(r.output).not.toContain('never');
    expect(Date.now() - t0).toBeLessThan(5_000);
  });

  it('returns when the shell exits even if a background child keeps the pipes open', async () => {
    const t0 = Date.now();
    const r = await execArgv(['sh', '-c', 'sleep 30 & echo started'], { timeoutMs: 10_000 });
    expect(r.exitCode).toBe(0);
    expect(r.output).toContain('started');
    expect(Date.now() - t0).toBeLessThan(5_000);
  });

  it('keeps the head and the tail of a long output', async () => {
    const r = await execArgv(['sh', '-c', 'echo FIRST; seq 1 100000; echo LAST'], {
      timeoutMs: 10_000,
      maxOutputChars: 1_000,
    });
    expect(r.output.startsWith('FIRST')).toBe(true);
    expect(r.output.trimEnd().endsWith('LAST')).toBe(true);
    expect(r.output).toMatch(/characters cut/);
    expect(r.output.length).toBeLessThan(1_200);
  });

  it('reports a program that cannot start', async () => {
    const r = await execArgv(['/nonexistent/prog'], { timeoutMs: 1_000 });
    expect(r.exitCode).toBeNull();
    expect(r.spawnError).toMatch(/ENOENT/);
  });
});
