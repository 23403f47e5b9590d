// The walk: marker scan, format check, child preference, single-file and multi-run files, archives.
import { promises as fs } from 'node:fs';
import pLimit, { type LimitFunction } from 'p-limit';
import { CodetracerError, isCodetracerError } from '../io/errors.js';
import { basename, join, type FileSource } from '../io/source.js';
import { detectFormat } from '../formats/registry.js';
import type { FormatModule, RunLocation } from '../formats/types.js';
import { openArchive } from '../archive/open.js';
import { isArchiveName } from '../archive/kind.js';
import { isAggregate } from './aggregate.js';
import { buildCandidates, fileGlobsOf, globFiles, locatesRunFiles, type Candidates } from './candidates.js';
import { globExists } from '../formats/fingerprint.js';
import { ScanSource, type ScanEntry } from './scan-source.js';
import { skipSet, VIRTUALENV_MARKER } from './skip.js';
import { summarizeLocation, type LocationSummary } from './summary.js';
import {
  DEFAULT_MAX_DEPTH,
  type DiscoverOptions,
  type DiscoveredRun,
  type DiscoveryProblem,
} from './types.js';

/** Where a walk happens: the file system, or inside one archive. */
interface Place {
  src: FileSource;
  /** The archive's file-system path, or null on the file system. */
  archive: string | null;
  list(dir: string): Promise<ScanEntry[]>;
  /** The address of a path in this place, as openRun takes it. */
  address(p: string): string;
}

// Summaries waiting to run before the walk pauses for them (see schedule).
const SUMMARY_BACKLOG = 16;

export class Walker {
  private readonly limit: LimitFunction;
  private readonly summaryLimit: LimitFunction;
  private readonly fsScan = new ScanSource();
  private readonly candidates: Candidates = buildCandidates();
  private readonly skip: Set<string>;
  private readonly maxDepth: number;
  private readonly visitedDirs = new Set<string>();
  private readonly visitedFiles = new Set<string>();
  private readonly pending = new Set<Promise<void>>();
  private depthCut = 0;
  aborted = false;

  constructor(
    private readonly opts: DiscoverOptions,
    private readonly emit: (run: DiscoveredRun) => void,
  ) {
    this.limit = pLimit(Math.max(1, opts.concurrency ?? 8));
    this.summaryLimit = pLimit(Math.max(1, opts.concurrency ?? 8));
    this.skip = skipSet(opts.skip, opts.noDefaultSkip);
    this.maxDepth = opts.maxDepth ?? DEFAULT_MAX_DEPTH;
  }

  private readonly fsPlace: Place = {
    src: this.fsScan,
    archive: null,
    list: (d) => this.fsScan.listDetailed(d),
    address: (p) => p,
  };

  problem(path: string, e: unknown, prefix = ''): void {
    const message = isCodetracerError(e)
      ? e.file && e.file !== path
        ? e.oneLine()
        : e.message
      : e instanceof Error
        ? e.message
        : String(e);
    const p: DiscoveryProblem = { path, message: prefix + message.split('\n')[0] };
    if (isCodetracerError(e)) p.code = e.code;
    this.opts.onProblem?.(p);
  }

  /** Walk one root: a directory, a run file, an archive, or "archive!/inner". Never throws for bad input. */
  async root(root: string, fsPath: string, inner: string | undefined): Promise<void> {
    if (inner !== undefined) {
      await this.archive(fsPath, 0, inner, true);
      return;
    }
    const st = await fs.stat(fsPath).catch((e: unknown) => e as NodeJS.ErrnoException);
    if (st instanceof Error) {
      this.problem(
        root,
        new CodetracerError(
          st.code === 'ENOENT' ? 'not_found' : 'unreadable',
          st.code === 'ENOENT' ? 'no such file or directory' : st.message,
        ),
      );
      return;
    }
    const real = await fs.realpath(fsPath);
    if (st.isDirectory()) {
      if (this.visitedDirs.has(real)) return;
      this.visitedDirs.add(real);
      await this.dir(this.fsPlace, fsPath, 0, real);
    } else if (isArchiveName(fsPath)) {
      await this.archive(fsPath, 0, '/', true);
    } else {
      const found = await this.file(this.fsPlace, fsPath, real, true);
      if (!found)
        this.problem(root, new CodetracerError('unknown_format', 'no known trajectory format in this file'));
    }
  }

  /** Wait for the runs still being summarized; report what the depth limit cut. */
  async finish(): Promise<void> {
    while (this.pending.size) await Promise.all([...this.pending]);
    if (this.depthCut > 0) {
      this.opts.onProblem?.({
        path: '',
        message: `${this.depthCut} director${this.depthCut === 1 ? 'y' : 'ies'} below depth ${this.maxDepth} not searched (raise --max-depth to go deeper)`,
      });
    }
  }

