// Discovery on the bundled MIT example runs (examples/, see examples/NOTICE.md), on the file system and
// packed into every archive kind: the same runs, with the same formats, steps and verdicts.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { discoverAll, type DiscoveredRun } from '../../src/core/discovery/index.js';
import { openRun } from '../../src/core/formats/open.js';
import { isCodetracerError } from '../../src/core/io/errors.js';
import '../../src/core/init.js';
import { entriesOf, gzip, hasZstdCli, makeTar, makeZip, zstdCli, zstdRaw } from '../helpers/archives.js';

const examples = path.resolve(import.meta.dirname, '../../examples');
const CTB_ID = 'miniswe-Anthropic__Claude-Sonnet-4-20250514-Thinking-add-benchmark-lm-eval-harness-54ac67f0';

// From examples/NOTICE.md and the fixtures README (steps as each format counts them).
const EXPECTED: [string, string, number | null, boolean | null][] = [
  ['claude-code/hello-world.1-of-1.2025-11-09__14-07-43', 'claude_code', 5, true],
  [`codetracebench/${CTB_ID}`, 'pre_normalized', 47, null],
  ['harbor/prove-plus-comm__YDACMLN', 'atif', 24, true],
  [
    'miniswe-swebench/django__django-11163/trajs/django__django-11163/django__django-11163.traj.json',
    'miniswe',
    13,
    true,
  ],
  ['openhands/basic_gui_mode.json', 'openhands', null, null],
  ['swe-agent/pydicom__pydicom-1458.traj', 'swe_agent', 12, null],
  ['whowhen/hand-crafted-1.json', 'whowhen', 29, false],
];

let tmp: string;
let onDisk: DiscoveredRun[];
beforeAll(async () => {
  tmp = mkdtempSync(path.join(os.tmpdir(), 'ct-examples-'));
  const r = await discoverAll([examples]);
  expect(r.problems).toEqual([]);
  onDisk = r.runs;
});
afterAll(() => {
  rmSync(tmp, { recursive: true, force: true });
});

/** Runs as [path relative to `base`, format, steps, verdict]. */
const rel = (runs: DiscoveredRun[], base: string) =>
  runs.map((r) => [r.path.slice(base.length + 1), r.format, r.steps, r.verdict] as const);

describe('examples on the file system', () => {
  it('finds each example run once, with its format, steps and verdict', async () => {
    const got = rel(onDisk, examples);
    expect(got.map((r) => r[0])).toEqual(EXPECTED.map((e) => e[0]));
    for (const [p, format, steps, verdict] of EXPECTED) {
      const run = got.find((r) => r[0] === p)!;
      expect(run[1]).toBe(format);
      // Steps equal a full parse of the same address (quickCount must agree with parse).
      const t = await openRun(path.join(examples, p));
      expect(run[2]).toBe(t[0].steps.length);
      if (steps !== null) expect(run[2]).toBe(steps);
      expect(run[3]).toBe(verdict ?? t[0].verdict.solved);
    }
  });

  it('gives sizes in bytes', () => {
    for (const r of onDisk) expect(r.size).toBeGreaterThan(1000);
  });
});

describe('examples packed into archives', () => {
  const packers: [string, () => Promise<Buffer>][] = [
    ['examples.tar', async () => makeTar(entriesOf(examples, 'examples'))],
    ['examples.tar.gz', async () => gzip(await makeTar(entriesOf(examples, 'examples')))],
    ['examples.tar.zst', async () => zstdRaw(await makeTar(entriesOf(examples, 'examples')))],
    ['examples.zip', async () => makeZip(entriesOf(examples, 'examples'))],
  ];
  if (hasZstdCli)
    packers.push([
      'examples-cli.tar.zst',
      async () => zstdCli(await makeTar(entriesOf(examples, 'examples'))),
    ]);

  for (const [name, pack] of packers) {
    it(`${name}: the same runs with the same steps and verdicts`, async () => {
      const archive = path.join(tmp, name);
      writeFileSync(archive, await pack());
      const r = await discoverAll([archive]);
      expect(r.problems).toEqual([]);
      expect(rel(r.runs, `${archive}!/examples`)).toEqual(rel(onDisk, examples));
      // An address from the archive opens with the same content.
      const inner = r.runs.find((x) => x.format === 'swe_agent')!;
      expect(inner.path).toBe(`${archive}!/examples/swe-agent/pydicom__pydicom-1458.traj`);
      const [t] = await openRun(inner.path);
      expect(t.steps).toHaveLength(inner.steps!);
    });
  }
});

describe('an archive given without "!"', () => {
  it('a CodeTraceBench-style <traj_id>.tar.zst holding one run opens as that run', async () => {
    const archive = path.join(tmp, `${CTB_ID}.tar.zst`);
    const tarBuf = await makeTar(entriesOf(path.join(examples, 'codetracebench', CTB_ID), CTB_ID));
    writeFileSync(archive, hasZstdCli ? zstdCli(tarBuf) : zstdRaw(tarBuf));
    const [t] = await openRun(archive);
    expect(t.format).toBe('pre_normalized');
    expect(t.steps).toHaveLength(47);
    const [u] = await openRun(`${archive}!/${CTB_ID}`);
    expect(u.steps).toHaveLength(47);
    expect((await discoverAll([archive])).runs.map((x) => [x.path, x.steps])).toEqual([
      [`${archive}!/${CTB_ID}`, 47],
    ]);
  });

  it('an archive with files at its top opens as the run itself', async () => {
    const archive = path.join(tmp, 'flat.tar.gz');
    writeFileSync(
      archive,
      gzip(await makeTar(entriesOf(path.join(examples, 'harbor/prove-plus-comm__YDACMLN')))),
    );
    const [t] = await openRun(archive);
    expect(t.format).toBe('atif');
    expect(t.steps).toHaveLength(24);
  });

  it('an archive holding several runs asks which one, naming some', async () => {
    const archive = path.join(tmp, 'several.zip');
    writeFileSync(archive, makeZip(entriesOf(examples, 'examples')));
    const err = await openRun(archive).then(
      () => null,
      (e: unknown) => e,
    );
    expect(isCodetracerError(err) && err.code).toBe('usage');
    expect(isCodetracerError(err) && err.oneLine()).toMatch(
      /several\.zip: archive holds 7 runs; name one after "!", e\.g\. .*several\.zip!\/examples\/.*\(codetracer discover .*several\.zip lists them\)$/,
    );
  });
});
