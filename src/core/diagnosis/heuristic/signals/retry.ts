// A command that failed and was run again unchanged, with nothing changed in between: the re-runs are
// unuseful. When the failing action was a change and the agent never got it to work, the first attempt
// was incorrect.
import { parseShell } from '../../../tree/shell.js';
import { programName, unwrap } from '../../../tree/commands.js';
import type { HeuristicLabel, RunFacts, StepFacts } from '../types.js';

/** How far back (in agent steps) a re-run still counts as a retry. */
const WINDOW = 8;

/** "pip install", "git commit", "edit numpy_handler.py": what a later success would have to match. */
function head(f: StepFacts): string {
  if (f.shell !== null) {
    for (const cmd of parseShell(f.shell.slice(0, 2000))) {
      const argv = unwrap(cmd.argv);
      if (!argv) continue;
      const p = programName(argv[0]);
      if (/^(cd|export|source|echo|set)$/.test(p)) continue;
      const sub = argv[1] && /^[a-z][a-z-]*$/.test(argv[1]) ? ` ${argv[1]}` : '';
      return `${p}${sub} ${f.cls.kind === 'edit' ? f.cls.targets.join(',') : ''}`.trim();
    }
  }
  return `${f.step.tool ?? f.step.toolCalls[0]?.name ?? ''} ${f.cls.targets.join(',')}`.trim();
}

export function failedRetry(facts: RunFacts): HeuristicLabel[] {
  const out: HeuristicLabel[] = [];
  const agent = facts.agentSteps;
  // Chains of the same failing action: first step and the retries.
  const chains: { first: StepFacts; retries: StepFacts[] }[] = [];
  const open = new Map<string, { chain: (typeof chains)[number]; pos: number }>();
  agent.forEach((f, pos) => {
    if (f.cls.type === 'change' && !f.failed) {
      // Something changed: earlier failures may now behave differently.
      open.clear();
      return;
    }
    if (!f.failed) {
      open.delete(f.key);
      return;
    }
    const prev = open.get(f.key);
    if (prev && pos - prev.pos <= WINDOW) {
      prev.chain.retries.push(f);
      prev.pos = pos;
      const first = prev.chain.first;
      const same = f.obs !== null && f.obs === first.obs;
      out.push({
        stepId: f.step.id,
        verdict: 'unuseful',
        reason: `re-ran ${f.what} unchanged after it failed at step ${first.step.id}${same ? ', and it failed the same way' : ''}`,
        evidence: [first.step.id],
        signal: 'failed-retry',
        confidence: same ? 0.85 : 0.75,
      });
      return;
    }
    const chain = { first: f, retries: [] as StepFacts[] };
    chains.push(chain);
    open.set(f.key, { chain, pos });
  });

  for (const { first, retries } of chains) {
    if (!retries.length || first.cls.type !== 'change') continue;
    const last = retries[retries.length - 1];
    const h = head(first);
    const fixed = agent.some(
      (f) => f.index > last.index && !f.failed && (f.key === first.key || head(f) === h),
    );
    if (fixed) continue;
    out.push({
      stepId: first.step.id,
      verdict: 'incorrect',
      reason: `${first.what} failed, was retried ${retries.length} time(s) unchanged, and was never made to work`,
      evidence: retries.map((r) => r.step.id),
      signal: 'failed-retry',
      confidence: 0.6,
    });
  }
  return out;
}
