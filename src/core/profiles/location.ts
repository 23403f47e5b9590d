// Where the outputs of a run go. Reading a run never modifies it, so outputs go to, in order:
//   1. `--output-dir D`  ->  D/<run key>/   (one folder per run, the layout `codetracer eval` reads)
//   2. beside the run: `<run dir>/codetracer/` or `<file>.codetracer/`, only when that folder can be
//      created there and does not collide with anything of the run's own
//   3. the user cache: `$XDG_CACHE_HOME/codetracer/runs/<hash of the run address>/`
// A location holding several runs (a multi-run file) gets one sub-folder per run under 2 and 3.
import { createHash } from 'node:crypto';
import { constants, promises as fs } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { CodetracerError, fromFsError } from '../io/errors.js';
import { PROFILE_FILES } from './schemas.js';
import { SIDECAR_FILE } from './write.js';

export type OutputPlace = 'output-dir' | 'beside-run' | 'cache';

export interface OutputDir {
  dir: string;
  place: OutputPlace;
  /** Why the place beside the run was not used (printed to the user). */
  reason?: string;
}

export interface RunPlace {
  /** The run as a file-system path (dir or file), or null when it is inside an archive. */
  fsPath: string | null;
  kind: 'dir' | 'file';
  /** The full address (path, file#N, archive!/inner): keys the cache folder. */
  address: string;
  /** Trajectory id of this run. */
  trajId: string;
  /** True when the location holds several runs: each gets a sub-folder. */
  multi: boolean;
}

/** A folder name from a trajectory id: safe on every file system, never empty, never "." or "..". */
export function runKey(trajId: string): string {
  const k = trajId
    .replace(/[^A-Za-z0-9._-]+/g, '_')
    .replace(/^[._]+/, '')
    .slice(0, 150);
  return k || 'run';
}

export function cacheRoot(env: NodeJS.ProcessEnv): string {
  const xdg = env.XDG_CACHE_HOME?.trim();
  const base = xdg && path.isAbsolute(xdg) ? xdg : path.join(env.HOME?.trim() || os.homedir(), '.cache');
  return path.join(base, 'codetracer', 'runs');
}

const OUR_FILES = new Set([...Object.values(PROFILE_FILES), SIDECAR_FILE]);
// Profile outputs, the run sidecar, LLM conversations (codetracer_*.traj.json), human label edits and
// atomic-write temp files: everything codetracer itself puts in an output folder.
const isOurFile = (name: string) =>
  OUR_FILES.has(name) ||
  /^codetracer_[a-z_.]+\.json$/.test(name) ||
  /^\.codetracer_[a-z_.]+\.json\.\d+\.[0-9a-f]+\.tmp$/.test(name);

/** Missing, or a folder holding only codetracer outputs (directly or in per-run sub-folders). */
async function ownedOrAbsent(dir: string, depth = 1): Promise<boolean> {
  let entries;
  try {
    entries = await fs.readdir(dir, { withFileTypes: true });
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    return code === 'ENOENT';
  }
  for (const e of entries) {
    if (e.isFile() && isOurFile(e.name)) continue;
    if (e.isDirectory() && depth > 0 && (await ownedOrAbsent(path.join(dir, e.name), depth - 1))) continue;
    return false;
  }
  return true;
}

/** Whether files and folders can be made in `parent` (writable and searchable). */
export async function canCreateIn(parent: string): Promise<boolean> {
  try {
    await fs.access(parent, constants.W_OK | constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

/** Try to create `dir` (and parents); false on permission / read-only errors. */
async function tryMkdir(dir: string): Promise<boolean> {
  try {
    await fs.mkdir(dir, { recursive: true });
    await fs.access(dir, constants.W_OK);
    return true;
  } catch {
    return false;
  }
}

async function besideRun(run: RunPlace): Promise<OutputDir | { reason: string }> {
  if (!run.fsPath) return { reason: 'the run is inside an archive' };
  const base = run.kind === 'dir' ? path.join(run.fsPath, 'codetracer') : `${run.fsPath}.codetracer`;
  const parent = path.dirname(base);
  if (!(await ownedOrAbsent(base, run.multi ? 1 : 0))) {
    return { reason: `${base} already exists and holds files codetracer did not write` };
  }
  const exists = await fs.stat(base).then(
    (s) => s.isDirectory(),
    () => false,
  );
  if (!exists && !(await canCreateIn(parent))) return { reason: `${parent} is not writable` };
  const dir = run.multi ? path.join(base, runKey(run.trajId)) : base;
  if (!(await tryMkdir(dir))) return { reason: `${dir} cannot be created` };
  return { dir, place: 'beside-run' };
}

/** Pick (and create) the output folder of one run. */
export async function chooseOutputDir(
  run: RunPlace,
  opts: { outputDir?: string; env: NodeJS.ProcessEnv; cwd: string },
): Promise<OutputDir> {
  if (opts.outputDir !== undefined) {
    const dir = path.join(path.resolve(opts.cwd, opts.outputDir), runKey(run.trajId));
    if (run.fsPath && dir === run.fsPath) {
      throw new CodetracerError(
        'usage',
        'the output folder would be the run itself; choose another --output-dir',
        dir,
      );
    }
    try {
      await fs.mkdir(dir, { recursive: true });
    } catch (e) {
      throw fromFsError(e, dir);
    }
    return { dir, place: 'output-dir' };
  }
  const beside = await besideRun(run);
  if ('dir' in beside) return beside;
  const hash = createHash('sha256').update(run.address).digest('hex').slice(0, 16);
  const base = path.join(cacheRoot(opts.env), hash);
  const dir = run.multi ? path.join(base, runKey(run.trajId)) : base;
  try {
    await fs.mkdir(dir, { recursive: true });
  } catch (e) {
    throw fromFsError(e, dir);
  }
  return { dir, place: 'cache', reason: beside.reason };
}

/**
 * Refuse to replace a file that belongs to the run: a target that already exists inside the run and
 * sits in a folder not owned by codetracer.
 */
export async function assertNotRunFiles(targets: string[], run: RunPlace): Promise<void> {
  if (!run.fsPath) return;
  const root = run.kind === 'dir' ? run.fsPath + path.sep : run.fsPath;
  for (const t of targets) {
    const inside = run.kind === 'dir' ? t.startsWith(root) : t === root;
    if (!inside) continue;
    const exists = await fs.stat(t).then(
      () => true,
      () => false,
    );
    if (t === run.fsPath || (exists && !(await ownedOrAbsent(path.dirname(t), 0)))) {
      throw new CodetracerError('usage', 'refusing to overwrite a file of the run itself', t);
    }
  }
}
