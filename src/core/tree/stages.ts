// Stages: spans of consecutive steps that pursue one sub-goal. A run's own stage ranges win (clipped to
// its steps); otherwise steps are cut where the work turns: a change after exploring, a test run after
// exploring, the first step after a test run, a user turn, a switch to other files, or a long span.
import type { Stage, Step } from '../model/trajectory.js';
import { classifySteps } from './classify.js';
import { programName, unwrap } from './commands.js';
import { parseShell } from './shell.js';
import { commandText, KEY_TOOLS, SHELL_TOOLS, toolKey } from './tools.js';
import type { StepClass } from './types.js';

/** A stage always has a label when it comes from here. */
export type LabeledStage = Stage & { label: string };

const MIN_SIZE = 2;
/** A topic switch only cuts a stage that already has this many steps. */
const MIN_SIZE_TOPIC = 3;
const MAX_SIZE = 12;

type Phase = 'explore' | 'change' | 'test' | 'user';

function phaseOf(s: Step, c: StepClass): Phase {
  if (s.actor === 'user') return 'user';
  if (c.type === 'change') return 'change';
  return c.kind === 'test' ? 'test' : 'explore';
}

const dirOf = (p: string) => (p.includes('/') ? p.slice(0, p.replace(/\/+$/, '').lastIndexOf('/')) : '.');

/** Shorten a path for a label: its last two segments. */
function shortPath(p: string): string {
  const parts = p.replace(/\/+$/, '').split('/').filter(Boolean);
  return parts.length > 2 ? parts.slice(-2).join('/') : p;
}

function listTargets(ts: string[]): string {
  const uniq = [...new Set(ts.filter((t) => t !== '.' && t !== '..' && t !== './').map(shortPath))];
  if (uniq.length <= 2) return uniq.join(', ');
  return `${uniq.slice(0, 2).join(', ')} +${uniq.length - 2}`;
}

/** The shell text of a step: its shell tool call's command, else its action. */
function shellText(s: Step): string {
  const call = s.toolCalls.find((c) => SHELL_TOOLS.has(toolKey(c.name)) || KEY_TOOLS.has(toolKey(c.name)));
  return call ? commandText(call.arguments, s.action, call.name) : s.action;
}

/** "pip install", "git commit", "make": the program (and sub-command) a shell step ran first. */
function commandWords(s: Step): string | null {
  for (const cmd of parseShell(shellText(s).slice(0, 2000))) {
    const argv = unwrap(cmd.argv);
    if (!argv) continue;
    const p = programName(argv[0]);
    if (/^(cd|echo|export|source|set|true|:|pwd)$/.test(p)) continue;
    const sub = argv[1] && /^[a-z][a-z-]*$/.test(argv[1]) ? ` ${argv[1]}` : '';
    return /^(git|pip|npm|pnpm|yarn|cargo|go|apt|apt-get|docker|make|uv|poetry|conda|brew)$/.test(p)
      ? `${p}${sub}`
      : p;
  }
  return null;
}

function mostCommon(items: string[]): string[] {
  const counts = new Map<string, number>();
  for (const t of items) counts.set(t, (counts.get(t) ?? 0) + 1);
  return [...counts.entries()].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1)).map(([t]) => t);
}

/** A short label for a span of steps: "edit forms/models.py", "run tests", "explore utils.py". */
export function stageLabel(steps: readonly Step[], classes: readonly StepClass[]): string {
  const agent = steps.map((s, i) => ({ s, c: classes[i] })).filter((x) => x.s.actor === 'agent');
  if (!agent.length) return steps.some((s) => s.actor === 'user') ? 'user message' : 'context';
  const changes = agent.filter((x) => x.c.type === 'change' && !x.c.submit);
  const tests = agent.some((x) => x.c.runsTests);
  if (changes.length) {
    const edited = changes.filter((x) => x.c.kind === 'edit').flatMap((x) => x.c.targets);
    const verb = changes.every((x) => commandWords(x.s) === 'rm') ? 'remove' : 'edit';
    const base = listTargets(edited)
      ? `${verb} ${listTargets(mostCommon(edited))}`
      : `run ${commandWords(changes[0].s) ?? changes[0].s.tool ?? 'commands'}`;
    return tests ? `${base}, run tests` : base;
  }
  if (tests) return 'run tests';
  if (agent.every((x) => x.c.submit || x.c.kind === 'message')) {
    if (agent.some((x) => x.c.submit)) return 'submit';
    const names = [...new Set(agent.map((x) => x.s.agentName).filter((n): n is string => !!n))];
    return names.length ? `messages: ${names.slice(0, 2).join(', ')}` : 'reasoning';
  }
  const targets = mostCommon(agent.flatMap((x) => x.c.targets));
  const searching = agent.filter((x) => x.c.kind === 'search').length > agent.length / 2;
  if (listTargets(targets)) return `${searching ? 'search' : 'explore'} ${listTargets(targets)}`;
  const cmd = agent.map((x) => commandWords(x.s)).find((w) => w);
  return cmd ? `run ${cmd}` : searching ? 'search' : 'explore';
}

