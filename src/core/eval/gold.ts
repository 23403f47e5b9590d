// Gold labels for evaluation: CodeTraceBench manifests (.jsonl / .parquet) and Who&When run files.
// Bad input never stops the rest: broken manifest lines and odd files become warnings.
import { promises as fs } from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import { fsSource } from '../io/source.js';
import { parseJson, parseJsonl, readText } from '../io/read.js';
import { CodetracerError, fromFsError, isCodetracerError } from '../io/errors.js';
import { openRun } from '../formats/open.js';
import { readParquetRows } from './parquet.js';

export interface GoldStage {
  id: number;
  start: number;
  end: number;
}

export interface GoldItem {
  /** The id shown in reports: traj_id, or "Hand-Crafted/1" for Who&When. */
  id: string;
  kind: 'codetracebench' | 'whowhen';
  /** Where it was read (file, or file:line). */
  origin: string;
  /** Other names a prediction may be filed under (paths, trajectory ids). */
  aliases: string[];
  incorrect: number[];
  /** null when the source does not annotate unuseful steps (Who&When): excluded from those metrics. */
  unuseful: number[] | null;
  /** Gold stage ranges (CodeTraceBench manifest `stages`). */
  stages?: GoldStage[];
  /** Stage ids the manifest marks as holding incorrect steps. */
  incorrectStageIds?: number[];
  /** Who&When: the annotated decisive step (our step id) and agent; agents of each step when known. */
  mistake?: { stepId: number; agent?: string; agentsByStep?: Record<number, string> };
}

export interface GoldSet {
  items: GoldItem[];
  warnings: string[];
}

const num = z.union([z.number(), z.bigint(), z.string().regex(/^-?\d+$/)]).transform((v) => Number(v));
const ids = z.preprocess((v) => (v === null || v === undefined ? [] : v), z.array(num));
// Parquet exports sometimes keep nested columns as JSON text; accept both.
const jsonish = <T extends z.ZodType>(schema: T) =>
  z.preprocess((v) => {
    if (typeof v !== 'string') return v;
    try {
      return JSON.parse(v);
    } catch {
      return v;
    }
  }, schema);

const ManifestRowSchema = z.object({
  traj_id: z.string().min(1),
  stages: jsonish(z.array(z.object({ stage_id: num, start_step_id: num, end_step_id: num })).nullish()),
  incorrect_stages: jsonish(
    z
      .array(z.object({ stage_id: num, incorrect_step_ids: ids, unuseful_step_ids: ids.optional() }))
      .nullish(),
  ),
});

function issue(e: z.ZodError): string {
  const i = e.issues[0];
  return `${i.path.join('.') || 'row'}: ${i.message}`;
}

/** Turn manifest rows into gold items; `where(i)` names row i in warnings. */
export function goldFromManifestRows(
  rows: unknown[],
  where: (i: number) => string,
  warnings: string[],
): GoldItem[] {
  const out: GoldItem[] = [];
  rows.forEach((row, i) => {
    const r = ManifestRowSchema.safeParse(row);
    if (!r.success) {
      warnings.push(`${where(i)}: skipped, not a manifest row (${issue(r.error)})`);
      return;
    }
    const inc = new Set<number>();
    const unu = new Set<number>();
    const stageIds: number[] = [];
    for (const s of r.data.incorrect_stages ?? []) {
      s.incorrect_step_ids.forEach((x) => inc.add(x));
      (s.unuseful_step_ids ?? []).forEach((x) => unu.add(x));
      if (s.incorrect_step_ids.length) stageIds.push(s.stage_id);
    }
    for (const x of inc) unu.delete(x);
    const item: GoldItem = {
      id: r.data.traj_id,
      kind: 'codetracebench',
      origin: where(i),
      aliases: [],
      incorrect: [...inc].sort((a, b) => a - b),
      unuseful: [...unu].sort((a, b) => a - b),
      incorrectStageIds: stageIds,
    };
    if (r.data.stages?.length) {
      item.stages = r.data.stages.map((s) => ({
        id: s.stage_id,
        start: s.start_step_id,
        end: s.end_step_id,
      }));
    }
    out.push(item);
  });
  return out;
}

export async function loadManifest(file: string, warnings: string[]): Promise<GoldItem[]> {
  if (/\.parquet$/i.test(file)) {
    const rows = await readParquetRows(file);
    return goldFromManifestRows(rows, (i) => `${file}: row ${i + 1}`, warnings);
  }
  const text = await readText(fsSource, file);
  if (/\.json$/i.test(file)) {
    const v = parseJson(text, file);
    if (!Array.isArray(v))
      throw new CodetracerError('invalid_data', 'expected a JSON array of manifest rows', file);
    return goldFromManifestRows(v, (i) => `${file}: row ${i + 1}`, warnings);
  }
  const { records, warnings: bad } = parseJsonl(text, file);
  warnings.push(...bad.map((w) => `${w} (line skipped)`));
  return goldFromManifestRows(
    records.map((r) => r.value),
    (i) => `${file}:${records[i].line}`,
    warnings,
  );
}

