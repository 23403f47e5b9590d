// Worker threads that summarize runs found on the file system (see summary-worker.ts). Discovery of a big
// tree is CPU-bound (reading, decoding and parsing every run); the walk and the format checks stay on the
// main thread, the parses move here. Small searches never start a worker: it costs ~100 ms to load.
import { existsSync } from 'node:fs';
import os from 'node:os';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import { allFormats } from '../formats/registry.js';
import type { LocationSummary } from './summary.js';

export interface SummaryJob {
  id: number;
  path: string;
  kind: 'dir' | 'file';
  /** The run's format; null: detect it first (single files). */
  format: string | null;
}

export interface WorkerResult {
  /** The format that reads the location; null when none does (then there is no summary). */
  format: string | null;
  summary: LocationSummary | null;
}

export interface SummaryReply {
  id: number;
  /** null: the worker cannot do this one (unknown format, or it failed); do it in the main thread. */
  result: WorkerResult | null;
}

const WORKER_URL = new URL('./summary-worker.js', import.meta.url);

/** Workers wanted: CODETRACER_DISCOVERY_WORKERS, else one per core up to 4; 0 on a single core. */
export function defaultWorkerCount(): number {
  const env = Number(process.env.CODETRACER_DISCOVERY_WORKERS);
  if (process.env.CODETRACER_DISCOVERY_WORKERS?.trim() && Number.isInteger(env) && env >= 0) return env;
  const cores = os.availableParallelism();
  return cores < 2 ? 0 : Math.min(4, cores);
}

/** The formats known here, in detection order: a worker detects only when it knows the same ones. */
export function formatSignature(): string {
  return allFormats()
    .map((m) => m.id)
    .join(',');
}

interface Slot {
  worker: Worker;
  inFlight: number;
}

export class SummaryPool {
  private readonly slots: Slot[] = [];
  private readonly waiting = new Map<number, { slot: Slot; resolve: (r: WorkerResult | null) => void }>();
  private nextId = 1;
  private broken = false;

  private constructor(size: number) {
    for (let i = 0; i < size; i++) {
      const worker = new Worker(WORKER_URL, { workerData: { formats: formatSignature() } });
      const slot: Slot = { worker, inFlight: 0 };
      worker.unref();
      worker.on('message', (r: SummaryReply) => this.settle(r.id, r.result));
      // A worker that dies leaves its jobs to the main thread; the pool is not used again.
      worker.on('error', () => this.fail(slot));
      worker.on('exit', () => this.fail(slot));
      this.slots.push(slot);
    }
  }

  /** A pool of `size` workers, or null when there are none to start (single core, or running from source). */
  static create(size: number): SummaryPool | null {
    if (size < 1 || !existsSync(fileURLToPath(WORKER_URL))) return null;
    try {
      return new SummaryPool(size);
    } catch {
      return null;
    }
  }

  get usable(): boolean {
    return !this.broken;
  }

  /** The format (when not given) and summary computed by a worker; null means "do it yourself". */
  run(path: string, kind: 'dir' | 'file', format: string | null): Promise<WorkerResult | null> {
    if (this.broken) return Promise.resolve(null);
    const slot = this.slots.reduce((a, b) => (b.inFlight < a.inFlight ? b : a));
    const id = this.nextId++;
    // Referenced only while it has work, so an idle pool never keeps the process alive.
    if (slot.inFlight++ === 0) slot.worker.ref();
    return new Promise((resolve) => {
      this.waiting.set(id, { slot, resolve });
      slot.worker.postMessage({ id, path, kind, format } satisfies SummaryJob);
    });
  }

  private settle(id: number, result: WorkerResult | null): void {
    const w = this.waiting.get(id);
    if (!w) return;
    this.waiting.delete(id);
    if (--w.slot.inFlight === 0) w.slot.worker.unref();
    w.resolve(result);
  }

  private fail(slot: Slot): void {
    this.broken = true;
    for (const [id, w] of this.waiting) if (w.slot === slot) this.settle(id, null);
  }

  async close(): Promise<void> {
    this.broken = true;
    for (const id of [...this.waiting.keys()]) this.settle(id, null);
    await Promise.all(this.slots.map((s) => s.worker.terminate().catch(() => undefined)));
  }
}
