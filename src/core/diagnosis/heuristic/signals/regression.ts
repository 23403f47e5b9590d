// A check (test suite or script) that did better before some changes than after them: it passed and now
// fails, or it ran and now crashes. The changes in between broke it. Changes to the check's own test or
// reproduction script don't count.
import type { HeuristicLabel, Outcome, RunFacts, StepFacts } from '../types.js';

const MAX_SUSPECTS = 3;
const CHECK_NAME = /(repro|test|check|debug|verify|validate|scratch|demo|example|tmp|temp|try)/i;
const isCheckScript = (path: string) => CHECK_NAME.test(path.slice(path.lastIndexOf('/') + 1));
const RANK: Record<Outcome, number> = { pass: 2, fail: 1, error: 0 };
const SAID: Record<Outcome, string> = { pass: 'passed', fail: 'failed', error: 'ran' };

export function testRegression(facts: RunFacts): HeuristicLabel[] {
  const out: HeuristicLabel[] = [];
  const lastRun = new Map<string, StepFacts>();
  const changesSince: StepFacts[] = [];
  // Changes after each agent step index, found by scanning; kept as one list with positions.
  for (const f of facts.agentSteps) {
    if (f.cls.type === 'change' && !f.failed && !f.cls.submit) changesSince.push(f);
    if (f.outcome === null) continue;
    const prev = lastRun.get(f.key);
    lastRun.set(f.key, f);
    if (!prev || prev.outcome === null || RANK[f.outcome] >= RANK[prev.outcome]) continue;
    // Editing a test or reproduction script changes the check, not the work; editing the program run
    // (node vm.js after changing vm.js) is the work.
    const own = new Set(f.cls.targets.filter(isCheckScript));
    const between = changesSince.filter(
      (c) => c.index > prev.index && c.index < f.index && !c.cls.targets.some((t) => own.has(t)),
    );
    // Many changes in between: too diffuse to blame any one of them.
    if (!between.length || between.length > MAX_SUSPECTS) continue;
    const isTest = f.cls.kind === 'test';
    const base = prev.outcome === 'pass' ? (isTest ? 0.75 : 0.6) : 0.55;
    const conf = between.length === 1 ? base : Math.max(0.35, base - 0.15 * (between.length - 1));
    for (const c of between) {
      out.push({
        stepId: c.step.id,
        verdict: 'incorrect',
        reason: `${f.what} ${SAID[prev.outcome]} at step ${prev.step.id} and ${f.outcome === 'error' ? 'crashed' : 'failed'} at step ${f.step.id}, after this change${between.length > 1 ? ` (one of ${between.length})` : ''}`,
        evidence: [prev.step.id, f.step.id],
        signal: 'test-regression',
        confidence: conf,
      });
    }
  }
  return out;
}