const agentKey = (a: string) =>
  a
    .replace(/\s*\(.*\)\s*$/, '')
    .trim()
    .toLowerCase();
export { agentKey as normalizeAgent };

/** A Who&When file: through the whowhen parser when it reads it, else straight from the JSON. */
export async function loadWhoWhen(file: string): Promise<GoldItem | null> {
  const abs = path.resolve(file);
  // "<subset>/<n>" like the whowhen parser's trajectory id ("Hand-Crafted/1").
  const id = `${path.basename(path.dirname(abs))}/${path.basename(abs).replace(/\.json$/i, '')}`;
  const base: Pick<GoldItem, 'kind' | 'origin' | 'unuseful'> = {
    kind: 'whowhen',
    origin: abs,
    unuseful: null,
  };
  try {
    const [t] = await openRun(abs, { format: 'whowhen' });
    if (t?.gold?.mistakeStepId !== undefined) {
      const agentsByStep: Record<number, string> = {};
      for (const s of t.steps) if (s.agentName) agentsByStep[s.id] = s.agentName;
      return {
        ...base,
        id,
        aliases: [abs, t.id],
        incorrect: [t.gold.mistakeStepId],
        mistake: { stepId: t.gold.mistakeStepId, agent: t.gold.mistakeAgent, agentsByStep },
      };
    }
  } catch {
    // fall back to reading the JSON directly
  }
  const v = parseJson(await readText(fsSource, abs), abs) as Record<string, unknown>;
  if (!v || typeof v !== 'object' || !Array.isArray(v.history) || v.mistake_step === undefined) return null;
  const step = Number(v.mistake_step);
  if (!Number.isInteger(step))
    throw new CodetracerError(
      'invalid_data',
      `mistake_step "${String(v.mistake_step)}" is not an index`,
      abs,
    );
  const agentsByStep: Record<number, string> = {};
  (v.history as Record<string, unknown>[]).forEach((m, i) => {
    const a = typeof m?.name === 'string' ? m.name : typeof m?.role === 'string' ? m.role : undefined;
    if (a) agentsByStep[i + 1] = a;
  });
  // Who&When's mistake_step indexes history from 0; our step ids start at 1.
  return {
    ...base,
    id,
    aliases: [abs],
    incorrect: [step + 1],
    mistake: {
      stepId: step + 1,
      agent: typeof v.mistake_agent === 'string' ? v.mistake_agent : undefined,
      agentsByStep,
    },
  };
}

async function walkJson(dir: string, depth: number, out: string[]): Promise<void> {
  let entries;
  try {
    entries = await fs.readdir(dir, { withFileTypes: true });
  } catch (e) {
    throw fromFsError(e, dir);
  }
  entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  for (const e of entries) {
    const p = path.join(dir, e.name);
    if (e.isDirectory() && depth > 0 && !e.name.startsWith('.') && e.name !== 'node_modules')
      await walkJson(p, depth - 1, out);
    else if (e.isFile() && /\.json$/i.test(e.name) && !/^codetracer_/.test(e.name)) out.push(p);
  }
}

async function loadGoldPath(p: string, given: string, warnings: string[]): Promise<GoldItem[]> {
  const items: GoldItem[] = [];
  const st = await fs.stat(p).catch((e) => {
    throw fromFsError(e, given);
  });
  if (st.isDirectory()) {
    const files: string[] = [];
    await walkJson(p, 4, files);
    let skipped = 0;
    for (const f of files) {
      try {
        const it = await loadWhoWhen(f);
        if (it) items.push(it);
        else skipped++;
      } catch (e) {
        if (!isCodetracerError(e)) throw e;
        warnings.push(`${e.oneLine()} (skipped)`);
      }
    }
    if (skipped) warnings.push(`${given}: ${skipped} JSON file(s) are not Who&When runs (skipped)`);
    return items;
  }
  if (/\.(jsonl|parquet)$/i.test(p)) {
    items.push(...(await loadManifest(p, warnings)));
    return items;
  }
  // A single .json: a Who&When run, else a JSON array manifest.
  const it = await loadWhoWhen(p);
  if (it) items.push(it);
  else items.push(...(await loadManifest(p, warnings)));
  return items;
}

/**
 * Read gold from the given paths: manifests (.jsonl, .parquet, or a .json array), Who&When files, or
 * folders of Who&When files. Duplicate ids keep the first and warn.
 */
export async function loadGold(paths: string[], cwd = process.cwd()): Promise<GoldSet> {
  const warnings: string[] = [];
  const items: GoldItem[] = [];
  for (const given of paths) {
    try {
      items.push(...(await loadGoldPath(path.resolve(cwd, given), given, warnings)));
    } catch (e) {
      if (!isCodetracerError(e)) throw e;
      warnings.push(`${e.oneLine()} (no gold read from it)`);
    }
  }
  const seen = new Set<string>();
  const unique = items.filter((it) => {
    if (seen.has(it.id)) {
      warnings.push(`${it.origin}: gold for ${it.id} given twice; the first is kept`);
      return false;
    }
    seen.add(it.id);
    return true;
  });
  return { items: unique, warnings };
}
