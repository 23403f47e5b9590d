// Display text and file edits for agent tool calls. Claude Code tools (Bash, Read, Edit, MultiEdit, Write,
// Task, TodoWrite, mcp__* ...) and OpenAI-style tools (execute_bash, str_replace_editor, think, finish ...)
// appear in several formats (Claude Code stream-json, Harbor ATIF, OpenHands, proxy logs), so they are
// rendered here once. The first line of an action is a readable summary ("Bash: ls -la"); the full
// command, content or diff follows below it, so nothing the agent sent is hidden.
import type { FileEdit } from '../../model/trajectory.js';
import { asArray, asBool, asNumber, asObj, asString, isObj, parseMaybeJson, type Obj } from './access.js';

export interface ToolDisplay {
  /** Summary line first, then the full command / content / diff. Never empty. */
  action: string;
  /** Edits the call makes to files, with their text, for diffs and replay. */
  edits: FileEdit[];
}

export interface ToolCallLike {
  name: string;
  arguments: unknown;
}

const SHELL_TOOLS = new Set([
  'bash',
  'execute_bash',
  'execute_command',
  'run_command',
  'run_shell_command',
  'shell',
  'terminal',
  'exec_command',
  'powershell',
]);

const EDITOR_COMMANDS = new Set(['view', 'create', 'str_replace', 'insert', 'undo_edit']);

/** True for tools whose arguments are a shell command (Bash, execute_bash, shell ...). */
export function isShellTool(name: string): boolean {
  return SHELL_TOOLS.has(name.toLowerCase());
}

function str(o: Obj, ...keys: string[]): string | undefined {
  for (const k of keys) {
    const v = asString(o[k]);
    if (v !== undefined && v !== '') return v;
  }
  return undefined;
}

/** Lines prefixed for a minimal before/after view ("- old", "+ new"). */
export function diffLines(oldText: string, newText: string): string {
  const out: string[] = [];
  if (oldText !== '') for (const l of oldText.split('\n')) out.push(`- ${l}`);
  if (newText !== '') for (const l of newText.split('\n')) out.push(`+ ${l}`);
  return out.join('\n');
}

function withBody(head: string, body: string | undefined): string {
  return body !== undefined && body !== '' ? `${head}\n${body}` : head;
}

function lineCount(s: string): number {
  if (s === '') return 0;
  const n = s.split('\n').length;
  return s.endsWith('\n') ? n - 1 : n;
}

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}

