// File edits a step made, read from its recorded edits, its editor tool arguments or its shell command
// (sed -i s/a/b/, cat > f <<EOF), plus the commands that throw edits away (git checkout -- f, git reset
// --hard, restoring a backup copy). Used by the revert and "answer already visible" rules.
import { parseShell, type SimpleCommand } from '../../tree/shell.js';
import { programName, unwrap } from '../../tree/commands.js';
import type { StepFacts } from './types.js';

export type FileEvent =
  | { type: 'replace'; f: StepFacts; path: string; oldText: string; newText: string }
  | { type: 'write'; f: StepFacts; path: string; content: string; created: boolean }
  | { type: 'undo'; f: StepFacts; path: string }
  /** Edits of these paths (null = every tracked file) are thrown away. */
  | { type: 'discard'; f: StepFacts; paths: string[] | null }
  | { type: 'commit'; f: StepFacts }
  | { type: 'backup'; f: StepFacts; path: string; copy: string }
  | { type: 'restore'; f: StepFacts; path: string; copy: string };

const str = (v: unknown): string | undefined => (typeof v === 'string' ? v : undefined);

/** sed `s` command parts (address ignored), or null when the script is something else. */
export function sedSubstitution(script: string): { pattern: string; replacement: string } | null {
  const m = /^\s*(?:\d+(?:,\d+|,\$)?|\$|\/(?:[^/\\]|\\.)*\/)?\s*s(.)/.exec(script);
  if (!m) return null;
  const d = m[1];
  const parts: string[] = [];
  let cur = '';
  for (let i = m[0].length; i < script.length; i++) {
    const c = script[i];
    if (c === '\\' && i + 1 < script.length) {
      cur += script[i + 1] === d ? d : c + script[i + 1];
      i++;
    } else if (c === d) {
      parts.push(cur);
      cur = '';
      if (parts.length === 2) break;
    } else cur += c;
  }
  return parts.length === 2 ? { pattern: parts[0], replacement: parts[1] } : null;
}

const isBackupName = (copy: string, path: string) =>
  copy !== path &&
  (copy.startsWith(path) || /(?:^|\/)(?:backup|orig)/i.test(copy)) &&
  /(\.bak|\.orig|\.backup|\.old|~|\.save|backup)/i.test(copy);

function shellEvents(f: StepFacts, cmd: SimpleCommand, out: FileEvent[]): void {
  const argv = unwrap(cmd.argv);
  if (!argv) return;
  const p = programName(argv[0]);
  const args = argv.slice(1);
  const ops = args.filter((a) => !a.startsWith('-'));
  if (
    (p === 'sed' || p === 'gsed') &&
    args.some((a) => /^-[a-zA-Z]*i/.test(a) || a.startsWith('--in-place'))
  ) {
    const eIdx = args.indexOf('-e');
    const script = eIdx !== -1 ? args[eIdx + 1] : ops[0];
    const files = eIdx !== -1 ? ops.filter((o) => o !== script) : ops.slice(1);
    const sub = script ? sedSubstitution(script) : null;
    if (sub)
      for (const path of files)
        out.push({ type: 'replace', f, path, oldText: sub.pattern, newText: sub.replacement });
    return;
  }
  if (p === 'git') {
    const sub = args.find((a) => !a.startsWith('-')) ?? '';
    const rest = args.slice(args.indexOf(sub) + 1);
    if (sub === 'commit') out.push({ type: 'commit', f });
    else if (sub === 'reset' && rest.includes('--hard')) out.push({ type: 'discard', f, paths: null });
    else if (sub === 'stash' && (rest.length === 0 || /^(push|save)$/.test(rest[0])))
      out.push({ type: 'discard', f, paths: null });
    else if (sub === 'checkout' || sub === 'restore') {
      const dd = rest.indexOf('--');
      const named = (dd !== -1 ? rest.slice(dd + 1) : rest).filter((a) => !a.startsWith('-'));
      const files =
        sub === 'restore' || dd !== -1
          ? named
          : named.filter((a) => a === '.' || /\.[A-Za-z0-9]{1,8}$/.test(a));
      if (rest.some((a) => /^(-b|-B|--orphan)$/.test(a)) || !files.length) return;
      out.push({ type: 'discard', f, paths: files.includes('.') ? null : files });
    }
    return;
  }
  if ((p === 'cp' || p === 'mv') && ops.length === 2) {
    const [a, b] = ops;
    if (isBackupName(b, a)) out.push({ type: 'backup', f, path: a, copy: b });
    else if (isBackupName(a, b)) out.push({ type: 'restore', f, path: b, copy: a });
    return;
  }
  // `cat > f <<EOF ... EOF` and the like: the whole file is written.
  for (const r of cmd.redirects) {
    if ((r.op === '>' || r.op === '>|') && cmd.heredoc?.closed && !/^\/dev\//.test(r.target)) {
      out.push({ type: 'write', f, path: r.target, content: cmd.heredoc.body, created: true });
    }
  }
}

function toolEvents(f: StepFacts, name: string, args: unknown, out: FileEvent[]): void {
  if (!args || typeof args !== 'object') return;
  const a = args as Record<string, unknown>;
  const path = str(a.file_path) ?? str(a.path) ?? str(a.notebook_path);
  if (!path) return;
  const oldText = str(a.old_str) ?? str(a.old_string);
  const newText = str(a.new_str) ?? str(a.new_string);
  if (str(a.command) === 'undo_edit') out.push({ type: 'undo', f, path });
  else if (oldText !== undefined && newText !== undefined)
    out.push({ type: 'replace', f, path, oldText, newText });
  else if (Array.isArray(a.edits)) {
    for (const e of a.edits) {
      const o = e && typeof e === 'object' ? (e as Record<string, unknown>) : {};
      const ot = str(o.old_string) ?? str(o.old_str);
      const nt = str(o.new_string) ?? str(o.new_str);
      if (ot !== undefined && nt !== undefined)
        out.push({ type: 'replace', f, path, oldText: ot, newText: nt });
    }
  } else {
    const content = str(a.file_text) ?? str(a.content);
    if (content !== undefined)
      out.push({
        type: 'write',
        f,
        path,
        content,
        created: str(a.command) === 'create' || /^(write|create)/i.test(name),
      });
  }
}

const cache = new WeakMap<StepFacts, FileEvent[]>();

/** The file events of one step (only agent change steps that did not fail make any). Cached per step. */
export function fileEvents(f: StepFacts): FileEvent[] {
  let events = cache.get(f);
  if (!events) cache.set(f, (events = readEvents(f)));
  return events;
}

function readEvents(f: StepFacts): FileEvent[] {
  const out: FileEvent[] = [];
  if (!f.agent || f.failed || f.cls.type !== 'change') return out;
  if (f.step.edits?.length) {
    for (const e of f.step.edits) {
      if (e.kind === 'undo') out.push({ type: 'undo', f, path: e.path });
      else if ((e.kind === 'replace' || e.kind === 'insert') && e.newText != null)
        out.push({ type: 'replace', f, path: e.path, oldText: e.oldText ?? '', newText: e.newText });
      else if ((e.kind === 'create' || e.kind === 'write') && e.newText != null)
        out.push({ type: 'write', f, path: e.path, content: e.newText, created: e.kind === 'create' });
    }
    return out;
  }
  const before = out.length;
  for (const c of f.step.toolCalls) toolEvents(f, c.name, c.arguments, out);
  if (out.length === before && f.shell !== null)
    for (const cmd of parseShell(f.shell)) shellEvents(f, cmd, out);
  return out;
}
