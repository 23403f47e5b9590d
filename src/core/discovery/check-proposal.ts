// Checking one LLM proposal: the path must stay inside the root (lexically and after resolving symbolic
// links), exist, and hold a run a registered format detects and reads. Nothing the model says is trusted.
import { promises as fs } from 'node:fs';
import path from 'node:path';
import { fsSource } from '../io/source.js';
import { detectFormat } from '../formats/registry.js';
import type { RunLocation } from '../formats/types.js';
import { discoverAll } from './index.js';
import { dirSize, summarize } from './summary.js';
import type { DiscoveredRun } from './types.js';

/** Files directly in a proposed folder that are checked when the folder itself is no run. */
const MAX_FILES_CHECKED = 32;

export type CheckResult = { ok: true; runs: DiscoveredRun[] } | { ok: false; reason: string };

export interface CheckContext {
  /** Absolute root as given, and its real path. */
  root: string;
  rootReal: string;
  skip: Set<string>;
}

const isInside = (p: string, root: string): boolean => p === root || p.startsWith(root + path.sep);

/** The absolute path a proposal names, or why it is refused before touching the file system. */
export function resolveProposalPath(given: string, root: string): { abs: string } | { reason: string } {
  const p = given.trim();
  if (!p) return { reason: 'empty path' };
  if (p.includes('\u0000')) return { reason: 'path contains a NUL character' };
  if (path.isAbsolute(p)) {
    const abs = path.resolve(p);
    return isInside(abs, root) ? { abs } : { reason: 'absolute path outside the root' };
  }
  const norm = path.posix.normalize(p.replace(/\\/g, '/'));
  if (norm === '..' || norm.startsWith('../')) return { reason: 'path goes outside the root (..)' };
  const abs = path.resolve(root, norm);
  return isInside(abs, root) ? { abs } : { reason: 'path goes outside the root' };
}

export async function checkProposal(given: string, c: CheckContext): Promise<CheckResult> {
  const r = resolveProposalPath(given, c.root);
  if ('reason' in r) return { ok: false, reason: r.reason };
  const rel = path.relative(c.root, r.abs);
  const skippedSeg = rel.split(path.sep).find((s) => c.skip.has(s));
  if (skippedSeg) return { ok: false, reason: `inside a skipped folder (${skippedSeg})` };
  let real: string;
  try {
    real = await fs.realpath(r.abs);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    return { ok: false, reason: code === 'ENOENT' ? 'does not exist' : `unreadable (${code ?? 'error'})` };
  }
  if (!isInside(real, c.rootReal)) return { ok: false, reason: 'symbolic link resolves outside the root' };
  const st = await fs.stat(real).catch(() => null);
  if (!st) return { ok: false, reason: 'does not exist' };
  if (st.isFile()) return checkFile(r.abs);
  if (!st.isDirectory()) return { ok: false, reason: 'not a regular file or folder' };
  return checkDir(r.abs, c);
}

/** A file goes through discovery itself: the same detection, multi-run files and summaries. */
async function checkFile(file: string): Promise<CheckResult> {
  const { runs, problems } = await discoverAll([file]);
  const readable = runs.filter((x) => x.steps !== null);
  if (readable.length) return { ok: true, runs: readable };
  const why = problems[0]?.message ?? 'no known trajectory format in this file';
  return { ok: false, reason: why };
}

async function checkDir(dir: string, c: CheckContext): Promise<CheckResult> {
  const loc: RunLocation = { src: fsSource, path: dir, kind: 'dir' };
  const m = await detectFormat(loc);
  if (m) {
    try {
      const [s, size] = await Promise.all([summarize(m, loc), dirSize(fsSource, dir)]);
      if (s.steps === null) return { ok: false, reason: `detected as ${m.id} but no run could be read` };
      return { ok: true, runs: [{ path: dir, format: m.id, steps: s.steps, verdict: s.verdict, size }] };
    } catch (e) {
      return { ok: false, reason: `detected as ${m.id} but could not be read: ${oneLine(e)}` };
    }
  }
  // A folder holding run files under names no fingerprint knows: the files are the runs.
  const entries = await fs.readdir(dir, { withFileTypes: true }).catch(() => []);
  const files = entries
    .filter((e) => e.isFile() || e.isSymbolicLink())
    .map((e) => e.name)
    .sort()
    .slice(0, MAX_FILES_CHECKED);
  const runs: DiscoveredRun[] = [];
  for (const name of files) {
    const f = path.join(dir, name);
    // A link among the files is checked like a proposal of its own (it may point outside the root).
    const real = await fs.realpath(f).catch(() => null);
    if (real === null || !isInside(real, c.rootReal)) continue;
    // Only regular files: reading a FIFO or a device would block or never end.
    if (!(await fs.stat(real).catch(() => null))?.isFile()) continue;
    const r = await checkFile(f);
    if (r.ok) runs.push(...r.runs);
  }
  if (runs.length) return { ok: true, runs };
  return { ok: false, reason: 'no known trajectory format in this folder or the files directly in it' };
}

function oneLine(e: unknown): string {
  return (e instanceof Error ? e.message : String(e)).split('\n')[0];
}
