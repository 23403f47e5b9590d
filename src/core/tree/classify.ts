// Step classification: every step is a `change` (it alters files or the environment) or an `explore`
// (it only looks), with a finer `kind`. Tool-aware (an Edit is a change, `git clone` is a change, `grep`
// is explore); shell commands are parsed, not matched by keyword. Programs whose effect their name cannot
// tell (scripts, unknown tools) are decided by what they did: edits recorded, or output saying so.
import type { Step } from '../model/trajectory.js';
import { programName, shellTextEffect } from './commands.js';
import {
  EDITOR_PROGRAMS,
  LOOK_PROGRAMS,
  NEUTRAL_PROGRAMS,
  PY_WRITES,
  READ_PROGRAMS,
  SEARCH_PROGRAMS,
  TEST_PROGRAMS,
  WROTE_WORDS,
  CHANGE_PROGRAMS,
} from './programs.js';
import { parseShell } from './shell.js';
import { commandText, KEY_TOOLS, SHELL_TOOLS, toolCallEffect, toolKey } from './tools.js';
import { effect, type Effect, type StepClass } from './types.js';
import { combine } from './commands.js';

export type { StepClass, StepKind, NodeType } from './types.js';

/** What the steps before this one left open: an editor session, a here-document, SWE-agent's open file. */
interface Context {
  editor: boolean;
  heredoc: { delim: string; effect: Effect } | null;
  openFile: string | null;
}

const newContext = (): Context => ({ editor: false, heredoc: null, openFile: null });

const EDITOR_EXIT =
  /(?:^|\n|\x1b|<Escape>|Escape\s*)\s*:(?:wq|x|q|wq!|q!|x!)\s*(?:\n|$)|\bZZ\b|C-x|\x18|\bC-c\s+C-x/;
const SAYS_WROTE =
  /\b(?:I|I've|I have|we|we've|we have)\s+(?:just\s+|now\s+|successfully\s+)?(?:created|written|wrote|saved|updated|modified|edited|fixed|patched)\s+(?:the|a|an|this|that|our|new)?\s*(?:file|script|code|module|function|class|patch|implementation)\b/i;

const KNOWN_SETS = [
  READ_PROGRAMS,
  SEARCH_PROGRAMS,
  LOOK_PROGRAMS,
  NEUTRAL_PROGRAMS,
  CHANGE_PROGRAMS,
  EDITOR_PROGRAMS,
  TEST_PROGRAMS,
];
const KNOWN_WORDS =
  /^(python|pip|git|make|npm|pnpm|yarn|npx|node|go|cargo|sed|awk|tee|sudo|env|bash|sh|curl|wget|tar|docker|apt|apt-get|edit|create|open|goto|scroll_up|scroll_down|search_dir|search_file|find_file|submit|str_replace_editor|insert|append)$/;

/** Does an agent text without a tool look like a shell command rather than prose? */
function looksLikeCommand(text: string): boolean {
  const t = text.trim();
  if (t === '' || t.includes('```')) return false;
  const first = t.split(/\s/, 1)[0];
  if (/^(\.{0,2}\/|~\/|[A-Z_]+=)/.test(first)) return true;
  const p = programName(first);
  if (KNOWN_WORDS.test(p) || KNOWN_SETS.some((s) => s.has(p))) return true;
  if (/^\(.*\)$/.test(t)) return false;
  const line = t.split('\n')[0];
  // An unknown first word: a command only when it reads like one (options, operators, few words).
  return /\s--?[A-Za-z]|&&|\|\||[|;>]\s/.test(line) || line.split(/\s+/).length <= 3;
}

/** Messages (multi-agent chat, final answers): explore, unless their code or their words write files. */
function messageEffect(text: string): Effect {
  const fences = /```([A-Za-z0-9_+-]*)[^\n]*\n([\s\S]*?)```/g;
  const found: Effect[] = [];
  for (let m = fences.exec(text); m; m = fences.exec(text)) {
    const lang = m[1].toLowerCase();
    if (/^(bash|sh|shell|console|zsh)$/.test(lang)) found.push(shellTextEffect(m[2]));
    else if (/^(python|py|python3)$/.test(lang) && PY_WRITES.test(m[2]))
      found.push(effect('change', 'command'));
  }
  const change = found.find((e) => e.type === 'change');
  if (change) return change;
  if (SAYS_WROTE.test(text)) return effect('change', 'edit');
  return effect('explore', 'message');
}

