// Writing profile outputs (and the run sidecar) atomically into an output folder.
import path from 'node:path';
import { promises as fs } from 'node:fs';
import { writeJsonAtomic } from '../io/atomic.js';
import { CodetracerError, fromFsError } from '../io/errors.js';
import type { Trajectory } from '../model/trajectory.js';
import type { Diagnosis, DiagnosisStage } from './diagnosis.js';
import { prepareDiagnosis, profileFromPrepared } from './convert.js';
import { PROFILE_FILES, type ProfileName } from './schemas.js';
import { validateProfile, type ValidationResult } from './validate.js';

/**
 * Sidecar written next to the profile files. It names the run and the diagnoser even when a profile
 * file cannot (an empty tracebench array), and records the stage segmentation the stage ids refer to,
 * so validators and `codetracer eval` can match outputs to runs without guessing from folder names.
 */
export const SIDECAR_FILE = 'codetracer_run.json';

export interface RunSidecar {
  codetracer_output: 1;
  traj_id: string;
  /** Files the run was read from (display paths). */
  sources: string[];
  /** The address given to analyze (path, file#N, archive!/inner). */
  address?: string;
  format: string;
  diagnoser: string;
  step_count: number;
  stages: DiagnosisStage[];
  profiles: Partial<Record<ProfileName, string>>;
  created_at: string;
  warnings: string[];
}

export interface WrittenOutputs {
  dir: string;
  /** Absolute paths of the profile files written, by profile. */
  files: Partial<Record<ProfileName, string>>;
  sidecar: string;
  /** Adjustments made to the diagnosis (dropped labels, added stages) plus validation warnings. */
  warnings: string[];
}

export interface WriteOptions {
  address?: string;
  /** For tests and reproducible outputs. */
  now?: Date;
}

/** Convert, validate and write each profile; throws (writing nothing more) if an output is invalid. */
export async function writeProfiles(
  diagnosis: Diagnosis,
  traj: Trajectory,
  dir: string,
  profiles: readonly ProfileName[],
  opts: WriteOptions = {},
): Promise<WrittenOutputs> {
  const prepared = prepareDiagnosis(diagnosis, traj);
  const outputs: { profile: ProfileName; value: unknown; check: ValidationResult }[] = [];
  for (const profile of profiles) {
    const value = profileFromPrepared(prepared, traj, profile);
    const check = validateProfile(profile, value, traj, { stages: prepared.stages });
    if (!check.valid) {
      throw new CodetracerError(
        'invalid_data',
        `${profile} output failed validation: ${check.errors[0]}`,
        dir,
      );
    }
    outputs.push({ profile, value, check });
  }
  try {
    await fs.mkdir(dir, { recursive: true });
  } catch (e) {
    throw fromFsError(e, dir);
  }
  const files: Partial<Record<ProfileName, string>> = {};
  const warnings = [...prepared.warnings];
  for (const o of outputs) {
    const file = path.join(dir, PROFILE_FILES[o.profile]);
    await writeJsonAtomic(file, o.value);
    files[o.profile] = file;
    warnings.push(...o.check.warnings.map((w) => `${PROFILE_FILES[o.profile]}: ${w}`));
  }
  const sidecar: RunSidecar = {
    codetracer_output: 1,
    traj_id: traj.id,
    sources: traj.sources,
    ...(opts.address !== undefined ? { address: opts.address } : {}),
    format: traj.format,
    diagnoser: diagnosis.diagnoser,
    step_count: traj.steps.length,
    stages: prepared.stages,
    profiles: Object.fromEntries(Object.keys(files).map((p) => [p, PROFILE_FILES[p as ProfileName]])),
    created_at: (opts.now ?? new Date()).toISOString(),
    warnings,
  };
  const sidecarPath = path.join(dir, SIDECAR_FILE);
  await writeJsonAtomic(sidecarPath, sidecar);
  return { dir, files, sidecar: sidecarPath, warnings };
}
