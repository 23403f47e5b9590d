// The runs of a batch from a manifest (.jsonl or .parquet): each row's traj_id and where the run is.
// Only those two things leave this file: gold fields of a row (stages, incorrect_stages, solved...) are
// never handed to a diagnoser.
import { existsSync } from 'node:fs';
import path from 'node:path';
import { parseAddress } from '../formats/open.js';
import { readParquetRows } from '../eval/parquet.js';
import { isCodetracerError } from '../io/errors.js';
import { parseJsonl, readText } from '../io/read.js';
import { fsSource } from '../io/source.js';

export interface BatchItem {
  trajId: string;
  /** Absolute run address (dir, file, archive). */
  address: string;
  /** Where the row was read (file:line or file: row N). */
  where: string;
}

export interface ManifestProblem {
  where: string;
  /** Set when the row named one. */
  trajId?: string;
  reason: string;
}

export interface BatchManifest {
  items: BatchItem[];
  problems: ManifestProblem[];
  /** Some row carries gold labels (a CodeTraceBench manifest): the batch is an evaluation. Only this
   *  yes/no leaves the file; the labels themselves never do. */
  hasGold?: boolean;
}

// Gold label columns: CodeTraceBench's stage annotations, Who&When's mistake fields.
const GOLD_FIELDS = ['incorrect_stages', 'stages', 'mistake_step', 'mistake_agent'] as const;

// Which column holds the run, in order of preference. `path` is ours; the rest are CodeTraceBench's.
const PATH_FIELDS = ['path', 'source_relpath', 'artifact_path', 'annotation_relpath'] as const;

async function readRows(file: string, problems: ManifestProblem[]) {
  if (/\.parquet$/i.test(file)) {
    const rows = await readParquetRows(file);
    return rows.map((value, i) => ({ value: value as unknown, where: `${file}: row ${i + 1}` }));
  }
  const { records, warnings } = parseJsonl(await readText(fsSource, file), file);
  for (const w of warnings) problems.push({ where: file, reason: `${w} (line skipped)` });
  return records.map((r) => ({ value: r.value, where: `${file}:${r.line}` }));
}

/** Rows → items; a row without traj_id, without a path, or whose path does not exist is a problem. */
export async function readBatchManifest(file: string, root: string): Promise<BatchManifest> {
  const problems: ManifestProblem[] = [];
  const items: BatchItem[] = [];
  const seen = new Set<string>();
  let hasGold = false;
  for (const { value, where } of await readRows(file, problems)) {
    const row =
      value && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : null;
    if (row && GOLD_FIELDS.some((f) => row[f] !== undefined && row[f] !== null)) hasGold = true;
    const id = row?.traj_id;
    if (!row || (typeof id !== 'string' && typeof id !== 'number') || String(id).trim() === '') {
      problems.push({ where, reason: 'no traj_id (row skipped)' });
      continue;
    }
    const trajId = String(id).trim();
    if (seen.has(trajId)) {
      // Not an entry of its own: the run is already in the batch.
      problems.push({ where, reason: `traj_id ${trajId} given twice; the first row is used` });
      continue;
    }
    seen.add(trajId);
    const given = PATH_FIELDS.map((f) => row[f]).filter(
      (v): v is string => typeof v === 'string' && v.trim() !== '',
    );
    if (!given.length) {
      problems.push({ where, trajId, reason: `no run path (${PATH_FIELDS.join(' / ')})` });
      continue;
    }
    const candidates = given.map((g) => path.resolve(root, g.trim()));
    // "archive!/inner" and "file#N" addresses exist when their file does.
    const found = candidates.find((c) => existsSync(parseAddress(c).fsPath));
    if (!found) {
      problems.push({ where, trajId, reason: `run not found: ${candidates[0]}` });
      continue;
    }
    items.push({ trajId, address: found, where });
  }
  return { items, problems, hasGold };
}

/** The manifest, or one problem naming why it cannot be read at all. */
export async function tryReadBatchManifest(file: string, root: string): Promise<BatchManifest> {
  try {
    return await readBatchManifest(file, root);
  } catch (e) {
    if (!isCodetracerError(e)) throw e;
    return { items: [], problems: [{ where: file, reason: e.oneLine() }] };
  }
}
