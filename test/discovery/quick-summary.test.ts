// Discovery reads single-file runs through quickCount + quickVerdict when a format has both, without
// building steps. Those must say exactly what a full parse says, on every real run we have.
import { existsSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { discoverAll } from '../../src/core/discovery/index.js';
import { getFormat } from '../../src/core/formats/registry.js';
import { locate } from '../../src/core/formats/open.js';
import '../../src/core/init.js';
import { repoRoot } from '../helpers/cli.js';

const roots = [
  path.join(repoRoot, 'examples'),
  path.join(repoRoot, 'test/fixtures'),
  path.resolve(repoRoot, '../shared/fixtures'),
].filter((d) => existsSync(d));

describe('quickVerdict agrees with the parse', () => {
  it('on every single-file run of a format that has one: same steps, same solved', async () => {
    const { runs } = await discoverAll(roots);
    let checked = 0;
    const solvedSeen = new Set<boolean | null>();
    for (const r of runs) {
      const m = getFormat(r.format);
      if (!m?.quickVerdict || !m.quickCount || r.path.includes('#') || r.path.includes('!')) continue;
      const loc = await locate(r.path);
      if (loc.kind !== 'file') continue;
      const [t] = await m.parse(loc);
      expect(await m.quickCount(loc), r.path).toBe(t.steps.length);
      expect(await m.quickVerdict(loc), r.path).toBe(t.verdict.solved);
      // Discovery reports the same (it takes the quick path for these runs).
      expect({ steps: r.steps, verdict: r.verdict }, r.path).toEqual({
        steps: t.steps.length,
        verdict: t.verdict.solved,
      });
      solvedSeen.add(t.verdict.solved);
      checked++;
    }
    expect(checked).toBeGreaterThanOrEqual(5);
    // Runs with a SWE-bench report (solved known) are among them, not only unknown verdicts.
    expect([...solvedSeen].some((v) => v !== null)).toBe(true);
  });
});
