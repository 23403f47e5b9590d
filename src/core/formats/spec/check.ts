// Checking a candidate spec on the run it was written for: valid, safe, matches the run, and reads it into
// a well-formed trajectory. Every problem is a line the LLM can act on.
import { isCodetracerError } from '../../io/errors.js';
import type { Trajectory } from '../../model/trajectory.js';
import { isGenericFingerprint, matchesFingerprints } from '../fingerprint.js';
import { getFormat } from '../registry.js';
import type { RunLocation } from '../types.js';
import { resolveFiles } from './files.js';
import { interpretSpec, type InterpretOptions } from './interpret.js';
import { specProblems, specValue } from './load.js';
import { specDetects } from './module.js';
import { DEFAULT_CAPS } from './safety.js';
import { SpecSchema, type Spec } from './schema.js';
import { skillIdProblem } from './store.js';

export type SpecCheck = { ok: true; spec: Spec; traj: Trajectory } | { ok: false; errors: string[] };

const line = (e: unknown) =>
  isCodetracerError(e) ? e.oneLine() : e instanceof Error ? e.message : String(e);

export async function checkSpecOnRun(
  text: string,
  loc: RunLocation,
  o: { id?: string } & InterpretOptions = {},
): Promise<SpecCheck> {
  let value: unknown;
  try {
    value = specValue(text, 'spec');
  } catch (e) {
    return { ok: false, errors: [line(e)] };
  }
  if (o.id && value && typeof value === 'object' && !Array.isArray(value))
    (value as { id?: string }).id = o.id;
  const problems = specProblems(value);
  if (problems.length) return { ok: false, errors: problems };
  const spec = SpecSchema.parse(value);
  const idProblem = skillIdProblem(spec.id);
  if (idProblem) return { ok: false, errors: [`id: ${idProblem}`] };
  // A learned format of that id exists (and does not read this run): saving would replace it.
  const taken = getFormat(spec.id);
  if (taken)
    return {
      ok: false,
      errors: [`id: "${spec.id}" is already the learned format "${taken.title}"; choose another id`],
    };

  // "*.json" alone would claim every folder or file with a JSON file in it.
  const generic = (f: string) => isGenericFingerprint(f) || /^\*\.[a-z0-9]+$/i.test(f);
  if (spec.fingerprints.every(generic) && !spec.detect)
    return {
      ok: false,
      errors: [
        `fingerprints ${JSON.stringify(spec.fingerprints)} match any file of that type: add a specific one or detect.contains`,
      ],
    };
  if (!(await matchesFingerprints(loc, spec.fingerprints)))
    return {
      ok: false,
      errors: [`fingerprints ${JSON.stringify(spec.fingerprints)} match nothing in this run`],
    };
  const files = await resolveFiles(spec, loc, DEFAULT_CAPS).catch(() => ({ files: [] as string[] }));
  if (!files.files.length) return { ok: false, errors: ['files: no file of this run matches'] };
  if (!(await specDetects(spec, loc)))
    return {
      ok: false,
      errors: [
        `detect.contains ${JSON.stringify(spec.detect?.contains)} not all found in the first data file`,
      ],
    };

  let traj: Trajectory;
  try {
    traj = await interpretSpec(spec, loc, o);
  } catch (e) {
    return { ok: false, errors: [`reading the run failed: ${line(e)}`] };
  }
  const errors: string[] = [];
  const n = traj.steps.length;
  if (!n)
    errors.push(
      `the spec yields no steps from ${files.files.length} file(s); check records, steps.when and steps.skip`,
    );
  const fallbacks = ['agent', 'user', 'system', 'environment'].map((a) =>
    spec.steps.emptyAction.replace('{actor}', a),
  );
  const blank = traj.steps.filter((s) => !s.action.trim() || fallbacks.includes(s.action));
  if (n && blank.length === n)
    errors.push('every step has an empty action: the text, toolCalls, command or action paths find nothing');
  if (traj.steps.some((s, i) => s.id !== i + 1)) errors.push('step ids are not 1..n');
  return errors.length ? { ok: false, errors } : { ok: true, spec, traj };
}
