// The read cache: one decode and one parse per unchanged file, a fresh read after an edit, shared JSON frozen
// in tests, and heads read without the whole file.
import { mkdtempSync, utimesSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  clearReadCache,
  parseJson,
  readHeadText,
  readJson,
  readJsonShared,
  readOptionalText,
  readText,
} from '../../src/core/io/read.js';
import { fsSource } from '../../src/core/io/source.js';

const dir = mkdtempSync(path.join(os.tmpdir(), 'ct-read-cache-'));
const file = (name: string, text: string): string => {
  const p = path.join(dir, name);
  writeFileSync(p, text);
  return p;
};

describe('read cache', () => {
  it('shares one parse of an unchanged file and freezes it under test', async () => {
    const p = file('a.json', '{"steps": [1, 2, 3]}');
    const a = await readJsonShared(fsSource, p);
    const b = await readJsonShared(fsSource, p);
    expect(b).toBe(a);
    expect(Object.isFrozen((a as { steps: number[] }).steps)).toBe(true);
    expect(() => (a as { steps: number[] }).steps.push(4)).toThrow();
    // The non-shared readers still hand out fresh, mutable objects.
    const c = (await readJson(fsSource, p)) as { steps: number[] };
    expect(c).not.toBe(a);
    c.steps.push(4);
    expect(c.steps).toHaveLength(4);
  });

  it('reads an edited file afresh', async () => {
    const p = file('b.json', '{"n": 1}');
    expect(await readJsonShared(fsSource, p)).toEqual({ n: 1 });
    writeFileSync(p, '{"n": 2}');
    // Same size: the new modification time tells the versions apart.
    utimesSync(p, new Date(), new Date(Date.now() + 5000));
    expect(await readJsonShared(fsSource, p)).toEqual({ n: 2 });
    writeFileSync(p, '{"n": 300}');
    expect(await readText(fsSource, p)).toBe('{"n": 300}');
  });

  it('keeps the errors of the uncached reader', async () => {
    const p = file('c.json', '{"a": ');
    await expect(readJsonShared(fsSource, p)).rejects.toThrow(/truncated JSON/);
    await expect(readJsonShared(fsSource, p)).rejects.toThrow(/truncated JSON/);
    const empty = file('empty.txt', '  \n');
    await expect(readText(fsSource, empty)).rejects.toThrow(/empty/);
    expect(await readText(fsSource, empty, { allowEmpty: true })).toBe('');
    await expect(readText(fsSource, empty)).rejects.toThrow(/empty/);
    expect(await readOptionalText(fsSource, path.join(dir, 'missing.txt'))).toBeNull();
    expect(() => parseJson('[1,', 'x')).toThrow(/truncated/);
  });

  it('reads heads without decoding the rest, dropping a cut character', async () => {
    clearReadCache();
    const p = file('d.txt', 'ab\u00e9' + 'x'.repeat(10_000));
    expect(await readHeadText(fsSource, p, 3)).toBe('ab');
    expect(await readHeadText(fsSource, p, 4)).toBe('ab\u00e9');
    expect(await readHeadText(fsSource, path.join(dir, 'none.txt'), 10)).toBeNull();
    const bin = path.join(dir, 'e.bin');
    writeFileSync(bin, Buffer.concat([Buffer.from([0, 1, 2]), Buffer.alloc(9000, 65)]));
    expect(await readHeadText(fsSource, bin, 100)).toBeNull();
  });
});