  /** Returns how many runs were found at or under dir. */
  private async dir(place: Place, dir: string, depth: number, real: string | null): Promise<number> {
    if (this.aborted) return 0;
    let entries: ScanEntry[];
    try {
      entries = await this.limit(() => place.list(dir));
    } catch (e) {
      this.problem(place.src.display(dir), e, 'directory skipped: ');
      return 0;
    }
    const names = entries.map((e) => e.name);
    if (depth > 0 && names.includes(VIRTUALENV_MARKER)) return 0;
    let known: Map<string, FormatModule> | undefined;
    if (this.candidates.dir(names)) {
      const loc: RunLocation = { src: place.src, path: dir, kind: 'dir' };
      const m = await this.limit(() => detectFormat(loc));
      const fileRuns = m ? await this.fileRunsOf(place, m, dir, entries) : null;
      if (m && !fileRuns) {
        // Child preference: an aggregate that a format accepts still yields its trials when it has any.
        if (entries.some((e) => e.kind === 'dir') && (await isAggregate(place.src, dir, names))) {
          const n = await this.contents(place, dir, entries, depth, real);
          if (n > 0) return n;
        }
        await this.schedule(place, loc, m);
        return 1;
      }
      known = fileRuns ?? undefined;
    }
    return this.contents(place, dir, entries, depth, real, known);
  }

  /**
   * A folder that a format accepts only because it holds that format's run files is not a run: its files
   * are (trajs/<id>/<id>.traj.json, a SWE-agent folder of .traj files). It is told apart by the fingerprints
   * that matched: fixed names (steps.json, agent-logs/mini.traj.json) describe a run folder's layout,
   * patterns in the last segment (*.traj.json) find run files. Returns null when the folder is the run,
   * else the run files found directly in it (already checked, so the sweep need not check them again).
   */
  private async fileRunsOf(
    place: Place,
    m: FormatModule,
    dir: string,
    entries: ScanEntry[],
  ): Promise<Map<string, FormatModule> | null> {
    const isRunFile = fileGlobsOf(m.fingerprints);
    if (!isRunFile) return null;
    const matched: string[] = [];
    for (const fp of m.fingerprints) {
      if (!fp.startsWith('file:') && (await globExists(place.src, dir, fp))) matched.push(fp);
    }
    if (matched.length > 0 && !matched.every(locatesRunFiles)) return null;
    const accepts = (p: string) =>
      this.limit(() => m.detect({ src: place.src, path: p, kind: 'file' }).catch(() => false));
    const known = new Map<string, FormatModule>();
    for (const e of entries) {
      const p = join(dir, e.name);
      if (e.kind === 'file' && isRunFile(e.name) && (await accepts(p))) known.set(p, m);
    }
    if (known.size > 0) return known;
    // Run files deeper down (trajs/*/*.traj.json): one is enough to know the folder only holds runs.
    for (const fp of matched) {
      for (const p of await globFiles(place.src, dir, fp, 20)) {
        if (p.slice(dir.length + 1).includes('/') && isRunFile(basename(p)) && (await accepts(p)))
          return known;
      }
    }
    return null;
  }

  private async contents(
    place: Place,
    dir: string,
    entries: ScanEntry[],
    depth: number,
    real: string | null,
    known?: Map<string, FormatModule>,
  ): Promise<number> {
    const tasks: Promise<number>[] = [];
    for (const e of entries) {
      const p = join(dir, e.name);
      if (e.kind === 'file') {
        if (isArchiveName(e.name)) {
          if (place.archive) {
            this.problem(
              place.src.display(p),
              new CodetracerError(
                'archive',
                'archive inside an archive: not searched (extract the outer one)',
              ),
            );
          } else if (this.opts.archives !== false) {
            tasks.push(this.archiveEntry(p, e, depth + 1, real));
          }
        } else if (this.candidates.file(e.name)) {
          const fileReal = real === null ? null : e.isLink ? null : join(real, e.name);
          tasks.push(this.file(place, p, fileReal, false, known?.get(p)).then((ok) => (ok ? 1 : 0)));
        }
      } else if (e.kind === 'dir') {
        if (this.skip.has(e.name)) continue;
        if (depth + 1 > this.maxDepth) {
          this.depthCut++;
          continue;
        }
        tasks.push(this.subdir(place, p, e, depth + 1, real));
      }
    }
    const counts = await Promise.all(tasks);
    return counts.reduce((a, b) => a + b, 0);
  }

