// What a tool call does, by tool name and arguments: shell tools are judged by their command, editor
// tools by their sub-command, and file/search/message tools by name. Unknown tools are left `unknown`
// so the caller can decide by what they did.
import { shellTextEffect } from './commands.js';
import { PY_WRITES } from './programs.js';
import { effect, type Effect } from './types.js';

const set = (s: string) => new Set(s.split(/\s+/).filter(Boolean));

export const SHELL_TOOLS =
  set(`bash shell sh execute_bash execute_command run_command run_shell_command terminal
  exec_command exec cmd command run powershell local_shell bash_tool run_terminal_cmd terminal_run shell_exec`);
export const KEY_TOOLS = set('send_keys keystrokes send_keystrokes tmux_send_keys terminal_input type_keys');
const PYTHON_TOOLS = set(`execute_ipython_cell run_ipython ipython jupyter code_interpreter execute_python
  python_interpreter run_python python`);
const EDITOR_TOOLS = set(
  'str_replace_editor str_replace_based_edit_tool text_editor edit_tool file_editor editor',
);
const EDIT_TOOLS =
  set(`edit multiedit write create notebookedit str_replace insert apply_patch applypatch patch
  write_file create_file edit_file replace_in_file write_to_file replace undo_edit append append_file delete_file
  rename_file move_file search_replace file_write file_edit edit_notebook notebook_edit`);
const READ_TOOLS =
  set(`read read_file view view_file open open_file cat goto scroll_up scroll_down notebookread
  readfile get_file file_read read_many_files view_image bashoutput`);
const SEARCH_TOOLS = set(`grep glob ls list list_dir list_directory list_files search search_dir search_file
  find_file find codebase_search file_search websearch webfetch web_search web_fetch browse browser fetch
  browse_interactive semantic_search ripgrep search_files find_files tree`);
const MESSAGE_TOOLS = set(`think finish submit task_complete attempt_completion message todowrite todoread
  todo_write task agent exitplanmode exit_plan_mode ask_user askuserquestion ask_followup_question delegate
  recall note plan update_plan final_answer complete mark_task_complete condensation condensation_request reject
  task_tracker killshell kill_shell`);
const SUBMIT_TOOLS = set(
  'finish submit task_complete attempt_completion final_answer complete mark_task_complete reject',
);

/** Lower-case tool name without namespaces ("functions.Bash" -> "bash", "mcp__gh__get_issue" stays). */
export function toolKey(name: string): string {
  const n = name.trim().toLowerCase();
  const dot = n.lastIndexOf('.');
  return dot !== -1 && !n.startsWith('mcp') ? n.slice(dot + 1) : n;
}

type Args = Record<string, unknown>;
const asArgs = (a: unknown): Args => (a && typeof a === 'object' && !Array.isArray(a) ? (a as Args) : {});
const str = (v: unknown): string | undefined => (typeof v === 'string' ? v : undefined);

function pathOf(a: Args): string[] {
  for (const k of [
    'file_path',
    'path',
    'notebook_path',
    'filename',
    'file',
    'target_file',
    'absolute_path',
    'dir_path',
    'directory',
  ]) {
    const v = str(a[k]);
    if (v) return [v];
  }
  return [];
}

/** The command text of a shell-like tool call: from its arguments, else from the step's action. */
export function commandText(args: unknown, action: string, tool: string): string {
  if (typeof args === 'string') return args;
  const a = asArgs(args);
  for (const k of ['command', 'cmd', 'script', 'input', 'keystrokes', 'keys', 'code', 'text']) {
    const v = a[k];
    if (typeof v === 'string') return v;
    if (Array.isArray(v) && v.every((x) => typeof x === 'string')) return v.join(' ');
  }
  // Display forms such as "execute_bash: ls" or "Bash (input): ls": drop the tool prefix.
  if (action.slice(0, tool.length).toLowerCase() === tool.toLowerCase()) {
    const m = /^(?: \([^)]*\))?:\s?/.exec(action.slice(tool.length, tool.length + 80));
    if (m) return action.slice(tool.length + m[0].length);
  }
  return action;
}

/** Files named in a patch (apply_patch / unified diff). */
function patchFiles(text: string): string[] {
  const out: string[] = [];
  const re = /^(?:\*\*\* (?:Update|Add|Delete) File: (.+)|\+\+\+ (?:b\/)?(.+))$/gm;
  for (let m = re.exec(text); m; m = re.exec(text)) {
    const f = (m[1] ?? m[2]).trim();
    if (f !== '/dev/null' && !out.includes(f)) out.push(f);
  }
  return out;
}

/** Python cell code: shell escapes (!cmd, %%bash) count as shell, the rest is judged by what it writes. */
function pythonCellEffect(code: string): Effect {
  const shellLines = code
    .split('\n')
    .filter((l) => /^\s*!/.test(l))
    .map((l) => l.replace(/^\s*!/, ''));
  if (/^\s*%%(bash|sh|script)/.test(code)) shellLines.push(code.replace(/^\s*%%\w+[^\n]*\n/, ''));
  const shell = shellLines.length ? shellTextEffect(shellLines.join('\n')) : null;
  if (shell?.type === 'change') return shell;
  if (PY_WRITES.test(code)) return effect('change', 'command');
  return shell ?? effect('explore', 'command');
}

/** Verbs in an unknown tool's name (MCP tools and the like) that say whether it looks or changes. */
function verbEffect(key: string): Effect | null {
  const last = key.split(/__|\//).pop() ?? key;
  const verb = last.split(/[_\-\s]/)[0];
  if (
    /^(get|list|read|search|find|fetch|query|view|show|describe|lookup|inspect|check|count|stat|download)$/.test(
      verb,
    )
  )
    return effect('explore', 'read');
  if (
    /^(create|write|update|delete|remove|set|put|post|add|insert|modify|edit|save|upload|move|rename|push|commit|merge|install)$/.test(
      verb,
    )
  )
    return effect('change', 'command');
  return null;
}

/** The effect of one tool call. `action` is the step's display text (a fallback for the command). */
export function toolCallEffect(name: string, args: unknown, action: string): Effect {
  const key = toolKey(name);
  const a = asArgs(args);
  if (SHELL_TOOLS.has(key) || KEY_TOOLS.has(key)) return shellTextEffect(commandText(args, action, name));
  if (EDITOR_TOOLS.has(key) || ((key === 'edit' || key === 'read') && str(a.command))) {
    const sub = str(a.command) ?? '';
    if (sub === 'view' || (sub === '' && key === 'read')) return effect('explore', 'read', pathOf(a));
    if (sub || a.old_str !== undefined || a.new_str !== undefined || a.file_text !== undefined)
      return effect('change', 'edit', pathOf(a));
    return effect('unknown', 'edit', pathOf(a));
  }
  if (EDIT_TOOLS.has(key)) {
    const patch = str(a.patch) ?? str(a.input) ?? (typeof args === 'string' ? args : undefined);
    const targets = pathOf(a);
    return effect('change', 'edit', targets.length || !patch ? targets : patchFiles(patch));
  }
  if (READ_TOOLS.has(key)) return effect('explore', 'read', pathOf(a));
  if (SEARCH_TOOLS.has(key)) return effect('explore', 'search', pathOf(a));
  if (PYTHON_TOOLS.has(key)) return pythonCellEffect(commandText(args, action, name));
  if (MESSAGE_TOOLS.has(key)) {
    const submit = SUBMIT_TOOLS.has(key) && a.task_complete !== false;
    return effect('explore', 'message', [], { submit });
  }
  return verbEffect(key) ?? effect('unknown', 'command', pathOf(a));
}
