// Two processes writing one memory store at the same time (parallel batch workers, two terminals) lose
// nothing: each appends many lessons while compactions run, then every lesson is there exactly once.
// Runs the built store (dist/): `npm test` builds first.
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { MemoryStore } from '../../src/core/memory/store.js';

const worker = path.join(import.meta.dirname, 'append-worker.mjs');

function run(args: string[]): Promise<{ code: number | null; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [worker, ...args], { stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (d) => (stderr += String(d)));
    child.on('close', (code) => resolve({ code, stderr }));
  });
}

let tmp = '';
afterEach(() => {
  if (tmp) rmSync(tmp, { recursive: true, force: true });
});

describe('concurrent writers', () => {
  it('two processes appending 150 lessons each, with compactions in between, lose none', async () => {
    tmp = mkdtempSync(path.join(os.tmpdir(), 'ct-mem-conc-'));
    const N = 150;
    const [a, b] = await Promise.all([
      run([tmp, 'shared', 'a', String(N)]),
      run([tmp, 'shared', 'b', String(N)]),
    ]);
    expect(a.stderr).toBe('');
    expect(b.stderr).toBe('');
    expect([a.code, b.code]).toEqual([0, 0]);
    const store = new MemoryStore(tmp, 'shared', { maxEntries: 10_000 });
    const texts = (await store.entries()).map((e) => e.text);
    expect(texts).toHaveLength(2 * N);
    expect(new Set(texts).size).toBe(2 * N);
    for (const tag of ['a', 'b'])
      for (let i = 0; i < N; i++) expect(texts).toContain(`w${tag}n${i} z${tag}q${i}`);
    // The log was compacted along the way (far fewer lines than appends), header first, no lock left.
    const lines = readFileSync(store.file, 'utf8').trim().split('\n');
    expect(JSON.parse(lines[0]).t).toBe('header');
    expect(lines.length).toBeLessThan(2 * N + 1 + 40);
  }, 60_000);
});
