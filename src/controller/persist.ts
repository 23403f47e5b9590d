// Where a run's labels live, and reading/writing them. The folder is the one `codetracer analyze` uses
// (beside the run, else the user cache); the TUI writes one more file there,
// `codetracer_labels.human.json`: the current labels with source / accepted / changed flags, written
// atomically after every human edit, read back when the run is opened again.
import { createHash } from 'node:crypto';
import { promises as fs } from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import { writeJsonAtomic } from '../core/io/atomic.js';
import { CodetracerError } from '../core/io/errors.js';
import { parseJson, readText } from '../core/io/read.js';
import { fsSource } from '../core/io/source.js';
import { diagnosisFromProfile } from '../core/profiles/load.js';
import { cacheRoot, chooseOutputDir, runKey, type RunPlace } from '../core/profiles/location.js';
import { PROFILE_FILES, VERDICTS, type ProfileName } from '../core/profiles/schemas.js';
import { SIDECAR_FILE } from '../core/profiles/write.js';
import { labelsFromDiagnosis, mergeMachine, sourceOfDiagnoser } from './labels.js';
import type { Label } from './state.js';

export const HUMAN_LABELS_FILE = 'codetracer_labels.human.json';

/** Profile files in the order their labels are read: per-step reasoning first. */
const READ_ORDER: ProfileName[] = ['rl_feedback', 'detailed', 'tracebench'];

// ---------------------------------------------------------------- folders

/** `<run dir>/codetracer` or `<file>.codetracer` (+ run key for multi-run files); null inside an archive. */
export function besideDir(place: RunPlace): string | null {
  if (!place.fsPath) return null;
  const base = place.kind === 'dir' ? path.join(place.fsPath, 'codetracer') : `${place.fsPath}.codetracer`;
  return place.multi ? path.join(base, runKey(place.trajId)) : base;
}

/** The user-cache folder `analyze` falls back to for this run. */
export function cacheDir(place: RunPlace, env: NodeJS.ProcessEnv): string {
  const hash = createHash('sha256').update(place.address).digest('hex').slice(0, 16);
  const base = path.join(cacheRoot(env), hash);
  return place.multi ? path.join(base, runKey(place.trajId)) : base;
}

/** Folders where outputs of this run may already be (beside first). Nothing is created. */
export function candidateDirs(place: RunPlace, env: NodeJS.ProcessEnv): string[] {
  const b = besideDir(place);
  return b ? [b, cacheDir(place, env)] : [cacheDir(place, env)];
}

const exists = (p: string) =>
  fs.stat(p).then(
    () => true,
    () => false,
  );

/**
 * The folder human labels are written to: a candidate that already holds our labels file or outputs
 * (so a run keeps one folder), else the place `analyze` would choose (created now).
 */
export async function labelsDirFor(
  place: RunPlace,
  opts: { env: NodeJS.ProcessEnv; cwd: string; outputDir?: string },
): Promise<string> {
  if (opts.outputDir === undefined) {
    for (const dir of candidateDirs(place, opts.env)) {
      if ((await exists(path.join(dir, HUMAN_LABELS_FILE))) || (await exists(path.join(dir, SIDECAR_FILE)))) {
        return dir;
      }
    }
  }
  return (await chooseOutputDir(place, opts)).dir;
}

// ---------------------------------------------------------------- the human labels file

const StoredLabelSchema = z.object({
  id: z.string().min(1),
  step_id: z.number().int().positive(),
  verdict: z.enum(VERDICTS),
  reasoning: z.string(),
  source: z.enum(['heuristic', 'llm', 'human']),
  accepted: z.boolean(),
  changed_by_human: z.boolean(),
  stage_id: z.number().int().optional(),
  signal: z.string().optional(),
  confidence: z.number().min(0).max(1).optional(),
  diagnoser: z.string().optional(),
});

const HumanFileSchema = z.object({
  codetracer_human_labels: z.literal(1),
  traj_id: z.string(),
  address: z.string().optional(),
  updated_at: z.string(),
  labels: z.array(StoredLabelSchema),
});
export type HumanLabelsFile = z.infer<typeof HumanFileSchema>;

export function toStored(l: Label): z.infer<typeof StoredLabelSchema> {
  return {
    id: l.id,
    step_id: l.stepId,
    verdict: l.verdict,
    reasoning: l.reasoning,
    source: l.source,
    accepted: l.accepted,
    changed_by_human: l.changedByHuman,
    ...(l.stageId !== undefined ? { stage_id: l.stageId } : {}),
    ...(l.signal !== undefined ? { signal: l.signal } : {}),
    ...(l.confidence !== undefined ? { confidence: l.confidence } : {}),
    ...(l.diagnoser !== undefined ? { diagnoser: l.diagnoser } : {}),
  };
}

