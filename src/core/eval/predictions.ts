// Indexing prediction folders: every output folder (codetracer_*.json, with or without a sidecar) and
// every `<traj id>.json` file under the given roots, with the names it can be matched by.
import { promises as fs } from 'node:fs';
import path from 'node:path';
import { fromFsError, isCodetracerError } from '../io/errors.js';
import { loadPredictions, type LoadedPrediction } from '../profiles/load.js';
import { PROFILE_FILES } from '../profiles/schemas.js';
import { SIDECAR_FILE } from '../profiles/write.js';

export interface PredEntry {
  /** An output folder or a single file. */
  path: string;
  /** Names it may be filed under: folder / file names, relative path, the sidecar's trajectory id. */
  names: string[];
  /** Absolute paths of the run files it was produced from (from the sidecar). */
  sources: string[];
  prediction?: LoadedPrediction;
  /** Why it could not be read (it then counts as an empty prediction). */
  error?: string;
}

export interface PredIndex {
  entries: PredEntry[];
  warnings: string[];
}

const OUTPUT_NAMES = new Set([...Object.values(PROFILE_FILES), SIDECAR_FILE]);
const MAX_DEPTH = 4;

const stripSuffixes = (name: string) => name.replace(/\.codetracer$/i, '').replace(/\.json$/i, '');

async function entryFor(p: string, rel: string): Promise<PredEntry> {
  const names = [stripSuffixes(path.basename(p))];
  if (rel && rel !== names[0]) names.push(rel.split(path.sep).map(stripSuffixes).join('/'));
  const e: PredEntry = { path: p, names, sources: [] };
  try {
    e.prediction = await loadPredictions(p);
    const sc = e.prediction.sidecar;
    if (sc) {
      names.push(sc.traj_id);
      e.sources = (sc.sources ?? []).filter((s) => typeof s === 'string').map((s) => path.resolve(s));
    }
  } catch (err) {
    if (!isCodetracerError(err)) throw err;
    e.error = err.oneLine();
  }
  return e;
}

async function visit(dir: string, rel: string, depth: number, out: PredEntry[]): Promise<void> {
  let entries;
  try {
    entries = await fs.readdir(dir, { withFileTypes: true });
  } catch (e) {
    throw fromFsError(e, dir);
  }
  entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  if (entries.some((e) => e.isFile() && OUTPUT_NAMES.has(e.name))) {
    out.push(await entryFor(dir, rel));
    return;
  }
  for (const e of entries) {
    if (e.name.startsWith('.') || e.name === 'node_modules') continue;
    const p = path.join(dir, e.name);
    const r = rel ? path.join(rel, e.name) : e.name;
    if (e.isDirectory()) {
      if (depth > 0) await visit(p, r, depth - 1, out);
    } else if (e.isFile() && /\.json$/i.test(e.name)) {
      out.push(await entryFor(p, r));
    }
  }
}

/** Index one or more prediction roots (shards are merged; the same run twice keeps both, see match). */
export async function indexPredictions(roots: string[], cwd = process.cwd()): Promise<PredIndex> {
  const entries: PredEntry[] = [];
  const warnings: string[] = [];
  for (const given of roots) {
    const root = path.resolve(cwd, given);
    const st = await fs.stat(root).catch(() => null);
    if (!st) {
      warnings.push(`${given}: no such prediction folder (skipped)`);
      continue;
    }
    if (st.isFile()) entries.push(await entryFor(root, ''));
    else await visit(root, '', MAX_DEPTH, entries);
  }
  return { entries, warnings };
}

/** Compare names loosely: case, separators and ".json"/".codetracer" suffixes do not matter. */
export function normName(s: string): string {
  return stripSuffixes(s.trim())
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '');
}