/** Keystroke / shell text, given what earlier steps left open (an editor, a here-document). */
function contextualShell(text: string, ctx: Context): Effect {
  let rest = text;
  if (ctx.heredoc) {
    // The text continues a here-document typed in an earlier step: its lines are content.
    const lines = rest.split('\n');
    const end = lines.findIndex((l) => l.replace(/\r$/, '').trim() === ctx.heredoc!.delim);
    const opener = ctx.heredoc.effect;
    if (end === -1) return { ...opener, editor: false };
    ctx.heredoc = null;
    rest = lines.slice(end + 1).join('\n');
    if (rest.trim() === '') return { ...opener, editor: false };
    return combine([opener, contextualShell(rest, ctx)]);
  }
  if (ctx.editor) {
    // Keystrokes typed into an open editor edit the file; leaving the editor ends the session.
    if (EDITOR_EXIT.test(rest)) ctx.editor = false;
    return effect('change', 'edit', ctx.openFile ? [ctx.openFile] : []);
  }
  const e = shellTextEffect(rest);
  if (e.editor) {
    const afterFirst = rest.slice(rest.indexOf('\n') + 1);
    ctx.editor = !(rest.includes('\n') && EDITOR_EXIT.test(afterFirst));
    if (e.targets.length) ctx.openFile = e.targets[0];
  }
  if (rest.includes('<<')) {
    const cmds = parseShell(rest);
    const open = cmds.find((c) => c.heredoc && !c.heredoc.closed);
    if (open?.heredoc) ctx.heredoc = { delim: open.heredoc.delim, effect: e };
  }
  return e;
}

function callEffect(name: string, args: unknown, step: Step, ctx: Context): Effect {
  const key = toolKey(name);
  if (SHELL_TOOLS.has(key) || KEY_TOOLS.has(key))
    return contextualShell(commandText(args, step.action, name), ctx);
  const e = toolCallEffect(name, args, step.action);
  // Tools named after the command word (SWE-agent: tool "open", action "open file.py 10"): the action
  // says more (the file) than the arguments do.
  const first = step.action.trim().split(/\s+/)[0] ?? '';
  if (first && toolKey(first) === key && (e.type === 'unknown' || !e.targets.length)) {
    const s = contextualShell(step.action, ctx);
    if (e.type === 'unknown' || s.type === e.type) return s;
  }
  return e;
}

/** Unknown effects are decided by what happened: recorded edits, or output that says files were written. */
function resolve(e: Effect, step: Step): Effect {
  if (step.edits?.length && e.type !== 'change') {
    const paths = step.edits.map((x) => x.path);
    return {
      ...e,
      type: 'change',
      kind: 'edit',
      targets: [...e.targets, ...paths.filter((p) => !e.targets.includes(p))],
    };
  }
  if (e.type !== 'unknown') return e;
  const failed = step.exitCode !== undefined && step.exitCode !== null && step.exitCode !== 0;
  const obs = (step.observation ?? '').slice(0, 4000);
  if (!failed && WROTE_WORDS.test(obs)) return { ...e, type: 'change', kind: e.kind ?? 'command' };
  return { ...e, type: 'explore', kind: e.kind ?? 'command' };
}

function classifyWith(step: Step, ctx: Context): StepClass {
  if (step.actor !== 'agent')
    return { type: 'explore', kind: 'message', targets: [], runsTests: false, submit: false };
  let e: Effect;
  if (step.toolCalls.length)
    e = combine(step.toolCalls.map((c) => callEffect(c.name, c.arguments, step, ctx)));
  else if (step.tool) e = callEffect(step.tool, undefined, step, ctx);
  else if (ctx.editor || ctx.heredoc || (!step.agentName && looksLikeCommand(step.action)))
    e = contextualShell(step.action, ctx);
  else e = messageEffect(step.action);
  e = resolve(e, step);
  // SWE-agent edits apply to the file last opened.
  if (e.kind === 'read' && e.targets.length === 1 && /^(open|create)\b/.test(step.action.trim()))
    ctx.openFile = e.targets[0];
  if (e.type === 'change' && e.kind === 'edit' && /^create\b/.test(step.action.trim()) && e.targets.length)
    ctx.openFile = e.targets[0];
  if (e.type === 'change' && e.kind === 'edit' && !e.targets.length && ctx.openFile)
    e = { ...e, targets: [ctx.openFile] };
  const type = e.type === 'change' ? 'change' : 'explore';
  const kind = e.kind ?? (type === 'change' ? 'command' : 'command');
  return {
    type,
    kind: type === 'explore' && e.test ? 'test' : kind,
    targets: e.targets,
    runsTests: e.test,
    submit: e.submit,
  };
}

/** Classify one step on its own (no knowledge of earlier steps). Pure and fast. */
export function classifyStep(step: Step): StepClass {
  return classifyWith(step, newContext());
}

/**
 * Classify all steps of a run in order. Unlike `classifyStep`, it follows what earlier steps left open:
 * keystrokes typed into vim/nano, here-document bodies sent across steps, SWE-agent's open file.
 */
export function classifySteps(steps: readonly Step[]): StepClass[] {
  const ctx = newContext();
  return steps.map((s) => classifyWith(s, ctx));
}