function fromStored(s: z.infer<typeof StoredLabelSchema>): Label {
  return {
    id: s.id,
    stepId: s.step_id,
    verdict: s.verdict,
    reasoning: s.reasoning,
    source: s.source,
    accepted: s.accepted,
    changedByHuman: s.changed_by_human,
    ...(s.stage_id !== undefined ? { stageId: s.stage_id } : {}),
    ...(s.signal !== undefined ? { signal: s.signal } : {}),
    ...(s.confidence !== undefined ? { confidence: s.confidence } : {}),
    ...(s.diagnoser !== undefined ? { diagnoser: s.diagnoser } : {}),
  };
}

/** Write the labels file atomically (temp file, fsync, rename): a crash leaves the old or the new file. */
export async function saveHumanLabels(
  dir: string,
  place: RunPlace,
  items: readonly Label[],
  address?: string,
  now = new Date(),
): Promise<string> {
  const file = path.join(dir, HUMAN_LABELS_FILE);
  const doc: HumanLabelsFile = {
    codetracer_human_labels: 1,
    traj_id: place.trajId,
    ...(address ? { address } : {}),
    updated_at: now.toISOString(),
    labels: items.map(toStored),
  };
  await writeJsonAtomic(file, doc);
  return file;
}

export async function readHumanLabels(file: string): Promise<Label[]> {
  const data = parseJson(await readText(fsSource, file), file);
  const r = HumanFileSchema.safeParse(data);
  if (!r.success) {
    const i = r.error.issues[0];
    throw new CodetracerError(
      'invalid_data',
      `not a labels file: ${i.path.join('.') || 'top level'}: ${i.message}`,
      file,
    );
  }
  return r.data.labels.map(fromStored);
}

// ---------------------------------------------------------------- profile outputs

export interface MachineLabels {
  items: Label[];
  file: string;
  mtimeMs: number;
  diagnoser: string;
}

/** Labels of the newest profile output in a folder (rl_feedback first: it has per-step reasoning). */
export async function readProfileLabels(dir: string): Promise<MachineLabels | null> {
  for (const profile of READ_ORDER) {
    const file = path.join(dir, PROFILE_FILES[profile]);
    const st = await fs.stat(file).catch(() => null);
    if (!st?.isFile()) continue;
    try {
      const data = parseJson(await readText(fsSource, file), file);
      const { diagnosis } = diagnosisFromProfile(data, file, profile);
      const sidecar = await readSidecarDiagnoser(dir);
      const diagnoser = diagnosis.diagnoser === 'unknown' && sidecar ? sidecar : diagnosis.diagnoser;
      const items = labelsFromDiagnosis({ ...diagnosis, diagnoser }, sourceOfDiagnoser(diagnoser));
      return { items, file, mtimeMs: st.mtimeMs, diagnoser };
    } catch {
      // A half-written or foreign file: try the next profile.
    }
  }
  return null;
}

async function readSidecarDiagnoser(dir: string): Promise<string | null> {
  try {
    const v = parseJson(await readText(fsSource, path.join(dir, SIDECAR_FILE)), dir) as {
      diagnoser?: unknown;
    };
    return typeof v?.diagnoser === 'string' ? v.diagnoser : null;
  } catch {
    return null;
  }
}

export interface RestoredLabels {
  items: Label[];
  /** Folder holding the human labels file, when there is one. */
  humanFile: string | null;
  /** What the labels came from, for the pane header. */
  origin: string | null;
}

/**
 * The labels of a run when it is opened: the human file when there is one (the last state a person
 * left), with untouched machine labels refreshed from a profile output written after it; else the
 * newest profile output; else none.
 */
export async function restoreLabels(place: RunPlace, env: NodeJS.ProcessEnv): Promise<RestoredLabels> {
  let human: { items: Label[]; file: string; mtimeMs: number } | null = null;
  let machine: MachineLabels | null = null;
  for (const dir of candidateDirs(place, env)) {
    const file = path.join(dir, HUMAN_LABELS_FILE);
    const st = await fs.stat(file).catch(() => null);
    if (st?.isFile() && !human) {
      try {
        human = { items: await readHumanLabels(file), file, mtimeMs: st.mtimeMs };
      } catch {
        // Unreadable labels file: fall back to the outputs rather than failing the open.
      }
    }
    const m = await readProfileLabels(dir);
    if (m && (!machine || m.mtimeMs > machine.mtimeMs)) machine = m;
  }
  if (human) {
    const items =
      machine && machine.mtimeMs > human.mtimeMs ? mergeMachine(human.items, machine.items) : human.items;
    return { items, humanFile: human.file, origin: human.file };
  }
  if (machine) return { items: machine.items, humanFile: null, origin: machine.file };
  return { items: [], humanFile: null, origin: null };
}
