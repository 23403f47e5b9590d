// Archives read as folders: every container kind, and every way an archive can be wrong or hostile.
import { mkdtempSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { clearArchiveCache, openArchive } from '../../src/core/archive/open.js';
import { isCodetracerError } from '../../src/core/io/errors.js';
import { readText } from '../../src/core/io/read.js';
import {
  gzip,
  hasZstdCli,
  makeTar,
  makeZip,
  setTarSize,
  tarHeaderOffsets,
  zipCentralOffset,
  zstdCli,
  zstdRaw,
  type TestEntry,
} from '../helpers/archives.js';

let tmp: string;
beforeAll(() => {
  tmp = mkdtempSync(path.join(os.tmpdir(), 'ct-archive-'));
});
afterAll(() => {
  rmSync(tmp, { recursive: true, force: true });
});

const sample: TestEntry[] = [
  { name: 'run/', dir: true },
  { name: 'run/steps.json', data: '[{"step_id": 1}]' },
  { name: 'run/sub/deep/note.txt', data: 'deep text\n' },
  { name: 'top.txt', data: 'top\n' },
];

function write(name: string, buf: Buffer): string {
  const p = path.join(tmp, name);
  writeFileSync(p, buf);
  return p;
}

async function archiveError(p: string, maxBytes?: number): Promise<string> {
  try {
    await openArchive(p, { maxBytes });
  } catch (e) {
    expect(isCodetracerError(e) && e.code).toBe('archive');
    if (isCodetracerError(e)) return e.oneLine();
  }
  throw new Error('expected an archive error');
}

describe('reading each archive kind', () => {
  const kinds: [string, () => Promise<Buffer>][] = [
    ['x.tar', () => makeTar(sample)],
    ['x.tar.gz', async () => gzip(await makeTar(sample))],
    ['x.tgz', async () => gzip(await makeTar(sample))],
    ['x.tar.zst', async () => zstdRaw(await makeTar(sample))],
    ['x.zip', async () => makeZip(sample)],
  ];
  if (hasZstdCli) kinds.push(['cli.tar.zst', async () => zstdCli(await makeTar(sample))]);

  for (const [name, build] of kinds) {
    it(name, async () => {
      const p = write(name, await build());
      const src = await openArchive(p);
      expect(src.kind).toBe('archive');
      expect(src.warnings).toEqual([]);
      expect((await src.list('/')).map((e) => [e.name, e.kind])).toEqual([
        ['run', 'dir'],
        ['top.txt', 'file'],
      ]);
      expect((await src.list('/run')).map((e) => e.name)).toEqual(['steps.json', 'sub']);
      // Directories that only appear inside entry names exist too.
      expect(await src.stat('/run/sub/deep')).toMatchObject({ kind: 'dir' });
      expect(await readText(src, '/run/sub/deep/note.txt')).toBe('deep text\n');
      expect(await src.stat('run/steps.json/')).toMatchObject({ kind: 'file', size: 16 });
      expect(await src.stat('/missing')).toBeNull();
      expect(src.display('/run/steps.json')).toBe(`${p}!/run/steps.json`);
      await expect(src.read('/run')).rejects.toThrow(/is a directory/);
    });
  }

  it('a real zstd stream with many blocks (larger than one 128 KB block)', async () => {
    const big = 'x'.repeat(300_000) + 'end';
    const tarBuf = await makeTar([{ name: 'a/big.txt', data: big }]);
    const p = write('big.tar.zst', hasZstdCli ? zstdCli(tarBuf) : zstdRaw(tarBuf));
    const src = await openArchive(p);
    expect((await src.read('/a/big.txt')).toString()).toBe(big);
  });

  it('is cached by path, mtime and size', async () => {
    const p = write('cached.tar', await makeTar(sample));
    const a = await openArchive(p);
    expect(await openArchive(p)).toBe(a);
    writeFileSync(p, await makeTar([{ name: 'other.txt', data: 'changed' }]));
    utimesSync(p, new Date(), new Date(Date.now() + 5000));
    const b = await openArchive(p);
    expect(b).not.toBe(a);
    expect(await b.stat('/other.txt')).not.toBeNull();
  });
});

describe('hostile and broken archives', () => {
  it('rejects "../" and absolute entry paths with a warning and keeps the rest', async () => {
    const entries: TestEntry[] = [
      { name: 'ok/a.txt', data: 'a' },
      { name: '../evil.txt', data: 'evil' },
      { name: 'ok/../../evil2.txt', data: 'evil' },
      { name: '/etc/evil3', data: 'evil' },
      { name: 'ok/b.txt', data: 'b' },
    ];
    for (const [name, buf] of [
      ['evil.tar', await makeTar(entries)],
      ['evil.zip', makeZip(entries)],
    ] as const) {
      const src = await openArchive(write(name, buf));
      expect((await src.list('/ok')).map((e) => e.name)).toEqual(['a.txt', 'b.txt']);
      expect((await src.list('/')).map((e) => e.name)).toEqual(['ok']);
      expect(src.warnings.join('\n')).toMatch(/unsafe path/);
      expect(src.warnings.join('\n')).toContain('../evil.txt');
    }
  });

  it('resolves links only inside the archive', async () => {
    const src = await openArchive(
      write(
        'links.tar',
        await makeTar([
          { name: 'run/real.json', data: '{"x":1}' },
          { name: 'run/alias.json', symlink: 'real.json' },
          { name: 'run/hard.json', hardlink: 'run/real.json' },
          { name: 'run/passwd', symlink: '../../../etc/passwd' },
          { name: 'run/abs', symlink: '/etc/passwd' },
          { name: 'run/dirlink', symlink: '.' },
        ]),
      ),
    );
    expect((await src.read('/run/alias.json')).toString()).toBe('{"x":1}');
    expect((await src.read('/run/hard.json')).toString()).toBe('{"x":1}');
    expect(await src.stat('/run/passwd')).toBeNull();
    expect(await src.stat('/run/abs')).toBeNull();
    expect(await src.stat('/run/dirlink')).toBeNull();
    expect(src.warnings).toEqual([
      '2 entries skipped (link points outside the archive): run/passwd, run/abs',
      '1 entry skipped (link to a directory or to a missing entry): run/dirlink',
    ]);
  });

  it('a truncated tar.zst keeps the entries before the break and says so', async () => {
    const tarBuf = await makeTar([
      { name: 'r/one.txt', data: 'one' },
      { name: 'r/two.txt', data: 'y'.repeat(300_000) },
      { name: 'r/three.txt', data: 'three' },
    ]);
    // Raw blocks come out one by one, so what precedes the cut can be kept.
    const z = zstdRaw(tarBuf);
    const src = await openArchive(write('trunc.tar.zst', z.subarray(0, Math.floor(z.length * 0.6))));
    expect(src.warnings).toEqual([
      'truncated zstd data (unexpected end of file); kept the 1 entry read before it',
    ]);
    expect(await src.stat('/r/one.txt')).not.toBeNull();
    expect(await src.stat('/r/three.txt')).toBeNull();
  });

  it.skipIf(!hasZstdCli)(
    'a truncated compressed zstd stream is refused or kept partly, and says truncated',
    async () => {
      const tarBuf = await makeTar([{ name: 'r/one.txt', data: 'one' }]);
      const z = zstdCli(tarBuf);
      const p = write('trunc-cli.tar.zst', z.subarray(0, z.length - 6));
      const outcome = await openArchive(p).then(
        (src) => src.warnings.join('\n'),
        (e: unknown) => (isCodetracerError(e) ? e.oneLine() : String(e)),
      );
      expect(outcome).toMatch(/truncated zstd data/);
    },
  );

  it('a truncated tar.gz and tar say "truncated"', async () => {
    const tarBuf = await makeTar([
      { name: 'r/one.txt', data: 'one' },
      { name: 'r/two.txt', data: 'z'.repeat(20000) },
    ]);
    const gz = gzip(tarBuf);
    const a = await openArchive(write('trunc.tar.gz', gz.subarray(0, gz.length - 40)));
    expect(a.warnings.join('\n')).toMatch(/truncated gzip/);
    const b = await openArchive(write('trunc.tar', tarBuf.subarray(0, 512 * 4)));
    expect(b.warnings.join('\n')).toMatch(/truncated tar/);
    expect((await b.read('/r/one.txt')).toString()).toBe('one');
  });

  it('a truncated zip is refused with a clear message', async () => {
    const zip = makeZip(sample);
    const msg = await archiveError(write('trunc.zip', zip.subarray(0, zip.length - 30)));
    expect(msg).toContain('trunc.zip');
    expect(msg).toMatch(/truncated|end-of-central-directory/);
  });

  it('a tar header that claims more bytes than follow: the entries before it are kept', async () => {
    const buf = await makeTar([
      { name: 'r/first.txt', data: 'first' },
      { name: 'r/liar.txt', data: 'short' },
      { name: 'r/after.txt', data: 'after' },
    ]);
    setTarSize(buf, tarHeaderOffsets(buf)[1], 10 * 2 ** 20);
    const src = await openArchive(write('liar-big.tar', buf));
    expect((await src.read('/r/first.txt')).toString()).toBe('first');
    expect(await src.stat('/r/liar.txt')).toBeNull();
    expect(src.warnings.join('\n')).toMatch(/truncated tar|shorter than its header/);
  });

  it('a tar header that claims fewer bytes: the next header is garbage, reported as corrupt', async () => {
    const buf = await makeTar([
      { name: 'r/first.txt', data: 'first' },
      { name: 'r/liar.txt', data: 'L'.repeat(2000) },
      { name: 'r/after.txt', data: 'after' },
    ]);
    setTarSize(buf, tarHeaderOffsets(buf)[1], 10);
    const src = await openArchive(write('liar-small.tar', buf));
    expect((await src.read('/r/first.txt')).toString()).toBe('first');
    expect(src.warnings.join('\n')).toMatch(/corrupt tar header/);
  });

  it('a zip entry whose header size is wrong is skipped, the others are read', async () => {
    const zip = makeZip([
      { name: 'r/a.txt', data: 'A'.repeat(1000) },
      { name: 'r/b.txt', data: 'B'.repeat(1000) },
    ]);
    // Uncompressed size of the first central record (offset 24) says 10 bytes.
    const cd = zipCentralOffset(zip);
    zip.writeUInt32LE(10, cd + 24);
    const src = await openArchive(write('liar.zip', zip));
    expect(await src.stat('/r/a.txt')).toBeNull();
    expect((await src.read('/r/b.txt')).length).toBe(1000);
    expect(src.warnings.join('\n')).toMatch(/r\/a\.txt: size in header \(10 bytes\) does not match/);
  });

  it('a zip bomb is refused at the cap, with a clear message', async () => {
    const zeros = Buffer.alloc(3 * 2 ** 20);
    const limit = 2 ** 20;
    for (const [name, buf] of [
      ['bomb.zip', makeZip([{ name: 'zeros.bin', data: zeros }])],
      ['bomb.tar.gz', gzip(await makeTar([{ name: 'zeros.bin', data: zeros }]))],
      [
        'bomb.tar.zst',
        hasZstdCli
          ? zstdCli(await makeTar([{ name: 'zeros.bin', data: zeros }]))
          : zstdRaw(await makeTar([{ name: 'zeros.bin', data: zeros }])),
      ],
    ] as const) {
      const msg = await archiveError(write(name, buf), limit);
      expect(msg).toContain(name);
      expect(msg).toMatch(/expands to more than 1 MB \(a zip bomb/);
      expect(msg).toMatch(/CODETRACER_MAX_ARCHIVE_MB/);
    }
  });

  it('a zip that lies about a small size cannot expand past it', async () => {
    const zip = makeZip([{ name: 'zeros.bin', data: Buffer.alloc(4 * 2 ** 20) }]);
    const cd = zipCentralOffset(zip);
    zip.writeUInt32LE(100, cd + 24);
    // Its only entry is refused, so the archive is refused, naming why.
    const msg = await archiveError(write('bomb-liar.zip', zip), 2 ** 20);
    expect(msg).toMatch(/bomb-liar\.zip: .*zeros\.bin: size in header \(100 bytes\) does not match the data/);
  });

  it('garbage, empty files and directories are refused with the archive named', async () => {
    expect(
      await archiveError(write('garbage.zip', Buffer.from('this is not a zip file at all, just text'))),
    ).toMatch(/garbage\.zip: not a zip archive/);
    expect(
      await archiveError(write('garbage.tar.zst', Buffer.from([0x28, 0xb5, 0x2f, 0xfd, 1, 2, 3]))),
    ).toMatch(/garbage\.tar\.zst: (truncated|corrupt) zstd/);
    expect(await archiveError(write('empty.tar.gz', Buffer.alloc(0)))).toMatch(/empty/);
    expect(await archiveError(tmp)).toMatch(/not an archive file/);
  });

  it('a missing archive is not_found', async () => {
    clearArchiveCache();
    await expect(openArchive(path.join(tmp, 'nope.tar'))).rejects.toMatchObject({ code: 'not_found' });
  });
});
