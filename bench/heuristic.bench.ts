// Speed of the heuristic diagnoser: milliseconds per 500-step run (real steps, see heuristic-run.ts).
// Standalone: `npm run build && node dist/bench/heuristic.bench.js`; also part of `npm run bench`.
import { diagnoseHeuristic } from '../src/core/diagnosis/heuristic/index.js';
import { syntheticRun } from './heuristic-run.js';
import { isEntryPoint } from '../src/cli/entry.js';

/** Median wall time of one diagnosis of a 500-step run, in milliseconds (after warm-up runs). */
export function benchHeuristic(rounds = 30): number {
  const { traj } = syntheticRun(500);
  for (let i = 0; i < 5; i++) diagnoseHeuristic(traj);
  const times: number[] = [];
  for (let i = 0; i < rounds; i++) {
    const t0 = performance.now();
    diagnoseHeuristic(traj);
    times.push(performance.now() - t0);
  }
  times.sort((a, b) => a - b);
  return Math.round(times[Math.floor(times.length / 2)] * 100) / 100;
}

if (isEntryPoint(import.meta.url)) {
  const { traj } = syntheticRun(500);
  const labels = diagnoseHeuristic(traj).labels.length;
  console.log(
    `heuristic diagnoser: ${benchHeuristic()} ms per 500-step run (median; ${labels} labels; target < 100 ms)`,
  );
}
