// What the LLM is shown of an unknown run: bounded, and never credentials.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { locate } from '../../src/core/formats/open.js';
import { sampleRun } from '../../src/core/formats/spec/sample.js';

const tmp = mkdtempSync(path.join(os.tmpdir(), 'ct-spec-sample-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

describe('run samples', () => {
  it('lists a long folder by its first and last names, samples its first four and last files, within the caps', async () => {
    const run = path.join(tmp, 'big');
    mkdirSync(path.join(run, 'events'), { recursive: true });
    for (let i = 0; i < 300; i++)
      writeFileSync(path.join(run, 'events', `e-${i}.json`), JSON.stringify({ i, text: 'x'.repeat(5000) }));
    writeFileSync(path.join(run, 'meta.json'), '{"agent":"a"}');
    writeFileSync(path.join(run, 'README.md'), '# notes');
    const s = await sampleRun(await locate(run));
    expect(s.listing).toContain('events/');
    expect(s.listing).toContain('events/e-0.json (5017 bytes)');
    expect(s.listing).toContain('events/… (290 more)');
    expect(s.listing).toContain('events/e-299.json (5019 bytes)');
    expect(s.listing.length).toBeLessThan(20);
    expect(s.samples.map((x) => x.path)).toEqual([
      'meta.json',
      'events/e-0.json',
      'events/e-1.json',
      'events/e-2.json',
      'events/e-3.json',
      'events/e-299.json',
      'README.md',
    ]);
    expect(s.samples[1].head.length).toBe(2000);
    expect(s.samples[1].truncated).toBe(true);
    expect(s.samples[0].truncated).toBe(false);
    // Prose comes after the data files.
    expect(s.listing).toContain('README.md (7 bytes)');
    expect(s.samples.reduce((n, x) => n + x.head.length, 0)).toBeLessThanOrEqual(14_000);
  });

  it('never samples dotfiles or credential-like names, and masks key-shaped text', async () => {
    const run = path.join(tmp, 'secret');
    mkdirSync(run, { recursive: true });
    writeFileSync(path.join(run, '.env'), 'OPENAI_API_KEY=sk-live1234567890abcdef');
    writeFileSync(path.join(run, 'credentials.json'), '{"password":"hunter2"}');
    writeFileSync(
      path.join(run, 'log.jsonl'),
      '{"auth":"Bearer abcdefghijklmnop","key":"sk-proj-ABCDEFGH12345678"}\n',
    );
    const s = await sampleRun(await locate(run));
    expect(s.samples.map((x) => x.path)).toEqual(['log.jsonl']);
    expect(s.samples[0].head).toBe('{"auth":"[REDACTED]","key":"[REDACTED]"}\n');
    expect(JSON.stringify(s)).not.toMatch(/hunter2|sk-live|sk-proj/);
  });
});
