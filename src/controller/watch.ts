// Live watch: chokidar 5 on directories (no globs: chokidar 4+ has none) with an `ignored` function, and
// our own debounce: changes are collected and delivered as one batch ~200 ms after the first, so a run
// being written is re-read a few times a second at most. No polling.
import { EventEmitter } from 'node:events';
import { promises as fs } from 'node:fs';
import path from 'node:path';
import { watch, type FSWatcher } from 'chokidar';
import { DEFAULT_SKIP_DIRS } from '../core/discovery/skip.js';
import { PROFILE_FILES } from '../core/profiles/schemas.js';
import { SIDECAR_FILE } from '../core/profiles/write.js';
import { HUMAN_LABELS_FILE } from './persist.js';

export type ChangeKind = 'add' | 'change' | 'unlink' | 'addDir' | 'unlinkDir';

export interface WatcherOptions {
  /** Delay between the first change of a batch and its delivery (default 200 ms). */
  debounceMs?: number;
  /** Directory names never watched (default: discovery's skip list: .git, node_modules, venvs...). */
  skipDirs?: readonly string[];
}

interface WatcherEvents {
  changes: [Map<string, ChangeKind>];
  error: [string];
}

const isUnder = (p: string, dir: string) =>
  p === dir || p.startsWith(dir.endsWith(path.sep) ? dir : dir + path.sep);

export class FsWatcher extends EventEmitter<WatcherEvents> {
  private readonly debounceMs: number;
  private readonly skip: Set<string>;
  /** Paths watched with everything under them. */
  private readonly targets = new Set<string>();
  private pending = new Map<string, ChangeKind>();
  private timer: NodeJS.Timeout | null = null;
  private watchers: FSWatcher[] = [];
  private closed = false;

  constructor(opts: WatcherOptions = {}) {
    super();
    this.debounceMs = opts.debounceMs ?? 200;
    this.skip = new Set(opts.skipDirs ?? DEFAULT_SKIP_DIRS);
  }

  /** Watch `paths` (files or directories, absolute). A missing path is watched from its nearest existing ancestor. */
  async add(paths: string[]): Promise<void> {
    if (this.closed) return;
    const fresh = paths
      .map((p) => path.resolve(p))
      .filter((p) => ![...this.targets].some((t) => isUnder(p, t)));
    if (!fresh.length) return;
    for (const p of fresh) this.targets.add(p);
    const roots: string[] = [];
    for (const p of fresh) roots.push(await nearestExisting(p));
    // One chokidar watcher per add: its 'ready' tells when the new paths are really watched.
    const w = watch(roots, {
      ignoreInitial: true,
      ignored: this.ignored,
      persistent: true,
      followSymlinks: false,
    });
    for (const kind of ['add', 'change', 'unlink', 'addDir', 'unlinkDir'] as const) {
      w.on(kind, (p: string) => this.note(p, kind));
    }
    w.on('error', (e: unknown) => this.emit('error', e instanceof Error ? e.message : String(e)));
    this.watchers.push(w);
    await new Promise<void>((resolve) => w.once('ready', () => resolve()));
  }

  /** Stop watching a path added before (events under it are no longer reported). */
  remove(p: string): void {
    this.targets.delete(path.resolve(p));
  }

  /** True when chokidar should not look at `p`: skipped names, and anything off the way to a target. */
  ignored = (p: string): boolean => {
    if (this.skip.has(path.basename(p))) return true;
    for (const t of this.targets) {
      // Inside a target, or a directory on the way down to one (a target that does not exist yet).
      if (isUnder(p, t) || isUnder(t, p)) return false;
    }
    return true;
  };

  private note(p: string, kind: ChangeKind): void {
    // Temp files of atomic writes come and go; the rename shows up as a change of the real file.
    if (/^\..*\.tmp$/.test(path.basename(p))) return;
    // Removed targets and directories only on the way to a target are not reported.
    if (![...this.targets].some((t) => isUnder(p, t))) return;
    this.pending.set(p, kind);
    this.timer ??= setTimeout(() => this.deliver(), this.debounceMs);
  }

  private deliver(): void {
    this.timer = null;
    if (!this.pending.size || this.closed) return;
    const batch = this.pending;
    this.pending = new Map();
    this.emit('changes', batch);
  }

  async close(): Promise<void> {
    this.closed = true;
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    await Promise.all(this.watchers.map((w) => w.close()));
    this.watchers = [];
  }
}

async function nearestExisting(p: string): Promise<string> {
  let cur = p;
  for (;;) {
    const ok = await fs.stat(cur).then(
      () => true,
      () => false,
    );
    if (ok) return cur;
    const up = path.dirname(cur);
    if (up === cur) return cur;
    cur = up;
  }
}

// ---------------------------------------------------------------- what a batch of changes means

export interface TrackedRun {
  /** Run address (as discovery gives it). */
  address: string;
  /** The file or directory on disk the run is read from (an archive for archive addresses). */
  fsPath: string;
  kind: 'dir' | 'file';
  /** Folders where outputs of this run are (or will be) written. */
  outputDirs: string[];
}

export interface ChangeSummary {
  /** Runs whose own files changed (re-parse). */
  changed: Set<string>;
  /** Runs whose file or directory itself was removed. */
  deleted: Set<string>;
  /** Runs with a new or changed diagnosis output / labels file. */
  outputs: Set<string>;
  /** Directories with new things in them that belong to no known run (discover them). */
  newDirs: Set<string>;
}

const OUTPUT_NAMES = new Set([...Object.values(PROFILE_FILES), HUMAN_LABELS_FILE, SIDECAR_FILE]);

/** Pure: sort a batch of file-system changes into what the controller must do. */
export function classifyChanges(
  changes: Map<string, ChangeKind>,
  runs: readonly TrackedRun[],
): ChangeSummary {
  const out: ChangeSummary = {
    changed: new Set(),
    deleted: new Set(),
    outputs: new Set(),
    newDirs: new Set(),
  };
  for (const [p, kind] of changes) {
    let claimed = false;
    for (const r of runs) {
      if (r.outputDirs.some((d) => isUnder(p, d))) {
        claimed = true;
        if (OUTPUT_NAMES.has(path.basename(p)) || kind === 'unlinkDir') out.outputs.add(r.address);
        continue;
      }
      if (p === r.fsPath || (r.kind === 'dir' && isUnder(p, r.fsPath))) {
        claimed = true;
        if (p === r.fsPath && (kind === 'unlink' || kind === 'unlinkDir')) out.deleted.add(r.address);
        else out.changed.add(r.address);
      }
    }
    if (!claimed && kind !== 'unlink' && kind !== 'unlinkDir') {
      out.newDirs.add(kind === 'addDir' ? p : path.dirname(p));
    }
  }
  for (const a of out.deleted) out.changed.delete(a);
  // Keep only the top-most new directories: discovering a parent covers its children.
  const dirs = [...out.newDirs].sort((a, b) => a.length - b.length);
  out.newDirs = new Set();
  for (const d of dirs) if (![...out.newDirs].some((top) => isUnder(d, top))) out.newDirs.add(d);
  return out;
}
