// Aggregates: folders that summarize many trials (a terminal-bench run root, a Harbor job). Even when a
// format accepts one, its trials are the runs; the folder only counts when no trial is found below it.
import type { FileSource } from '../io/source.js';
import { join } from '../io/source.js';
import { readOptionalJson } from '../io/read.js';
import { isObj } from '../formats/shared/access.js';

export async function isAggregate(src: FileSource, dir: string, names: readonly string[]): Promise<boolean> {
  if (names.includes('run_metadata.json') || names.includes('tb.lock')) return true;
  if (names.includes('results.json')) {
    const r = await readOptionalJson(src, join(dir, 'results.json'));
    // terminal-bench: {results: [...trials], n_resolved, accuracy}; a trial's own results.json has is_resolved.
    if (isObj(r) && (Array.isArray(r.results) || 'n_resolved' in r || 'accuracy' in r)) return true;
  }
  if (names.includes('result.json')) {
    const r = await readOptionalJson(src, join(dir, 'result.json'));
    // Harbor: a job result counts trials; a trial result names its trial.
    if (isObj(r) && !('trial_name' in r) && ('n_total_trials' in r || isObj(r.stats))) return true;
  }
  if (names.includes('config.json')) {
    const c = await readOptionalJson(src, join(dir, 'config.json'));
    if (isObj(c) && ('jobs_dir' in c || 'n_concurrent_trials' in c)) return true;
  }
  return false;
}
