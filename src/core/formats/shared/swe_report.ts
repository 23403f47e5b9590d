// SWE-bench harness reports come in two shapes: the run-level `{<instance_id>: {resolved, ...}}` and the
// per-instance `logs/<id>/report.json` that some harness versions write without the id wrapper
// (`{resolved, patch_exists, tests_status, ...}`). `verdictFromSweReport` reads the first; this reads both.
import type { FileSource } from '../../io/source.js';
import { dirname, join } from '../../io/source.js';
import { readOptionalJson } from '../../io/read.js';
import type { Verdict } from '../../model/trajectory.js';
import { asBool, asObj } from './access.js';
import { verdictFromSweReport } from './verdict.js';

/** SWE-bench verdict near a run file (startDir = the file's directory), in either report shape. */
export async function verdictFromSweReportAnyShape(
  src: FileSource,
  startDir: string,
  instanceId: string,
): Promise<Verdict | null> {
  const wrapped = await verdictFromSweReport(src, startDir, instanceId);
  if (wrapped) return wrapped;
  const candidates = [
    join(startDir, 'report.json'),
    join(dirname(startDir), 'logs', instanceId, 'report.json'),
    join(dirname(dirname(startDir)), 'logs', instanceId, 'report.json'),
  ];
  for (const p of candidates) {
    const r = asObj(await readOptionalJson(src, p));
    if (
      r &&
      'resolved' in r &&
      ('tests_status' in r || 'patch_exists' in r || 'patch_successfully_applied' in r)
    ) {
      return { solved: asBool(r.resolved) ?? null, source: src.display(p) };
    }
  }
  return null;
}
