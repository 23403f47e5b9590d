// From text (JSON or YAML) to a validated Spec, with every problem in one line per issue.
import YAML from 'yaml';
import { CodetracerError } from '../../io/errors.js';
import { SpecSchema, type Spec } from './schema.js';

/** Parse spec text; JSON is tried first (the LLM usually answers JSON), then YAML. */
export function specValue(text: string, shown: string): unknown {
  const t = text.trim();
  if (t.startsWith('{')) {
    try {
      return JSON.parse(t);
    } catch {
      // fall through: YAML is a superset and reports the position better
    }
  }
  try {
    return YAML.parse(t, { maxAliasCount: 50 });
  } catch (e) {
    throw new CodetracerError('invalid_data', `spec is neither JSON nor YAML: ${firstLine(e)}`, shown);
  }
}

function firstLine(e: unknown): string {
  return (e instanceof Error ? e.message : String(e)).split('\n')[0];
}

/** The problems with a spec value, one line each; empty when it is valid. */
export function specProblems(value: unknown): string[] {
  const r = SpecSchema.safeParse(value);
  if (!r.success) {
    return r.error.issues.slice(0, 12).map((i) => `${i.path.join('.') || '(spec)'}: ${i.message}`);
  }
  return crossProblems(r.data);
}

/** Checks across fields. */
function crossProblems(s: Spec): string[] {
  const out: string[] = [];
  if (s.read === 'embedded-json-lines' && !s.pattern)
    out.push('pattern: required when read is "embedded-json-lines"');
  if (s.pattern && s.read !== 'embedded-json-lines')
    out.push('pattern: only used when read is "embedded-json-lines"');
  if (s.results && !s.results.when && !s.results.path)
    out.push(
      'results: give "when" (results are separate records) or "path" (results inside the step record)',
    );
  if (s.records && s.read !== 'json') out.push('records: only used when read is "json"');
  return out;
}

/** A validated spec, or a CodetracerError naming every problem. */
export function validateSpec(value: unknown, shown: string): Spec {
  const problems = specProblems(value);
  if (problems.length)
    throw new CodetracerError('invalid_data', `invalid format spec: ${problems.join('; ')}`, shown);
  return SpecSchema.parse(value);
}

export function parseSpecText(text: string, shown: string): Spec {
  return validateSpec(specValue(text, shown), shown);
}
