// A spec + a run location -> a Trajectory. Nothing in the spec is executed: it selects files (inside the
// run), reads them as data, and maps values by path. Bounded by the caps in safety.ts.
import { CodetracerError } from '../../io/errors.js';
import { basename, dirname } from '../../io/source.js';
import { parseJsonShared, readText } from '../../io/read.js';
import type { Trajectory, Verdict } from '../../model/trajectory.js';
import { makeTrajectory } from '../shared/build.js';
import type { RunLocation } from '../types.js';
import { resolveFiles } from './files.js';
import { Deadline, readRecords, type SpecRecord } from './records.js';
import { DEFAULT_CAPS, type SpecCaps } from './safety.js';
import type { SourceSpec, Spec, VerdictSpec } from './schema.js';
import { buildSteps } from './steps.js';
import { firstValue, matchesWhen, solvedOf, textOf } from './values.js';

export interface InterpretOptions {
  caps?: Partial<SpecCaps>;
}

interface Ctx {
  spec: Spec;
  loc: RunLocation;
  caps: SpecCaps;
  records: SpecRecord[];
  roots: unknown[];
}

/** The value a task/verdict/agent/model source points at, and the file it came from. */
async function sourceValue(s: SourceSpec, c: Ctx): Promise<{ value: unknown; file?: string }> {
  if (s.value !== undefined) return { value: s.value };
  if (s.file) {
    if (c.loc.kind !== 'dir') return { value: undefined };
    const r = await resolveFiles({ ...c.spec, files: [s.file], pick: 'first' }, c.loc, {
      ...c.caps,
      maxFiles: 1,
    });
    const f = r.files[0];
    if (!f) return { value: undefined };
    const shown = c.loc.src.display(f);
    try {
      const text = await readText(c.loc.src, f);
      if (s.path === undefined) return { value: text.trim(), file: shown };
      return { value: firstValue(parseJsonShared(text, shown), s.path), file: shown };
    } catch {
      return { value: undefined };
    }
  }
  if (s.when) {
    for (const r of c.records) {
      if (!matchesWhen(r.value, s.when)) continue;
      const v = s.path === undefined ? r.value : firstValue(r.value, s.path);
      if (v !== undefined && v !== null && textOf(v)?.trim() !== '') return { value: v, file: r.file };
    }
    return { value: undefined };
  }
  return { value: s.path === undefined ? undefined : firstValue(c.roots[0], s.path) };
}

async function textSource(s: SourceSpec | undefined, c: Ctx): Promise<string | null> {
  if (!s) return null;
  const t = textOf((await sourceValue(s, c)).value)?.trim();
  return t ? t : null;
}

async function verdictOf(s: VerdictSpec | undefined, c: Ctx): Promise<Verdict> {
  if (!s) return { solved: null };
  const { value, file } = await sourceValue(s, c);
  if (value === undefined || value === null) return { solved: null };
  const v: Verdict =
    s.equals !== undefined
      ? { solved: value === s.equals || String(value) === String(s.equals) }
      : solvedOf(value);
  if (file) v.source = file;
  return v;
}

/** The files read, or per folder a count when there are many (one event file per step). */
function sourcesOf(loc: RunLocation, files: string[]): string[] {
  if (files.length <= 5) return files.map((f) => loc.src.display(f));
  const perDir = new Map<string, number>();
  for (const f of files) perDir.set(dirname(f), (perDir.get(dirname(f)) ?? 0) + 1);
  return [...perDir].map(([d, n]) => `${loc.src.display(d)}/ (${n} files)`);
}

export async function interpretSpec(
  spec: Spec,
  loc: RunLocation,
  opts: InterpretOptions = {},
): Promise<Trajectory> {
  const caps = { ...DEFAULT_CAPS, ...opts.caps };
  const shown = loc.src.display(loc.path);
  const deadline = new Deadline(caps.timeMs, shown);
  const resolved = await resolveFiles(spec, loc, caps);
  if (!resolved.files.length) {
    const globs = spec.files.map((f) => (typeof f === 'string' ? f : f.glob)).join(', ');
    throw new CodetracerError(
      'invalid_data',
      `no file of the run matches the spec's files (${globs})`,
      shown,
    );
  }
  const read = await readRecords(loc.src, resolved.files, spec, caps, deadline);
  const built = buildSteps(spec, read.records, deadline);
  const c: Ctx = { spec, loc, caps, records: read.records, roots: read.roots };
  deadline.check();
  const id = loc.kind === 'dir' ? basename(loc.path) : basename(loc.path).replace(/\.[^.]+$/, '');
  return makeTrajectory({
    id: id || basename(dirname(loc.path)),
    sources: sourcesOf(loc, resolved.files),
    format: spec.id,
    agent: await textSource(spec.agent, c),
    model: await textSource(spec.model, c),
    task: await textSource(spec.task, c),
    verdict: await verdictOf(spec.verdict, c),
    steps: built.steps,
    warnings: [...resolved.warnings, ...read.warnings, ...built.warnings],
    metadata: { spec: { id: spec.id, version: spec.version, files: resolved.files.length } },
  });
}