/** A shell command given as a string or an argv list (["bash", "-lc", "..."]). */
function shellCommand(a: Obj): string | undefined {
  const c = a.command ?? a.cmd ?? a.script;
  if (typeof c === 'string') return c;
  if (Array.isArray(c) && c.every((x) => typeof x === 'string')) {
    const argv = c as string[];
    if (argv.length === 3 && /^(ba|z|)sh$/.test(argv[0].replace(/^.*\//, '')) && /^-l?c$/.test(argv[1]))
      return argv[2];
    return argv.join(' ');
  }
  return undefined;
}

/** Compact rendering of arbitrary arguments: a lone string stays bare, the rest is JSON. */
function compactArgs(args: unknown): { line: string; body?: string } {
  if (isObj(args)) {
    const keys = Object.keys(args);
    if (keys.length === 0) return { line: '' };
    if (keys.length === 1 && typeof args[keys[0]] === 'string') return { line: args[keys[0]] as string };
    const json = JSON.stringify(args);
    if (json.length <= 160) return { line: json };
    return { line: `${json.slice(0, 150)}…`, body: JSON.stringify(args, null, 2) };
  }
  if (typeof args === 'string') return { line: args };
  if (args === undefined || args === null) return { line: '' };
  return { line: JSON.stringify(args) };
}

function generic(label: string, args: unknown): ToolDisplay {
  const { line, body } = compactArgs(args);
  return { action: withBody(line ? `${label}: ${line}` : label, body), edits: [] };
}

function readRange(a: Obj): string {
  const offset = asNumber(a.offset);
  const limit = asNumber(a.limit);
  if (offset !== undefined && limit !== undefined) return ` (lines ${offset}-${offset + limit - 1})`;
  if (offset !== undefined) return ` (from line ${offset})`;
  if (limit !== undefined) return ` (first ${plural(limit, 'line')})`;
  return '';
}

function todoList(a: Obj): ToolDisplay {
  const todos = asArray(a.todos).filter(isObj);
  const count = (s: string): number => todos.filter((t) => t.status === s).length;
  const parts = [
    `${count('completed')} done`,
    `${count('in_progress')} in progress`,
    `${count('pending')} pending`,
  ];
  const lines = todos.map((t) => {
    const mark = t.status === 'completed' ? '[x]' : t.status === 'in_progress' ? '[~]' : '[ ]';
    return `${mark} ${asString(t.content) ?? JSON.stringify(t)}`;
  });
  return {
    action: withBody(`TodoWrite: ${plural(todos.length, 'todo')} (${parts.join(', ')})`, lines.join('\n')),
    edits: [],
  };
}

function editCall(a: Obj): ToolDisplay {
  const path = str(a, 'file_path', 'path') ?? '?';
  const oldText = asString(a.old_string) ?? '';
  const newText = asString(a.new_string) ?? '';
  const all = asBool(a.replace_all) ? ' (all occurrences)' : '';
  return {
    action: withBody(`Edit: ${path}${all}`, diffLines(oldText, newText)),
    edits: [{ path, kind: 'replace', oldText, newText }],
  };
}

function multiEditCall(a: Obj): ToolDisplay {
  const path = str(a, 'file_path', 'path') ?? '?';
  const edits = asArray(a.edits).filter(isObj);
  const blocks = edits.map((e, i) => {
    const all = asBool(e.replace_all) ? ' (all occurrences)' : '';
    return withBody(
      `@@ edit ${i + 1}${all}`,
      diffLines(asString(e.old_string) ?? '', asString(e.new_string) ?? ''),
    );
  });
  return {
    action: withBody(`MultiEdit: ${path} (${plural(edits.length, 'edit')})`, blocks.join('\n')),
    edits: edits.map((e) => ({
      path,
      kind: 'replace' as const,
      oldText: asString(e.old_string) ?? '',
      newText: asString(e.new_string) ?? '',
    })),
  };
}

function writeCall(a: Obj): ToolDisplay {
  const path = str(a, 'file_path', 'path') ?? '?';
  const content = asString(a.content) ?? '';
  return {
    action: withBody(`Write: ${path} (${plural(lineCount(content), 'line')})`, content),
    edits: [{ path, kind: 'write', newText: content }],
  };
}

function notebookEditCall(a: Obj): ToolDisplay {
  const path = str(a, 'notebook_path', 'file_path', 'path') ?? '?';
  const mode = str(a, 'edit_mode') ?? 'replace';
  const cell =
    str(a, 'cell_id') ?? (asNumber(a.cell_number) !== undefined ? String(a.cell_number) : undefined);
  const source = asString(a.new_source) ?? '';
  const head = `NotebookEdit: ${path} (${mode}${cell ? ` cell ${cell}` : ''})`;
  const edit: FileEdit =
    mode === 'delete'
      ? { path, kind: 'delete' }
      : mode === 'insert'
        ? { path, kind: 'insert', newText: source }
        : { path, kind: 'replace', oldText: null, newText: source };
  return { action: withBody(head, mode === 'delete' ? undefined : source), edits: [edit] };
}

/** OpenHands / SWE-agent / Anthropic text editor: one tool, a `command` argument selects the operation. */
function editorCall(name: string, a: Obj): ToolDisplay {
  const cmd = str(a, 'command') ?? '?';
  const path = str(a, 'path', 'file_path') ?? '?';
  const head = `${name} ${cmd} ${path}`;
  switch (cmd) {
    case 'view': {
      const range = asArray(a.view_range);
      return { action: range.length === 2 ? `${head} (lines ${range[0]}-${range[1]})` : head, edits: [] };
    }
    case 'create': {
      const text = asString(a.file_text) ?? '';
      return { action: withBody(head, text), edits: [{ path, kind: 'create', newText: text }] };
    }
    case 'str_replace': {
      const oldText = asString(a.old_str) ?? '';
      const newText = asString(a.new_str) ?? '';
      return {
        action: withBody(head, diffLines(oldText, newText)),
        edits: [{ path, kind: 'replace', oldText, newText }],
      };
    }
    case 'insert': {
      const line = asNumber(a.insert_line);
      const text = asString(a.new_str) ?? '';
      const edit: FileEdit = { path, kind: 'insert', newText: text };
      if (line !== undefined && Number.isInteger(line)) edit.line = line;
      return { action: withBody(line !== undefined ? `${head} at line ${line}` : head, text), edits: [edit] };
    }
    case 'undo_edit':
      return { action: head, edits: [{ path, kind: 'undo' }] };
    default:
      return generic(name, a);
  }
}

function mcpCall(name: string, args: unknown): ToolDisplay {
  // mcp__<server>__<tool>; server names may themselves hold single underscores.
  const rest = name.slice('mcp__'.length);
  const i = rest.indexOf('__');
  const label = i > 0 ? `MCP ${rest.slice(0, i)}/${rest.slice(i + 2)}` : `MCP ${rest}`;
  return generic(label, args);
}

/** Display text and edits for one tool call. Arguments may be an object or a JSON string. */
export function displayToolCall(name: string, rawArgs: unknown): ToolDisplay {
  const parsed = parseMaybeJson(rawArgs);
  const a = asObj(parsed);
  if (!a) return generic(name || 'tool', parsed);
  const lower = name.toLowerCase();

  if (name.startsWith('mcp__')) return mcpCall(name, a);
  if (isShellTool(name)) {
    const cmd = shellCommand(a);
    if (cmd !== undefined) {
      const label = asBool(a.run_in_background) ? `${name} (background)` : name;
      return { action: `${label}: ${cmd}`, edits: [] };
    }
  }
  // Editor tools are recognized by their arguments too, whatever the tool is called.
  if (
    typeof a.command === 'string' &&
    EDITOR_COMMANDS.has(a.command) &&
    typeof (a.path ?? a.file_path) === 'string'
  ) {
    return editorCall(name, a);
  }

  switch (name) {
    case 'Read':
    case 'FileRead':
      return { action: `${name}: ${str(a, 'file_path', 'path') ?? '?'}${readRange(a)}`, edits: [] };
    case 'Write':
    case 'FileWrite':
      return writeCall(a);
    case 'Edit':
    case 'FileEdit':
      return editCall(a);
    case 'MultiEdit':
      return multiEditCall(a);
    case 'NotebookEdit':
      return notebookEditCall(a);
    case 'NotebookRead':
      return { action: `NotebookRead: ${str(a, 'notebook_path', 'path') ?? '?'}`, edits: [] };
    case 'Glob': {
      const where = str(a, 'path');
      return { action: `Glob: ${str(a, 'pattern') ?? '?'}${where ? ` in ${where}` : ''}`, edits: [] };
    }
    case 'Grep': {
      const where = str(a, 'path');
      const opts: string[] = [];
      for (const k of ['glob', 'type', 'output_mode']) if (str(a, k)) opts.push(`${k}=${a[k]}`);
      if (asBool(a['-i'])) opts.push('ignore case');
      const tail = opts.length ? ` (${opts.join(', ')})` : '';
      return { action: `Grep: ${str(a, 'pattern') ?? '?'}${where ? ` in ${where}` : ''}${tail}`, edits: [] };
    }
    case 'LS':
      return { action: `LS: ${str(a, 'path') ?? '.'}`, edits: [] };
    case 'Task':
    case 'Agent': {
      const type = str(a, 'subagent_type');
      const head = `${name}${type ? ` (${type})` : ''}: ${str(a, 'description') ?? ''}`.trimEnd();
      return { action: withBody(head, str(a, 'prompt')), edits: [] };
    }
    case 'TodoWrite':
      return todoList(a);
    case 'TodoRead':
      return { action: 'TodoRead', edits: [] };
    case 'WebFetch':
      return { action: withBody(`WebFetch: ${str(a, 'url') ?? '?'}`, str(a, 'prompt')), edits: [] };
    case 'WebSearch':
      return { action: `WebSearch: ${str(a, 'query') ?? '?'}`, edits: [] };
    case 'BashOutput':
    case 'TaskOutput': {
      const id = str(a, 'bash_id', 'shell_id', 'task_id') ?? '?';
      const filter = str(a, 'filter');
      return { action: `${name}: ${id}${filter ? ` (filter ${filter})` : ''}`, edits: [] };
    }
    case 'KillShell':
    case 'KillBash':
    case 'TaskStop':
      return { action: `${name}: ${str(a, 'shell_id', 'bash_id', 'task_id') ?? '?'}`, edits: [] };
    case 'ExitPlanMode':
      return { action: withBody('ExitPlanMode', str(a, 'plan')), edits: [] };
    case 'SlashCommand':
    case 'Skill':
      return { action: `${name}: ${str(a, 'command', 'skill', 'name') ?? JSON.stringify(a)}`, edits: [] };
    default:
      break;
  }

  // OpenAI-style helpers seen across agents: a thought, a final message, an IPython cell.
  if (lower === 'think') return { action: withBody('think', str(a, 'thought', 'content')), edits: [] };
  if (lower === 'finish' || lower === 'submit') return generic(name, a);
  if (lower === 'execute_ipython_cell') return { action: `${name}: ${str(a, 'code') ?? ''}`, edits: [] };
  return generic(name || 'tool', a);
}

/** Several calls of one step: their displays one after another, edits concatenated. */
export function displayToolCalls(calls: ToolCallLike[]): ToolDisplay {
  if (calls.length === 1) return displayToolCall(calls[0].name, calls[0].arguments);
  const shown = calls.map((c) => displayToolCall(c.name, c.arguments));
  return {
    action: shown.map((d) => d.action).join('\n\n'),
    edits: shown.flatMap((d) => d.edits),
  };
}

/**
 * Exit code of a shell tool call from its result text, when the result says it: Claude Code prefixes a
 * failed command's output with "Exit code N"; OpenHands appends "[Command finished with exit code N]".
 * A shell result explicitly flagged as not an error exited 0. Undefined when unknown or not a shell tool.
 */
export function exitCodeFromResult(name: string, content: string, isError?: boolean): number | undefined {
  if (!isShellTool(name)) return undefined;
  const m =
    /^\s*Exit code:? (-?\d+)\b/.exec(content) ?? /\[Command finished with exit code (-?\d+)\]/.exec(content);
  if (m) return Number(m[1]);
  if (isError === false) return 0;
  return undefined;
}
