// Where a replay is recorded: a new folder per replay, next to the run (a sibling of its folder or
// file, so it is listed beside its origin and never lands among the run's own files), in the folder
// given with --output, or in the user cache when the run's parent cannot be written (archives too).
// The folder is filled under a temporary name and renamed into place, so it appears complete or not at all.
import { randomBytes } from 'node:crypto';
import { promises as fs } from 'node:fs';
import path from 'node:path';
import { CodetracerError, fromFsError } from '../io/errors.js';
import { cacheRoot, canCreateIn, runKey, type RunPlace } from '../profiles/location.js';

const stamp = (d: Date) =>
  d
    .toISOString()
    .replace(/[-:]/g, '')
    .replace(/\.\d+Z$/, 'Z');

/** The run's own folder: the run directory, or the folder holding a run file. */
export function trajectoryFolder(place: RunPlace): string | null {
  if (!place.fsPath) return null;
  return place.kind === 'dir' ? place.fsPath : path.dirname(place.fsPath);
}

function isInside(root: string, p: string): boolean {
  const rel = path.relative(root, p);
  return rel === '' || (!rel.startsWith('..') && !path.isAbsolute(rel));
}

export function replayFolderName(place: RunPlace, breakpoint: number, now = new Date()): string {
  const base = place.fsPath ? path.basename(place.fsPath) : runKey(place.trajId);
  const which = place.multi ? `.${runKey(place.trajId)}` : '';
  return `${base}${which}.replay-step${breakpoint}-${stamp(now)}`;
}

/** The final folder path (not created yet). */
export async function replayOutputPath(
  place: RunPlace,
  breakpoint: number,
  o: { output?: string; cwd: string; env: NodeJS.ProcessEnv },
): Promise<string> {
  const name = replayFolderName(place, breakpoint);
  let parent: string;
  if (o.output !== undefined) parent = path.resolve(o.cwd, o.output);
  else if (place.fsPath && (await canCreateIn(path.dirname(place.fsPath))))
    parent = path.dirname(place.fsPath);
  else parent = path.join(path.dirname(cacheRoot(o.env)), 'replays');
  const target = path.join(parent, name);
  // The run's kind is 'dir' for a run folder: nothing of ours goes inside it.
  if (place.fsPath && place.kind === 'dir' && isInside(place.fsPath, target))
    throw new CodetracerError('usage', '--output is inside the run folder; choose another folder', target);
  return target;
}

/** Fill a fresh temporary folder beside `target`, then rename it to `target`. */
export async function writeFolderAtomic(target: string, fill: (dir: string) => Promise<void>): Promise<void> {
  const parent = path.dirname(target);
  const tmp = path.join(parent, `.${path.basename(target)}.${randomBytes(4).toString('hex')}.tmp`);
  try {
    await fs.mkdir(parent, { recursive: true });
    await fs.mkdir(tmp);
  } catch (e) {
    throw fromFsError(e, parent);
  }
  try {
    await fill(tmp);
    await fs.rename(tmp, target);
  } catch (e) {
    await fs.rm(tmp, { recursive: true, force: true });
    throw e instanceof CodetracerError ? e : fromFsError(e, target);
  }
}