  private async subdir(
    place: Place,
    p: string,
    e: ScanEntry,
    depth: number,
    parentReal: string | null,
  ): Promise<number> {
    let real: string | null = null;
    if (parentReal !== null) {
      if (e.isLink) {
        try {
          real = await fs.realpath(p);
        } catch (err) {
          this.problem(p, err, 'symbolic link skipped: ');
          return 0;
        }
        if (real === parentReal || parentReal.startsWith(real + '/') || real === '/') {
          this.problem(
            p,
            new CodetracerError('symlink_loop', `symbolic link loop (points back to ${real}); skipped`),
          );
          return 0;
        }
      } else {
        real = join(parentReal, e.name);
      }
      // Two links to one folder, or overlapping roots: each folder is searched once.
      if (this.visitedDirs.has(real)) return 0;
      this.visitedDirs.add(real);
    }
    return this.dir(place, p, depth, real);
  }

  /** A file that may be a run by itself (`known`: its format, already checked). Returns whether it was one. */
  private async file(
    place: Place,
    p: string,
    real: string | null,
    isRoot: boolean,
    known?: FormatModule,
  ): Promise<boolean> {
    if (place.archive === null) {
      const key = real ?? (await fs.realpath(p).catch(() => p));
      if (this.visitedFiles.has(key)) return isRoot;
      this.visitedFiles.add(key);
    }
    const loc: RunLocation = { src: place.src, path: p, kind: 'file' };
    const m = known ?? (await this.limit(() => detectFormat(loc)));
    if (!m) return false;
    await this.schedule(place, loc, m);
    return true;
  }

  private async archiveEntry(
    p: string,
    e: ScanEntry,
    depth: number,
    parentReal: string | null,
  ): Promise<number> {
    const key =
      parentReal !== null && !e.isLink ? join(parentReal, e.name) : await fs.realpath(p).catch(() => p);
    if (this.visitedFiles.has(key)) return 0;
    this.visitedFiles.add(key);
    return this.archive(p, depth, '/', false);
  }

  private async archive(fsPath: string, depth: number, inner: string, isRoot: boolean): Promise<number> {
    let src;
    try {
      src = await this.limit(() => openArchive(fsPath, { maxBytes: this.opts.maxArchiveBytes }));
    } catch (e) {
      this.problem(fsPath, e, isRoot ? '' : 'archive skipped: ');
      return 0;
    }
    for (const w of src.warnings) this.problem(fsPath, new Error(w));
    const place: Place = {
      src,
      archive: fsPath,
      list: async (d) => (await src.list(d)).map((x) => ({ ...x, isLink: false })),
      address: (q) => `${fsPath}!${q}`,
    };
    const st = await src.stat(inner);
    if (!st) {
      this.problem(src.display(inner), new CodetracerError('not_found', 'no such path in the archive'));
      return 0;
    }
    if (st.kind === 'file') {
      const ok = await this.file(place, inner, null, isRoot);
      if (!ok && isRoot)
        this.problem(
          src.display(inner),
          new CodetracerError('unknown_format', 'no known trajectory format in this file'),
        );
      return ok ? 1 : 0;
    }
    return this.dir(place, inner, depth, null);
  }

  /**
   * Summarize in the background so the walk goes on; the run is emitted when its summary is ready. Summaries
   * have their own queue, and the walk waits while it is long: a run is then summarized soon after its format
   * check, while the files the check read are still in the read cache (else the walk runs far ahead and
   * every file is read, decoded and parsed twice).
   */
  private async schedule(place: Place, loc: RunLocation, m: FormatModule): Promise<void> {
    const task = this.summaryLimit(() => this.summarizeAndEmit(place, loc, m)).finally(() =>
      this.pending.delete(task),
    );
    this.pending.add(task);
    if (this.summaryLimit.pendingCount > SUMMARY_BACKLOG) await task;
  }

  private async summarizeAndEmit(place: Place, loc: RunLocation, m: FormatModule): Promise<void> {
    if (this.aborted) return;
    const address = place.address(loc.path);
    if (this.opts.summarize === false) {
      this.emit({ path: address, format: m.id, steps: null, verdict: null, size: 0 });
      return;
    }
    this.report(address, m.id, await summarizeLocation(m, loc));
  }

  private report(address: string, format: string, s: LocationSummary): void {
    if (s.error !== undefined) this.problem(address, s.error, 'could not read: ');
    s.runs.forEach((r, i) =>
      this.emit({ path: s.multi ? `${address}#${i + 1}` : address, format, ...r, size: s.size }),
    );
  }
}