/** Clip a run's own stage ranges to its steps: drop empty ranges, trim overlaps, keep their ids. */
function clipStages(
  stages: readonly Stage[],
  steps: readonly Step[],
  classes: readonly StepClass[],
): LabeledStage[] {
  if (!steps.length) return [];
  const first = steps[0].id;
  const last = steps[steps.length - 1].id;
  const index = new Map(steps.map((s, i) => [s.id, i]));
  const sorted = [...stages].sort((a, b) => a.start - b.start || a.id - b.id);
  const out: LabeledStage[] = [];
  let prevEnd = first - 1;
  for (const st of sorted) {
    const start = Math.max(st.start, first, prevEnd + 1);
    const end = Math.min(st.end, last);
    if (start > end) continue;
    const lo = index.get(start) ?? steps.findIndex((s) => s.id >= start);
    const hi = index.get(end) ?? steps.length - 1 - [...steps].reverse().findIndex((s) => s.id <= end);
    const label = st.label ?? stageLabel(steps.slice(lo, hi + 1), classes.slice(lo, hi + 1));
    out.push({ id: st.id, start, end, label });
    prevEnd = end;
  }
  return out;
}

/**
 * The stages of a run. Its own `stages` win (clipped to existing steps, ids kept). Otherwise the steps are
 * segmented; the result then covers every step exactly once, ids 1..k, inclusive ranges. Deterministic.
 */
export function segmentStages(
  traj: { steps: readonly Step[]; stages?: readonly Stage[] },
  classes?: readonly StepClass[],
): LabeledStage[] {
  const steps = traj.steps;
  const cls = classes ?? classifySteps(steps);
  if (traj.stages?.length) {
    const own = clipStages(traj.stages, steps, cls);
    if (own.length) return own;
  }
  if (!steps.length) return [];
  const phases = steps.map((s, i) => phaseOf(s, cls[i]));
  const bounds: number[] = [0];
  let st = newStats();
  for (let i = 0; i < steps.length; i++) {
    const size = i - bounds[bounds.length - 1];
    if (size > 0 && cutBefore(i, size, phases, cls[i], st)) {
      bounds.push(i);
      st = newStats();
    }
    if (phases[i] === 'explore') st.explores++;
    if (phases[i] === 'change') {
      st.changes++;
      for (const t of cls[i].targets) st.changed.add(t);
    }
    for (const t of cls[i].targets) st.targets.add(dirOf(t)).add(t);
  }
  return bounds.map((b, k) => {
    const e = k + 1 < bounds.length ? bounds[k + 1] - 1 : steps.length - 1;
    return {
      id: k + 1,
      start: steps[b].id,
      end: steps[e].id,
      label: stageLabel(steps.slice(b, e + 1), cls.slice(b, e + 1)),
    };
  });
}

interface Stats {
  explores: number;
  changes: number;
  /** Files and folders the stage's steps named. */
  targets: Set<string>;
  /** Files the stage's change steps named. */
  changed: Set<string>;
}

const newStats = (): Stats => ({ explores: 0, changes: 0, targets: new Set(), changed: new Set() });

function cutBefore(i: number, size: number, phases: Phase[], c: StepClass, st: Stats): boolean {
  const cur = phases[i];
  const prev = phases[i - 1];
  if (size >= MAX_SIZE) return true;
  if (cur === 'user') return true;
  if (prev === 'user' || c.submit) return true;
  if (size < MIN_SIZE) return false;
  if (prev === 'test' && cur !== 'test') return true;
  const elsewhere =
    c.targets.length > 0 &&
    st.targets.size > 0 &&
    !c.targets.some((t) => st.targets.has(t) || st.targets.has(dirOf(t)));
  // A change after exploring starts a new sub-goal, unless it goes on editing what this stage edits
  // (look at the spot, edit it, look again, edit again).
  if (cur === 'change' && prev !== 'change')
    return st.changes === 0 || !c.targets.some((t) => st.changed.has(t));
  if (cur === 'test' && prev === 'explore') return st.changes === 0;
  // Another part of the code base: none of the step's files or folders were named in this stage.
  return size >= MIN_SIZE_TOPIC && elsewhere;
}
