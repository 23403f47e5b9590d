// The same short cycle of actions (1 to 4 steps) repeating with the same outputs: the agent is going
// round in circles. Every pass after the first is unuseful.
import type { HeuristicLabel, RunFacts } from '../types.js';

const MAX_PERIOD = 4;

export function loops(facts: RunFacts): HeuristicLabel[] {
  const a = facts.agentSteps;
  const n = a.length;
  const labelled = new Set<number>();
  const out: HeuristicLabel[] = [];
  for (let p = 1; p <= MAX_PERIOD; p++) {
    let t = p;
    while (t < n) {
      const same = (i: number) => a[i].key === a[i - p].key && a[i].obs === a[i - p].obs && a[i].obs !== null;
      if (!same(t)) {
        t++;
        continue;
      }
      let e = t;
      while (e + 1 < n && same(e + 1)) e++;
      // Steps t..e repeat the cycle a[t-p..t-1]; passes = whole cycles seen, the first included.
      const passes = Math.floor((e - t + 1 + p) / p);
      const cycle = a.slice(t - p, t);
      const enough = p === 1 ? passes >= 3 : passes >= 2 && primitive(cycle.map((f) => f.key));
      if (enough) {
        for (let i = t; i <= e; i++) {
          if (labelled.has(i)) continue;
          labelled.add(i);
          out.push({
            stepId: a[i].step.id,
            verdict: 'unuseful',
            reason:
              p === 1
                ? `${a[i].what} repeated ${passes} times in a row with the same output (loop from step ${cycle[0].step.id})`
                : `repeats the ${p}-step cycle of steps ${cycle[0].step.id}-${cycle[p - 1].step.id} with the same outputs (${passes} passes)`,
            evidence: cycle.map((f) => f.step.id),
            signal: 'loop',
            confidence: p === 1 ? 0.65 : 0.7,
          });
        }
      }
      t = e + 1;
    }
  }
  return out;
}

/** A cycle that is not a smaller cycle repeated (A B A B is the 2-cycle A B, found with p = 2). */
function primitive(keys: string[]): boolean {
  for (let q = 1; q < keys.length; q++) {
    if (keys.length % q === 0 && keys.every((k, i) => i < q || k === keys[i - q])) return false;
  }
  return true;
}
