// A discovery worker thread: checks single files for a format and reads found runs for their size, steps
// and verdict, so parsing uses every
// core while the main thread goes on walking and detecting. Loaded only from the built files.
import { parentPort, workerData } from 'node:worker_threads';
import '../init.js';
import { detectFormat, getFormat } from '../formats/registry.js';
import type { FormatModule, RunLocation } from '../formats/types.js';
import { ScanSource } from './scan-source.js';
import { summarizeLocation } from './summary.js';
import { formatSignature, type SummaryJob, type SummaryReply, type WorkerResult } from './summary-pool.js';

// One source per worker: listings and small files read here are shared by the runs this worker reads.
const src = new ScanSource();
const sameFormats = formatSignature() === (workerData as { formats?: string } | null)?.formats;

async function work(job: SummaryJob): Promise<WorkerResult | null> {
  const loc: RunLocation = { src, path: job.path, kind: job.kind };
  let m: FormatModule | null | undefined;
  if (job.format === null) {
    // Formats registered only in the main thread (tests, embedders) are not known here: let it check.
    if (!sameFormats) return null;
    m = await detectFormat(loc);
    if (!m) return { format: null, summary: null };
  } else {
    m = getFormat(job.format);
    if (!m) return null;
  }
  return { format: m.id, summary: await summarizeLocation(m, loc) };
}

parentPort?.on('message', (job: SummaryJob) => {
  const reply = (result: WorkerResult | null) =>
    parentPort?.postMessage({ id: job.id, result } satisfies SummaryReply);
  work(job).then(reply, () => reply(null));
});
