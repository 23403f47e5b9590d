// The cheap first pass: which directories and files are worth a content check. A directory is a candidate
// when its listing holds a known marker or the first segment of some format's fingerprint; a file when its
// name matches a single-file fingerprint or a common trajectory file pattern.
import picomatch from 'picomatch';
import { allFormats } from '../formats/registry.js';
import { join, type FileSource } from '../io/source.js';

// Upstream's markers, plus the entries that the layouts we know start with.
const DIR_MARKERS = [
  'steps.json',
  'step_*.jsonl',
  'results.json',
  'result.json',
  'sessions',
  'agent-logs',
  'agent',
  'trajectory.json',
];
const FILE_PATTERNS = ['*.traj.json', '*.traj', '*.json', '*.jsonl'];

export interface Candidates {
  dir(names: readonly string[]): boolean;
  file(name: string): boolean;
}

const matcher = (globs: string[]): ((s: string) => boolean) => {
  const unique = [...new Set(globs)];
  return unique.length ? picomatch(unique, { dot: true }) : () => false;
};

/** Built per discovery, so formats registered at run time take part. */
export function buildCandidates(): Candidates {
  const dirHeads: string[] = [...DIR_MARKERS];
  const fileGlobs: string[] = [...FILE_PATTERNS];
  for (const m of allFormats()) {
    for (const fp of m.fingerprints) {
      if (fp.startsWith('file:')) fileGlobs.push(fp.slice(5));
      else {
        const segs = fp.split('/').filter(Boolean);
        // "*.traj" alone finds run files, which the file sweep checks; it says nothing about the folder.
        if (segs.length > 1 || !locatesRunFiles(fp)) dirHeads.push(segs[0]);
      }
    }
  }
  const dirMatch = matcher(dirHeads);
  const fileMatch = matcher(fileGlobs);
  return {
    dir: (names) => names.some((n) => dirMatch(n)),
    file: (name) => fileMatch(name),
  };
}

/** The file-name globs of one format (its "file:" fingerprints). */
export function fileGlobsOf(fingerprints: readonly string[]): ((s: string) => boolean) | null {
  const globs = fingerprints.filter((f) => f.startsWith('file:')).map((f) => f.slice(5));
  return globs.length ? picomatch(globs, { dot: true }) : null;
}

const hasMagic = (seg: string): boolean => /[*?[\]{}!]/.test(seg);

/** A fingerprint that names its last entry by pattern (`*.traj.json`) locates run files, not a run layout. */
export function locatesRunFiles(fingerprint: string): boolean {
  const segs = fingerprint.split('/').filter(Boolean);
  return segs.length > 0 && hasMagic(segs[segs.length - 1]);
}

/** Up to `max` files under dir matching a segment-wise glob. */
export async function globFiles(src: FileSource, dir: string, glob: string, max: number): Promise<string[]> {
  const segs = glob.split('/').filter(Boolean);
  const out: string[] = [];
  const walk = async (cur: string, i: number): Promise<void> => {
    const entries = await src.list(cur).catch(() => []);
    const m = picomatch(segs[i], { dot: true });
    const last = i === segs.length - 1;
    for (const e of entries) {
      if (out.length >= max) return;
      if (!m(e.name)) continue;
      if (last) {
        if (e.kind === 'file') out.push(join(cur, e.name));
      } else if (e.kind === 'dir') {
        await walk(join(cur, e.name), i + 1);
      }
    }
  };
  if (segs.length) await walk(dir, 0);
  return out;
}
