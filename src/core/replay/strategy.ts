// The corrective strategy handed to the replay agent: the diagnosis's own strategy, then what each
// incorrect step from the breakpoint on did wrong and what it should have done.
import type { Diagnosis } from '../profiles/diagnosis.js';

export function correctiveStrategy(diagnosis: Diagnosis, breakpoint: number): string {
  const parts: string[] = [];
  if (diagnosis.correctStrategy?.trim()) parts.push(diagnosis.correctStrategy.trim());
  const wrong = diagnosis.labels
    .filter((l) => l.verdict === 'incorrect' && l.stepId >= breakpoint)
    .sort((a, b) => a.stepId - b.stepId);
  for (const l of wrong) {
    const instead = l.correctAlternative?.trim() ? ` Instead: ${l.correctAlternative.trim()}` : '';
    parts.push(`- Step ${l.stepId} was incorrect: ${l.reasoning.trim() || '(no reason given)'}${instead}`);
  }
  for (const c of diagnosis.criticalDecisionPoints ?? []) {
    if (c.stepId >= breakpoint)
      parts.push(`- At step ${c.stepId} the agent ${c.decision}; it should have ${c.shouldHave}`);
  }
  const unuseful = diagnosis.labels.filter((l) => l.verdict === 'unuseful' && l.stepId >= breakpoint);
  if (unuseful.length)
    parts.push(`- Steps ${unuseful.map((l) => l.stepId).join(', ')} were not useful; do not repeat them.`);
  if (!parts.length)
    parts.push(
      `The run went wrong at step ${breakpoint}; take a different approach from there and check the result.`,
    );
  return parts.join('\n');
}
