// Discovery over ../shared/fixtures (present on the developers' machines, absent on a fresh clone): every
// fixture run exactly once, and nothing else (no failure reports, args.yaml, job config.json, run roots).
import { existsSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { discoverAll } from '../../src/core/discovery/index.js';
import '../../src/core/init.js';
import { EXPECTED } from '../../test-scripts/conformance-table.js';

const fixtures = path.resolve(import.meta.dirname, '../../../shared/fixtures');

describe.skipIf(!existsSync(fixtures))('discovery over the shared fixtures', () => {
  it('lists the 42 runs of the fixtures README exactly once, with their formats, steps and verdicts', async () => {
    const { runs, problems } = await discoverAll([fixtures]);
    const got = runs.map((r) => ({ ...r, path: path.relative(fixtures, r.path) }));
    expect(got.map((r) => r.path).sort()).toEqual(EXPECTED.map((e) => e.path).sort());
    expect(got).toHaveLength(42);
    for (const e of EXPECTED) {
      const r = got.find((x) => x.path === e.path)!;
      if (e.format !== 'any') expect([e.path, r.format]).toEqual([e.path, e.format]);
      if (e.steps !== null) expect([e.path, r.steps]).toEqual([e.path, e.steps]);
      else expect(r.steps).not.toBeNull();
      if (e.solved !== 'any') expect([e.path, r.verdict]).toEqual([e.path, e.solved]);
    }
    const byFormat = (id: string) => got.filter((r) => r.format === id).length;
    expect(byFormat('pre_normalized')).toBe(9);
    expect(byFormat('whowhen')).toBe(4);
    expect(byFormat('terminus1')).toBe(3);
    // Fixture runs that are LFS stubs or odd are still readable: nothing to report.
    expect(problems).toEqual([]);
  });

  it('one subtree at a time gives the same runs as the whole (no dependence on where the walk starts)', async () => {
    const whole = (await discoverAll([fixtures])).runs.map((r) => r.path);
    const parts = await discoverAll(
      ['harbor_atif', 'miniswe_swebench', 'terminus1'].map((d) => path.join(fixtures, d)),
    );
    const expected = whole.filter((p) => /\/(harbor_atif|miniswe_swebench|terminus1)\//.test(p));
    expect(parts.runs.map((r) => r.path)).toEqual(expected);
  });
});
