// Discovery rules on synthetic trees: child preference, skip list, depth, symlinks, unreadable folders,
// multi-run files, archives under a root (good and bad ones side by side).
import { chmodSync, mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { discover, discoverAll, type DiscoverOptions } from '../../src/core/discovery/index.js';
import { openRun } from '../../src/core/formats/open.js';
import '../../src/core/init.js';
import {
  gzip,
  makeTar,
  makeZip,
  setTarSize,
  tarHeaderOffsets,
  zstdRaw,
  type TestEntry,
} from '../helpers/archives.js';
import { makeRunDir, makeRunsFile, registerTestFormat } from '../helpers/test-format.js';

registerTestFormat();

let tmp: string;
beforeAll(() => {
  tmp = mkdtempSync(path.join(os.tmpdir(), 'ct-disc-'));
});
afterAll(() => {
  rmSync(tmp, { recursive: true, force: true });
});

function fresh(name: string): string {
  const d = path.join(tmp, name);
  mkdirSync(d, { recursive: true });
  return d;
}

async function found(root: string, opts: DiscoverOptions = {}) {
  const r = await discoverAll([root], opts);
  return {
    runs: r.runs.map(
      (x) => [x.path.startsWith(root) ? x.path.slice(root.length + 1) || '.' : x.path, x.steps] as const,
    ),
    problems: r.problems.map(
      (p) => `${p.path.startsWith(root) ? p.path.slice(root.length + 1) : p.path}: ${p.message}`,
    ),
    raw: r,
  };
}

describe('what counts as a run', () => {
  it('finds run folders at any depth, not the folders around them, and not inside a run', async () => {
    const root = fresh('basic');
    makeRunDir(root, 'a/run1', 3, true);
    makeRunDir(root, 'a/b/c/run2', 5, false);
    makeRunDir(root, 'a/run1/nested-run', 9); // inside a run: part of it, not a second run
    writeFileSync(path.join(root, 'a/notes.md'), '# not a run');
    const r = await found(root);
    expect(r.runs).toEqual([
      ['a/b/c/run2', 5],
      ['a/run1', 3],
    ]);
    expect(r.raw.runs.map((x) => x.verdict)).toEqual([false, true]);
    expect(r.raw.runs.every((x) => x.format === 'testrun' && x.size > 0)).toBe(true);
    expect(r.problems).toEqual([]);
  });

  it('a root that is itself a run is returned', async () => {
    const root = makeRunDir(fresh('self'), 'run', 2);
    expect((await found(root)).runs).toEqual([['.', 2]]);
  });

  it('an aggregate run root yields its trials, or itself when it has none', async () => {
    const root = fresh('aggregate');
    const job = makeRunDir(root, 'job', 1);
    writeFileSync(
      path.join(job, 'results.json'),
      JSON.stringify({ results: [], n_resolved: 0, accuracy: 0 }),
    );
    makeRunDir(job, 'task-a/trial-1', 4);
    makeRunDir(job, 'task-b/trial-1', 6);
    const lone = makeRunDir(root, 'lone-job', 7);
    writeFileSync(path.join(lone, 'run_metadata.json'), '{}');
    mkdirSync(path.join(lone, 'empty-task'));
    expect((await found(root)).runs).toEqual([
      ['job/task-a/trial-1', 4],
      ['job/task-b/trial-1', 6],
      ['lone-job', 7],
    ]);
  });

  it('a file holding several runs gives one entry per run, each openable', async () => {
    const root = fresh('multi');
    makeRunsFile(root, 'out/batch.testruns', [2, 4, 8]);
    makeRunsFile(root, 'out/single.testruns', [3]);
    const r = await found(root);
    expect(r.runs).toEqual([
      ['out/batch.testruns#1', 2],
      ['out/batch.testruns#2', 4],
      ['out/batch.testruns#3', 8],
      ['out/single.testruns', 3],
    ]);
    const second = await openRun(r.raw.runs[1].path);
    expect(second).toHaveLength(1);
    expect(second[0].steps).toHaveLength(4);
  });

  it('lists a run it cannot read, with a problem saying why', async () => {
    const root = fresh('unreadable-run');
    makeRunDir(root, 'good', 1);
    writeFileSync(path.join(root, 'good/../bad.testruns'), 'testrun steps=2 solved=true\nbroken\n');
    const broken = makeRunDir(root, 'broken-dir', 3);
    writeFileSync(path.join(broken, 'RUN.testrun'), 'testrun steps=3 solved=true\nbroken\n');
    const r = await found(root);
    expect(r.runs).toEqual([
      ['bad.testruns', null],
      ['broken-dir', null],
      ['good', 1],
    ]);
    expect(r.problems.sort()).toEqual([
      `bad.testruns: could not read: synthetic parse failure`,
      `broken-dir: could not read: ${path.join(broken, 'RUN.testrun')}: synthetic parse failure`,
    ]);
    // Without summaries nothing is parsed, so nothing fails.
    const quick = await found(root, { summarize: false });
    expect(quick.runs.map((x) => x[1])).toEqual([null, null, null]);
    expect(quick.problems).toEqual([]);
  });
});

describe('what is not searched', () => {
  it('skips VCS, dependency and cache folders, virtualenvs, and names given with skip', async () => {
    const root = fresh('skips');
    makeRunDir(root, 'keep/run', 1);
    for (const d of [
      '.git/run',
      'node_modules/pkg/run',
      '__pycache__/run',
      '.venv/run',
      '.mypy_cache/run',
      'custom/run',
    ]) {
      makeRunDir(root, d, 1);
    }
    makeRunDir(root, 'venv/lib/run', 1);
    writeFileSync(path.join(root, 'venv/pyvenv.cfg'), 'home = /usr/bin\n');
    makeRunDir(root, 'env/run', 1); // a folder named env that is not a virtualenv is searched
    expect((await found(root, { skip: ['custom'] })).runs.map((x) => x[0])).toEqual(['env/run', 'keep/run']);
    expect((await found(root, { noDefaultSkip: true })).runs.map((x) => x[0]).sort()).toEqual(
      [
        '.git/run',
        '.mypy_cache/run',
        '.venv/run',
        '__pycache__/run',
        'custom/run',
        'env/run',
        'keep/run',
        'node_modules/pkg/run',
      ].sort(),
    );
  });

  it('stops at the depth limit and says how much it left out', async () => {
    const root = fresh('depth');
    makeRunDir(root, 'l1/l2/run3', 1); // run3 is at depth 3
    makeRunDir(root, 'l1/run2', 1);
    const shallow = await found(root, { maxDepth: 2 });
    expect(shallow.runs.map((x) => x[0])).toEqual(['l1/run2']);
    expect(shallow.problems).toEqual([
      ': 1 directory below depth 2 not searched (raise --max-depth to go deeper)',
    ]);
    expect((await found(root, { maxDepth: 3 })).runs.map((x) => x[0])).toEqual(['l1/l2/run3', 'l1/run2']);
    expect((await found(root, { maxDepth: 0 })).runs).toEqual([]);
  });
});

describe('symlinks and unreadable folders', () => {
  it('a symlink loop is reported and skipped; a second link to a folder does not count twice', async () => {
    const root = fresh('links');
    makeRunDir(root, 'data/run', 4);
    symlinkSync(root, path.join(root, 'data/loop-to-root'));
    symlinkSync(path.join(root, 'data'), path.join(root, 'alias-of-data'));
    const r = await found(root);
    expect(r.runs.map((x) => x[1])).toEqual([4]);
    expect(r.problems.some((p) => /data\/loop-to-root: symbolic link loop/.test(p))).toBe(true);
  });

  it('a self-referencing symlink (ELOOP) is reported, the walk goes on', async () => {
    const root = fresh('eloop');
    makeRunDir(root, 'run', 1);
    symlinkSync(path.join(root, 'self'), path.join(root, 'self'));
    const r = await found(root);
    expect(r.runs.map((x) => x[0])).toEqual(['run']);
  });

  it('an unreadable folder is reported and skipped (not checkable as root, who reads everything)', async () => {
    const root = fresh('perm');
    makeRunDir(root, 'ok/run', 1);
    makeRunDir(root, 'locked/run', 1);
    chmodSync(path.join(root, 'locked'), 0o000);
    try {
      const r = await found(root);
      expect(r.runs.map((x) => x[0])).toContain('ok/run');
      if (process.getuid?.() !== 0) {
        expect(r.runs.map((x) => x[0])).toEqual(['ok/run']);
        expect(r.problems).toEqual(['locked: directory skipped: permission denied']);
      }
    } finally {
      chmodSync(path.join(root, 'locked'), 0o755);
    }
  });

  it('a missing root is a problem, not a crash', async () => {
    const r = await discoverAll([path.join(tmp, 'does-not-exist')]);
    expect(r.runs).toEqual([]);
    expect(r.problems).toEqual([
      { path: path.join(tmp, 'does-not-exist'), message: 'no such file or directory', code: 'not_found' },
    ]);
  });
});

describe('archives under a root', () => {
  const runTree: TestEntry[] = [
    { name: 'batch/', dir: true },
    { name: 'batch/r1/RUN.testrun', data: 'testrun steps=3 solved=true\n' },
    { name: 'batch/deep/r2/RUN.testrun', data: 'testrun steps=5 solved=false\n' },
    { name: 'batch/many.testruns', data: 'testrun steps=1 solved=true\ntestrun steps=2 solved=true\n' },
  ];
  const expected = (archive: string) => [
    [`${archive}!/batch/deep/r2`, 5],
    [`${archive}!/batch/many.testruns#1`, 1],
    [`${archive}!/batch/many.testruns#2`, 2],
    [`${archive}!/batch/r1`, 3],
  ];

  it('opens each kind and finds the same runs with the same steps', async () => {
    const root = fresh('archives');
    const tarBuf = await makeTar(runTree);
    writeFileSync(path.join(root, 'a.tar'), tarBuf);
    writeFileSync(path.join(root, 'b.tar.gz'), gzip(tarBuf));
    writeFileSync(path.join(root, 'c.tar.zst'), zstdRaw(tarBuf));
    writeFileSync(path.join(root, 'd.zip'), makeZip(runTree));
    const r = await found(root);
    expect(r.problems).toEqual([]);
    expect(r.runs).toEqual([
      ...expected('a.tar'),
      ...expected('b.tar.gz'),
      ...expected('c.tar.zst'),
      ...expected('d.zip'),
    ]);
    // Addresses are openable as they are.
    const t = await openRun(r.raw.runs.find((x) => x.path.endsWith('c.tar.zst!/batch/deep/r2'))!.path);
    expect(t[0].steps).toHaveLength(5);
    expect(t[0].sources[0]).toBe(`${path.join(root, 'c.tar.zst')}!/batch/deep/r2`);
  });

  it('an archive given as the root, or as archive!/inner, is searched like a folder', async () => {
    const root = fresh('archive-root');
    const p = path.join(root, 'runs.tar.zst');
    writeFileSync(p, zstdRaw(await makeTar(runTree)));
    expect((await discoverAll([p])).runs.map((x) => x.path)).toEqual(expected(p).map((x) => x[0]));
    expect((await discoverAll([`${p}!/batch/deep`])).runs.map((x) => [x.path, x.steps])).toEqual([
      [`${p}!/batch/deep/r2`, 5],
    ]);
  });

  it('bad archives are reported with a clear message and the rest of the work completes', async () => {
    const root = fresh('bad-archives');
    makeRunDir(root, 'plain/run', 2);
    const good = await makeTar(runTree);
    writeFileSync(path.join(root, 'good.tar.gz'), gzip(good));
    // Truncated: cut in the middle of the data.
    const z = zstdRaw(good);
    writeFileSync(path.join(root, 'truncated.tar.zst'), z.subarray(0, 700));
    // An entry escaping with "../", next to a good run.
    writeFileSync(
      path.join(root, 'evil.tar'),
      await makeTar([
        { name: '../evil/RUN.testrun', data: 'testrun steps=9 solved=true\n' },
        { name: 'fine/RUN.testrun', data: 'testrun steps=1 solved=true\n' },
      ]),
    );
    // A header whose size lies (larger than the data that follows).
    const liar = await makeTar(runTree);
    setTarSize(liar, tarHeaderOffsets(liar)[2], 50 * 2 ** 20);
    writeFileSync(path.join(root, 'liar.tar'), liar);
    writeFileSync(path.join(root, 'notreally.zip'), 'plain text');
    const r = await found(root);
    expect(r.runs.map((x) => x[0])).toEqual([
      'evil.tar!/fine',
      ...expected('good.tar.gz').map((x) => x[0]),
      'liar.tar!/batch/r1',
      'plain/run',
    ]);
    expect(r.problems).toEqual(
      [
        'evil.tar: 1 entry skipped (unsafe path: path climbs out with ".."): ../evil/RUN.testrun',
        'liar.tar: truncated tar (unexpected end of data); kept the 2 entries read before it',
        'notreally.zip: archive skipped: not a zip archive, or truncated (no end-of-central-directory record)',
        'truncated.tar.zst: archive skipped: truncated zstd data (unexpected end of file)',
      ].sort(),
    );
  });

  it('an archive too large for the cap is skipped with the zip-bomb message', async () => {
    const root = fresh('bomb');
    makeRunDir(root, 'run', 1);
    writeFileSync(
      path.join(root, 'bomb.tar.gz'),
      gzip(await makeTar([{ name: 'zeros', data: Buffer.alloc(2 ** 21) }])),
    );
    const r = await found(root, { maxArchiveBytes: 2 ** 20 });
    expect(r.runs.map((x) => x[0])).toEqual(['run']);
    expect(r.problems).toEqual([
      'bomb.tar.gz: archive skipped: expands to more than 1 MB (a zip bomb or a very large archive; set CODETRACER_MAX_ARCHIVE_MB to raise the limit)',
    ]);
  });

  it('archives can be left alone', async () => {
    const root = fresh('no-archives');
    writeFileSync(path.join(root, 'a.tar'), await makeTar(runTree));
    expect((await found(root, { archives: false })).runs).toEqual([]);
  });
});

describe('streaming', () => {
  it('yields runs as an async iterator and stops early when the consumer does', async () => {
    const root = fresh('stream');
    for (let i = 0; i < 30; i++) makeRunDir(root, `g${i % 3}/run${i}`, i + 1);
    const seen: string[] = [];
    for await (const run of discover([root])) {
      seen.push(run.path);
      if (seen.length === 5) break;
    }
    expect(seen).toHaveLength(5);
    expect((await discoverAll([root])).runs).toHaveLength(30);
  });
});
