// The same read or search again, with the same output, while nothing it looks at changed: the repeat
// brought no new evidence. Other commands count only when re-run straight away with the same output.
import type { HeuristicLabel, RunFacts, StepFacts } from '../types.js';

const touches = (change: StepFacts, targets: string[]) =>
  !targets.length ||
  !change.cls.targets.length ||
  change.cls.targets.some((t) => targets.some((u) => t === u || t.endsWith(`/${u}`) || u.endsWith(`/${t}`)));

export function repeatedRead(facts: RunFacts): HeuristicLabel[] {
  const out: HeuristicLabel[] = [];
  const seen = new Map<string, StepFacts>();
  const changes: StepFacts[] = [];
  const agent = facts.agentSteps;
  agent.forEach((f, pos) => {
    if (f.cls.type === 'change') {
      changes.push(f);
      return;
    }
    if (f.obs === null || f.failed) return;
    const look = f.cls.kind === 'read' || f.cls.kind === 'search';
    const prev = seen.get(f.key);
    seen.set(f.key, f);
    if (!prev || prev.obs !== f.obs) return;
    if (!look && agent[pos - 1] !== prev) return;
    if (changes.some((c) => c.index > prev.index && c.index < f.index && touches(c, f.cls.targets))) return;
    const far = f.index - prev.index > 20;
    out.push({
      stepId: f.step.id,
      verdict: 'unuseful',
      reason: `repeats step ${prev.step.id} (${f.what}) with the same output; nothing it looks at changed in between`,
      evidence: [prev.step.id],
      signal: look ? 'repeated-read' : 'repeated-command',
      confidence: look ? (far ? 0.55 : 0.7) : 0.6,
    });
  });
  return out;
}
