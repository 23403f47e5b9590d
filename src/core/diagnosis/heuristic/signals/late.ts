// Long exploration after the answer was already in view: the line an edit finally wrote (or the final
// answer given) had appeared in the task or in an observation many steps before. The reads and searches
// in between, except the last few that locate the spot, added nothing.
import { fileEvents } from '../edits.js';
import type { HeuristicLabel, RunFacts, StepFacts } from '../types.js';

/** Reads/searches between seeing the answer and using it before the rule fires. */
const MIN_WASTED = 6;
/** The last reads before the edit are allowed: they find where the answer goes. */
const LOCATE = 2;
/** Label at most this many steps per occurrence: the first ones after the answer appeared. */
const MAX_LABELS = 10;
const MIN_LINE = 16;

/** The most telling new line of an edit: the longest line it adds that the old text did not have. */
function newLine(oldText: string, newText: string): string | null {
  const before = new Set(oldText.split('\n').map((l) => l.trim()));
  let best: string | null = null;
  for (const raw of newText.split('\n')) {
    const l = raw.trim();
    if (l.length < MIN_LINE || before.has(l) || !/[A-Za-z]{3}/.test(l)) continue;
    if (!best || l.length > best.length) best = l;
  }
  return best;
}

/** "FINAL ANSWER: x" style answers in a final message. */
function finalAnswer(text: string): string | null {
  const m =
    /FINAL ANSWER:\s*([^\n]{4,120})/i.exec(text) ??
    /\banswer is[:\s]+\**([^\n*]{4,120}?)\**[.\n]/i.exec(text);
  return m ? m[1].trim().replace(/[.*]+$/, '') : null;
}

function firstSeen(facts: RunFacts, text: string, before: number): number {
  // 0 = the task statement itself; otherwise the step index + 1 of the first observation holding it.
  if (facts.traj.task.includes(text)) return 0;
  for (const f of facts.steps) {
    if (f.index >= before) break;
    if (f.step.observation?.includes(text)) return f.index + 1;
  }
  return -1;
}

const samePath = (a: string, b: string) => a === b || a.endsWith(`/${b}`) || b.endsWith(`/${a}`);

function label(
  facts: RunFacts,
  seenAt: number,
  used: StepFacts,
  what: string,
  path?: string,
): HeuristicLabel[] {
  // Reads of the file being edited locate the spot; reading elsewhere once the answer is known is waste.
  const wasted = facts.agentSteps.filter(
    (f) =>
      f.index + 1 > seenAt &&
      f.index < used.index &&
      f.cls.type === 'explore' &&
      (f.cls.kind === 'read' || f.cls.kind === 'search') &&
      !(path && f.cls.targets.some((t) => samePath(t, path))),
  );
  if (wasted.length < MIN_WASTED) return [];
  const where = seenAt === 0 ? 'in the task' : `at step ${facts.steps[seenAt - 1].step.id}`;
  const evidence = seenAt === 0 ? [used.step.id] : [facts.steps[seenAt - 1].step.id, used.step.id];
  return wasted.slice(0, Math.min(MAX_LABELS, wasted.length - LOCATE)).map((f) => ({
    stepId: f.step.id,
    verdict: 'unuseful' as const,
    reason: `${what} (step ${used.step.id}) was already visible ${where}; this exploration added nothing`,
    evidence,
    signal: 'answer-already-visible',
    confidence: 0.35,
  }));
}

export function answerAlreadyVisible(facts: RunFacts): HeuristicLabel[] {
  const out: HeuristicLabel[] = [];
  const done = new Set<string>();
  for (const f of facts.agentSteps) {
    for (const ev of fileEvents(f)) {
      // Files the agent creates (scratch scripts, copies of code) are not where the answer goes.
      if (ev.type === 'write' && ev.created) done.add(ev.path);
      if (ev.type !== 'replace' && ev.type !== 'write') continue;
      // Only the first edit of each file: later ones refine what the exploration found.
      if (done.has(ev.path)) continue;
      done.add(ev.path);
      const line = newLine(
        ev.type === 'replace' ? ev.oldText : '',
        ev.type === 'replace' ? ev.newText : ev.content,
      );
      if (!line) continue;
      const seen = firstSeen(facts, line, f.index);
      if (seen >= 0) out.push(...label(facts, seen, f, `the line it wrote into ${ev.path}`, ev.path));
    }
  }
  const last = facts.agentSteps[facts.agentSteps.length - 1];
  if (last && (last.cls.kind === 'message' || last.cls.submit)) {
    const answer = finalAnswer(last.step.action);
    if (answer) {
      const seen = firstSeen(facts, answer, last.index);
      if (seen >= 0) out.push(...label(facts, seen, last, 'the final answer'));
    }
  }
  return out;
}
