import { describe, expect, it } from 'vitest';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { assertNotRunFiles, cacheRoot, chooseOutputDir, runKey } from '../../src/core/profiles/location.js';

describe('output locations', () => {
  it('runKey makes a safe folder name from any trajectory id', () => {
    expect(runKey('Hand-Crafted/1')).toBe('Hand-Crafted_1');
    expect(runKey('../..')).toBe('run');
    expect(runKey('a b:c')).toBe('a_b_c');
    expect(runKey('x'.repeat(400))).toHaveLength(150);
  });

  it('cacheRoot follows XDG_CACHE_HOME when absolute, else ~/.cache', () => {
    expect(cacheRoot({ XDG_CACHE_HOME: '/xdg' })).toBe('/xdg/codetracer/runs');
    expect(cacheRoot({ XDG_CACHE_HOME: 'relative', HOME: '/home/u' })).toBe('/home/u/.cache/codetracer/runs');
  });

  it('a multi-run file gets <file>.codetracer/<run key>/ for each run', async () => {
    const d = mkdtempSync(path.join(tmpdir(), 'ct-loc-'));
    const file = path.join(d, 'output.jsonl');
    writeFileSync(file, '{}\n{}\n');
    const place = { fsPath: file, kind: 'file' as const, address: file, trajId: 'org/repo#1', multi: true };
    const out = await chooseOutputDir(place, { env: {}, cwd: d });
    expect(out).toEqual({ dir: path.join(`${file}.codetracer`, 'org_repo_1'), place: 'beside-run' });
  });

  it('never overwrites a file of the run: an existing foreign file at an output path is refused', async () => {
    const d = mkdtempSync(path.join(tmpdir(), 'ct-loc-'));
    mkdirSync(path.join(d, 'sub'));
    writeFileSync(path.join(d, 'sub', 'codetracer_labels.json'), '[]');
    writeFileSync(path.join(d, 'sub', 'steps.json'), '[]');
    const place = { fsPath: d, kind: 'dir' as const, address: d, trajId: 't', multi: false };
    await expect(assertNotRunFiles([path.join(d, 'sub', 'codetracer_labels.json')], place)).rejects.toThrow(
      'refusing to overwrite a file of the run itself',
    );
    // Our own previous outputs may be replaced.
    mkdirSync(path.join(d, 'codetracer'));
    writeFileSync(path.join(d, 'codetracer', 'codetracer_labels.json'), '[]');
    await expect(
      assertNotRunFiles([path.join(d, 'codetracer', 'codetracer_labels.json')], place),
    ).resolves.toBeUndefined();
  });
});
