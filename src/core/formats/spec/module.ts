// A spec as a FormatModule, so a spec-described format works wherever a built-in one does.
import { readHeadText } from '../../io/read.js';
import type { Trajectory } from '../../model/trajectory.js';
import { matchesFingerprints } from '../fingerprint.js';
import type { FormatModule, RunLocation } from '../types.js';
import { resolveFiles } from './files.js';
import { interpretSpec, type InterpretOptions } from './interpret.js';
import { DEFAULT_CAPS } from './safety.js';
import type { Spec } from './schema.js';

const HEAD_BYTES = 64 * 1024;

/** Cheap content check: a fingerprint matches, a data file exists, and its head holds every `contains`. */
export async function specDetects(spec: Spec, loc: RunLocation): Promise<boolean> {
  try {
    if (!(await matchesFingerprints(loc, spec.fingerprints))) return false;
    const { files } = await resolveFiles(spec, loc, { ...DEFAULT_CAPS, maxFiles: 1 });
    if (!files.length) return false;
    if (!spec.detect) return true;
    const head = await readHeadText(loc.src, files[0], HEAD_BYTES);
    return head !== null && spec.detect.contains.every((s) => head.includes(s));
  } catch {
    return false;
  }
}

export interface SpecFormatOptions extends InterpretOptions {
  /** SKILL.md text: the description the diagnoser reads (default: the spec's description). */
  skill?: string;
}

export function specFormat(spec: Spec, opts: SpecFormatOptions = {}): FormatModule {
  return {
    id: spec.id,
    title: spec.title,
    description: opts.skill?.trim() || spec.description,
    fingerprints: spec.fingerprints,
    priority: spec.priority,
    detect: (loc: RunLocation) => specDetects(spec, loc),
    parse: async (loc: RunLocation): Promise<Trajectory[]> => [await interpretSpec(spec, loc, opts)],
  };
}
