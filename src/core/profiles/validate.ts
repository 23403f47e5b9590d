// Validators for profile outputs: structure (zod) AND meaning against the trajectory they describe.
// Used on our own outputs (tests, analyze) and on files from other tools (eval, TUI import).
import type { z } from 'zod';
import { fsSource } from '../io/source.js';
import { parseJson, readText } from '../io/read.js';
import { isCodetracerError } from '../io/errors.js';
import type { Trajectory } from '../model/trajectory.js';
import {
  DetailedSchema,
  RlFeedbackSchema,
  TracebenchSchema,
  profileOfFile,
  type ProfileName,
  type TracebenchOutput,
} from './schemas.js';

export interface ValidationResult {
  valid: boolean;
  errors: string[];
  warnings: string[];
}

export interface StageRange {
  id: number;
  start: number;
  end: number;
}

export interface ValidateOptions {
  /**
   * The stage segmentation the file's stage ids refer to (the sidecar's `stages`, or the run's own).
   * Default: the trajectory's stages. Without any, stage checks are skipped with a warning.
   */
  stages?: StageRange[];
}

/** "1-3, 7, 9-10": short form for lists of step ids in messages. */
export function compactIds(ids: number[]): string {
  const s = [...new Set(ids)].sort((a, b) => a - b);
  const parts: string[] = [];
  for (let i = 0; i < s.length; i++) {
    let j = i;
    while (j + 1 < s.length && s[j + 1] === s[j] + 1) j++;
    parts.push(j > i ? `${s[i]}-${s[j]}` : `${s[i]}`);
    i = j;
  }
  return parts.join(', ');
}

function zodErrors(err: z.ZodError, prefix = ''): string[] {
  return err.issues.slice(0, 20).map((i) => {
    const at = i.path.map((p) => (typeof p === 'number' ? `[${p}]` : `.${String(p)}`)).join('');
    const where = `${prefix}${at}`.replace(/^\./, '') || '(top level)';
    return `${where}: ${i.message}`;
  });
}

class Checker {
  readonly errors: string[] = [];
  readonly warnings: string[] = [];
  readonly ids: Set<number>;
  readonly range: string;
  constructor(readonly traj: Trajectory) {
    this.ids = new Set(traj.steps.map((s) => s.id));
    const ids = traj.steps.map((s) => s.id);
    this.range = ids.length ? `steps ${Math.min(...ids)}-${Math.max(...ids)}` : 'the run has no steps';
  }
  stepExists(id: number, where: string): boolean {
    if (this.ids.has(id)) return true;
    this.errors.push(`${where}: step ${id} does not exist (${this.range})`);
    return false;
  }
  result(): ValidationResult {
    return { valid: this.errors.length === 0, errors: this.errors, warnings: this.warnings };
  }
}

function stagesOf(traj: Trajectory, opts: ValidateOptions): StageRange[] | null {
  if (opts.stages) return opts.stages;
  if (traj.stages?.length) return traj.stages;
  return null;
}

function checkDiagnoser(c: Checker, values: (string | undefined)[], where: string): void {
  if (values.length === 0) return;
  const named = new Set(values.filter((v): v is string => !!v));
  if (values.some((v) => !v))
    c.warnings.push(`${where}: no "diagnoser" field (who produced this is unknown)`);
  if (named.size > 1) c.warnings.push(`${where}: several diagnosers named: ${[...named].join(', ')}`);
}

function checkTracebench(
  c: Checker,
  data: TracebenchOutput,
  stages: StageRange[] | null,
  prefix: string,
): void {
  const seenStep = new Map<number, string>();
  const seenStage = new Set<number>();
  data.forEach((e, i) => {
    const at = `${prefix}[${i}]`;
    if (seenStage.has(e.stage_id))
      c.errors.push(`${at}: stage_id ${e.stage_id} appears in more than one entry`);
    seenStage.add(e.stage_id);
    const stage = stages?.find((s) => s.id === e.stage_id);
    if (stages && !stage) {
      c.errors.push(
        `${at}: stage_id ${e.stage_id} is not a stage of this run (stages: ${stages.map((s) => s.id).join(', ') || 'none'})`,
      );
    }
    for (const [key, list] of [
      ['incorrect_step_ids', e.incorrect_step_ids],
      ['unuseful_step_ids', e.unuseful_step_ids],
    ] as const) {
      for (const id of list) {
        const where = `${at}.${key}`;
        if (!c.stepExists(id, where)) continue;
        const prev = seenStep.get(id);
        if (prev) c.errors.push(`${where}: step ${id} is already labelled in ${prev}`);
        else seenStep.set(id, where);
        if (stage && (id < stage.start || id > stage.end)) {
          c.errors.push(
            `${where}: step ${id} is outside stage ${stage.id} (steps ${stage.start}-${stage.end})`,
          );
        }
      }
    }
    if (!e.incorrect_step_ids.length && !e.unuseful_step_ids.length)
      c.warnings.push(`${at}: stage ${e.stage_id} lists no step`);
    else if (!e.reasoning.trim()) c.warnings.push(`${at}: empty reasoning for stage ${e.stage_id}`);
  });
  checkDiagnoser(
    c,
    data.map((e) => e.diagnoser),
    prefix || 'labels',
  );
}

