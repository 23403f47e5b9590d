// An edit the agent itself undid later (the reverse replacement, an undo, git checkout/reset/stash, a
// backup copied back, the file rewritten to an earlier content): the undone edit was incorrect.
// Debug instrumentation (print lines added, then removed) and scratch files the agent deletes in the end
// are not counted: they were ways to look, not the work.
import { fileEvents, type FileEvent } from '../edits.js';
import type { HeuristicLabel, RunFacts, StepFacts } from '../types.js';

type Edit = Extract<FileEvent, { type: 'replace' | 'write' }>;

const DEBUG_LINE =
  /\b(?:print|println|printf|fprintf|console\.(?:log|error|debug)|System\.out|System\.err|logger\.\w+|logging\.\w+|debug|DEBUG|dbg!|puts|eprintln!|echo)\b/;

/** sed patterns carry regex escapes; compare the literal text. */
const norm = (s: string) => s.replace(/\\(?=[^A-Za-z0-9])/g, '').trim();

function isDebugOnly(e: Edit): boolean {
  if (e.type !== 'replace') return false;
  const before = new Set(e.oldText.split('\n').map((l) => l.trim()));
  const added = e.newText
    .split('\n')
    .map((l) => l.trim())
    .filter((l) => l && !before.has(l));
  return added.length > 0 && added.every((l) => DEBUG_LINE.test(l));
}

/** Files the agent deletes at some point: scratch files (reproduction scripts, notes), not the work. */
function scratchFiles(facts: RunFacts): Set<string> {
  const out = new Set<string>();
  for (const f of facts.agentSteps) {
    if (f.cls.type === 'change' && f.shell !== null && /(?:^|[\s;&|(])rm\s/.test(f.shell))
      for (const t of f.cls.targets) out.add(t);
  }
  return out;
}

export function revertedEdit(facts: RunFacts): HeuristicLabel[] {
  const out: HeuristicLabel[] = [];
  const scratch = scratchFiles(facts);
  const live: Edit[] = [];
  const createdPaths = new Set<string>();
  const backups = new Map<string, { path: string; f: StepFacts }>();
  let lastCommit = -1;

  const undone = (edits: Edit[], by: StepFacts, how: string) => {
    for (const e of edits) {
      const i = live.indexOf(e);
      if (i !== -1) live.splice(i, 1);
      if (isDebugOnly(e) || e.f.step.id === by.step.id) continue;
      out.push({
        stepId: e.f.step.id,
        verdict: 'incorrect',
        reason: `its edit of ${e.path} was undone at step ${by.step.id} (${how})`,
        evidence: [by.step.id],
        signal: 'reverted-edit',
        confidence: 0.75,
      });
    }
  };

  for (const f of facts.agentSteps) {
    const events = fileEvents(f).filter((ev) => !('path' in ev) || !scratch.has(ev.path));
    // `git stash` followed by `git stash pop/apply` only set edits aside.
    for (const ev of events) {
      switch (ev.type) {
        case 'commit':
          lastCommit = f.index;
          break;
        case 'replace': {
          const back = [...live]
            .reverse()
            .find(
              (e) =>
                e.type === 'replace' &&
                e.path === ev.path &&
                norm(e.newText) === norm(ev.oldText) &&
                norm(e.oldText) === norm(ev.newText),
            );
          if (back) undone([back], f, 'the reverse replacement');
          else live.push(ev);
          break;
        }
        case 'write': {
          if (ev.created && !live.some((e) => e.path === ev.path)) createdPaths.add(ev.path);
          const onPath = live.filter((e) => e.path === ev.path);
          // Back to an earlier edited content; going back to the very first one is starting over.
          const same = onPath.findIndex((e, i) => i > 0 && e.type === 'write' && e.content === ev.content);
          if (same !== -1 && same < onPath.length - 1)
            undone(onPath.slice(same + 1), f, 'the file was written back to an earlier content');
          live.push(ev);
          break;
        }
        case 'undo': {
          const last = [...live].reverse().find((e) => e.path === ev.path);
          if (last) undone([last], f, 'undo_edit');
          break;
        }
        case 'discard': {
          if (discardIsStash(f, facts)) break;
          const hit = live.filter(
            (e) =>
              e.f.index > lastCommit &&
              !createdPaths.has(e.path) &&
              (ev.paths === null || ev.paths.some((p) => samePath(p, e.path))),
          );
          undone(hit, f, ev.paths === null ? 'all changes were discarded' : 'the file was checked out again');
          break;
        }
        case 'backup':
          backups.set(ev.copy, { path: ev.path, f });
          break;
        case 'restore': {
          const b = backups.get(ev.copy);
          if (b && samePath(b.path, ev.path))
            undone(
              live.filter((e) => samePath(e.path, ev.path) && e.f.index > b.f.index),
              f,
              `the backup ${ev.copy} was copied back`,
            );
          break;
        }
      }
    }
  }
  return out;
}

function samePath(a: string, b: string): boolean {
  if (a === b) return true;
  const strip = (p: string) => p.replace(/^\.\//, '');
  return strip(a) === strip(b) || a.endsWith(`/${strip(b)}`) || b.endsWith(`/${strip(a)}`);
}

/** A `git stash` whose changes come back later (`git stash pop` / `apply`) discards nothing. */
function discardIsStash(f: StepFacts, facts: RunFacts): boolean {
  if (f.shell === null || !/\bgit\s+stash\b(?!\s+(?:pop|apply|list|show|drop))/.test(f.shell)) return false;
  if (/\bgit\s+stash\s+(?:pop|apply)\b/.test(f.shell)) return true;
  return facts.agentSteps.some(
    (g) => g.index > f.index && g.shell !== null && /\bgit\s+stash\s+(?:pop|apply)\b/.test(g.shell),
  );
}
