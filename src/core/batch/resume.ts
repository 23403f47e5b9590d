// `--resume`: a run is done when its output folder holds every requested profile, each valid against the
// parsed run (with the stage segmentation its sidecar recorded), and the diagnosis that wrote it finished.
import { promises as fs } from 'node:fs';
import path from 'node:path';
import { isCodetracerError } from '../io/errors.js';
import { parseJson, readOptionalText } from '../io/read.js';
import { fsSource } from '../io/source.js';
import type { Trajectory } from '../model/trajectory.js';
import { PROFILE_FILES, type ProfileName } from '../profiles/schemas.js';
import { validateProfileFile, type StageRange } from '../profiles/validate.js';
import { SIDECAR_FILE } from '../profiles/write.js';
import type { SummaryEntry } from './summary.js';

async function readJsonOrNull(file: string): Promise<Record<string, unknown> | null> {
  try {
    const text = await readOptionalText(fsSource, file);
    const v = text === null ? null : parseJson(text, file);
    return v && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>) : null;
  } catch (e) {
    if (isCodetracerError(e)) return null;
    throw e;
  }
}

/** Whether the LLM conversations in the folder (if any) all ended "completed". */
async function conversationsCompleted(dir: string): Promise<boolean> {
  const names = await fs.readdir(dir).catch(() => [] as string[]);
  for (const n of names.filter((n) => /^codetracer_.*\.traj\.json$/.test(n))) {
    const doc = await readJsonOrNull(path.join(dir, n));
    if (doc?.status !== 'completed') return false;
  }
  return true;
}

export async function isRunDone(
  dir: string,
  traj: Trajectory,
  profiles: readonly ProfileName[],
  previous: SummaryEntry | undefined,
): Promise<boolean> {
  // The summary knows best how the last attempt ended; without it, the conversation file says.
  if (previous && previous.status !== 'completed') return false;
  const sidecar = await readJsonOrNull(path.join(dir, SIDECAR_FILE));
  if (!sidecar) return false;
  const stages = Array.isArray(sidecar.stages)
    ? (sidecar.stages as StageRange[]).map((s) => ({ id: s.id, start: s.start, end: s.end }))
    : undefined;
  for (const p of profiles) {
    const r = await validateProfileFile(path.join(dir, PROFILE_FILES[p]), traj, { profile: p, stages });
    if (!r.valid) return false;
  }
  return previous ? true : conversationsCompleted(dir);
}