export function validateTracebench(
  data: unknown,
  traj: Trajectory,
  opts: ValidateOptions = {},
): ValidationResult {
  const c = new Checker(traj);
  const r = TracebenchSchema.safeParse(data);
  if (!r.success) return { valid: false, errors: zodErrors(r.error), warnings: [] };
  const stages = stagesOf(traj, opts);
  if (!stages) c.warnings.push('stage ids not checked: no stage segmentation given');
  checkTracebench(c, r.data, stages, '');
  return c.result();
}

export function validateDetailed(
  data: unknown,
  traj: Trajectory,
  opts: ValidateOptions = {},
): ValidationResult {
  const c = new Checker(traj);
  const r = DetailedSchema.safeParse(data);
  if (!r.success) return { valid: false, errors: zodErrors(r.error), warnings: [] };
  const d = r.data;
  d.critical_decision_points.forEach((p, i) => c.stepExists(p.step_id, `critical_decision_points[${i}]`));
  const stages = stagesOf(traj, opts);
  if (!stages) c.warnings.push('stage ids not checked: no stage segmentation given');
  checkTracebench(c, d.stage_labels, stages, 'stage_labels');
  if (!d.summary.trim()) c.warnings.push('empty summary');
  if (!d.diagnoser) c.warnings.push('no "diagnoser" field (who produced this is unknown)');
  const entryDiag = new Set(d.stage_labels.map((e) => e.diagnoser).filter(Boolean));
  if (d.diagnoser && [...entryDiag].some((x) => x !== d.diagnoser)) {
    c.warnings.push(`stage_labels name a different diagnoser than the file (${d.diagnoser})`);
  }
  return c.result();
}

export function validateRlFeedback(data: unknown, traj: Trajectory): ValidationResult {
  const c = new Checker(traj);
  const r = RlFeedbackSchema.safeParse(data);
  if (!r.success) return { valid: false, errors: zodErrors(r.error), warnings: [] };
  const seen = new Set<number>();
  const dup: number[] = [];
  r.data.forEach((e, i) => {
    const at = `[${i}] (step ${e.step_id})`;
    if (!c.stepExists(e.step_id, `[${i}]`)) return;
    if (seen.has(e.step_id)) dup.push(e.step_id);
    seen.add(e.step_id);
    if (e.verdict === 'correct') {
      if (e.deviation_type !== 'none')
        c.errors.push(`${at}: a correct step must have deviation_type "none", got "${e.deviation_type}"`);
      if (e.reward_signal < 0)
        c.errors.push(`${at}: a correct step must have reward_signal in [0, 1], got ${e.reward_signal}`);
      if (e.impact_severity !== 'none')
        c.warnings.push(`${at}: correct step with impact_severity "${e.impact_severity}"`);
    } else {
      if (e.deviation_type === 'none') c.warnings.push(`${at}: ${e.verdict} step with deviation_type "none"`);
      if (e.reward_signal > 0)
        c.warnings.push(`${at}: ${e.verdict} step with a positive reward_signal ${e.reward_signal}`);
      if (!e.reasoning.trim()) c.warnings.push(`${at}: empty reasoning`);
    }
  });
  if (dup.length) c.errors.push(`steps with more than one entry: ${compactIds(dup)}`);
  const missing = traj.steps.map((s) => s.id).filter((id) => !seen.has(id));
  if (missing.length)
    c.errors.push(`steps with no entry (rl_feedback must cover every step): ${compactIds(missing)}`);
  checkDiagnoser(
    c,
    r.data.map((e) => e.diagnoser),
    'entries',
  );
  return c.result();
}

export function validateProfile(
  profile: ProfileName,
  data: unknown,
  traj: Trajectory,
  opts: ValidateOptions = {},
): ValidationResult {
  switch (profile) {
    case 'tracebench':
      return validateTracebench(data, traj, opts);
    case 'detailed':
      return validateDetailed(data, traj, opts);
    case 'rl_feedback':
      return validateRlFeedback(data, traj);
  }
}

/** Which profile a parsed JSON value looks like (by shape, not by file name), or null. */
export function detectProfile(data: unknown): ProfileName | null {
  if (Array.isArray(data)) {
    const first = data.find((x) => x && typeof x === 'object') as Record<string, unknown> | undefined;
    if (!first) return data.length === 0 ? 'tracebench' : null;
    if ('stage_id' in first) return 'tracebench';
    if ('step_id' in first && 'verdict' in first) return 'rl_feedback';
    return null;
  }
  if (data && typeof data === 'object' && 'stage_labels' in data) return 'detailed';
  return null;
}

/** Validate a file on disk. The profile comes from the file name, else from the shape. */
export async function validateProfileFile(
  file: string,
  traj: Trajectory,
  opts: ValidateOptions & { profile?: ProfileName } = {},
): Promise<ValidationResult> {
  let data: unknown;
  try {
    data = parseJson(await readText(fsSource, file), file);
  } catch (e) {
    if (isCodetracerError(e)) return { valid: false, errors: [e.oneLine()], warnings: [] };
    throw e;
  }
  const name = file.split('/').pop() ?? file;
  const profile = opts.profile ?? profileOfFile(name) ?? detectProfile(data);
  if (!profile)
    return {
      valid: false,
      errors: [`${file}: not a tracebench, detailed or rl_feedback output`],
      warnings: [],
    };
  return validateProfile(profile, data, traj, opts);
}
