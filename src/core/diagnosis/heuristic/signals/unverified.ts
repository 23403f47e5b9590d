// A failed run whose last real change was handed in without ever being run or tested: that change is
// the likeliest culprit (it was never checked). Clean-up (removing scratch files, git add/commit) and
// edits of scratch files do not count as the last change.
import { parseShell } from '../../../tree/shell.js';
import { programName, unwrap } from '../../../tree/commands.js';
import { runsProgram } from '../outcome.js';
import type { HeuristicLabel, RunFacts, StepFacts } from '../types.js';

/** Shell steps that only tidy up or record: rm, git add/commit/diff/status, echo. */
function isBookkeeping(f: StepFacts): boolean {
  if (f.shell === null) return false;
  return parseShell(f.shell.slice(0, 4000)).every((c) => {
    const argv = unwrap(c.argv);
    if (!argv) return true;
    const p = programName(argv[0]);
    if (p === 'git')
      return /^(add|commit|diff|status|log|show|stash|branch)$/.test(
        argv.find((a, i) => i > 0 && !a.startsWith('-')) ?? '',
      );
    return /^(rm|echo|cd|ls|cat|printf|true|:)$/.test(p);
  });
}

export function unverifiedSubmit(facts: RunFacts): HeuristicLabel[] {
  if (facts.traj.verdict.solved !== false) return [];
  const agent = facts.agentSteps;
  if (!agent.length) return [];
  const submitPos = agent.map((f) => f.cls.submit).lastIndexOf(true);
  const end = submitPos === -1 ? agent.length - 1 : submitPos;
  const submit = agent[end];
  // Files removed later by the agent were scratch files (reproduction scripts and the like).
  const removed = new Set(
    agent
      .filter((f) => f.cls.type === 'change' && f.shell !== null && /(^|[;&|\s])rm\s/.test(f.shell))
      .flatMap((f) => f.cls.targets),
  );
  let change: StepFacts | undefined;
  for (let i = end - (submitPos === -1 ? 0 : 1); i >= 0; i--) {
    const f = agent[i];
    if (f.cls.type !== 'change' || f.failed || f.cls.submit || isBookkeeping(f)) continue;
    if (f.cls.targets.length && f.cls.targets.every((t) => removed.has(t))) continue;
    change = f;
    break;
  }
  if (!change) return [];
  // Any run of the code after the change counts, even one that failed: the agent saw what it did.
  const verified = agent.some(
    (f) =>
      f.index > change.index &&
      f.index <= submit.index &&
      (f.cls.runsTests || f.outcome !== null || (f.shell !== null && runsProgram(f.shell))),
  );
  if (verified || change.cls.runsTests) return [];
  const handIn = submitPos === -1 ? 'the end of the run' : `the hand-in at step ${submit.step.id}`;
  return [
    {
      stepId: change.step.id,
      verdict: 'incorrect',
      reason: `the last change before ${handIn} was never run or tested, and the run failed`,
      evidence: submitPos === -1 ? [] : [submit.step.id],
      signal: 'unverified-submit',
      confidence: 0.5,
    },
  ];
}
