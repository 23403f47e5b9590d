// Display text, tool call and file edits of one OpenHands action event, for every action kind
// (openhands/events/action/*.py): what ran is read from the event's own `args`; the LLM's tool call
// (tool_call_metadata) fills in what older events leave out (editor arguments) and names the tool.
import type { FileEdit, ToolCall } from '../../model/trajectory.js';
import {
  asArray,
  asBool,
  asNumber,
  asObj,
  asString,
  isObj,
  parseMaybeJson,
  type Obj,
} from '../shared/access.js';
import { displayToolCall } from '../shared/tool-display.js';
import { actionKind, argsOf, functionName, rawToolCall, toolCallId, type OhEvent } from './events.js';

export interface ActionDisplay {
  /** Summary line first, then the full command / code / content. Never empty. */
  action: string;
  tool: string;
  toolCalls: ToolCall[];
  edits: FileEdit[];
}

/** OpenHands' default tool name for each action kind, used when the event does not name its tool. */
const DEFAULT_TOOL: Record<string, string> = {
  run: 'execute_bash',
  run_ipython: 'execute_ipython_cell',
  read: 'str_replace_editor',
  edit: 'str_replace_editor',
  write: 'str_replace_editor',
  browse: 'browser',
  browse_interactive: 'browser',
  think: 'think',
  finish: 'finish',
  reject: 'reject',
  delegate: 'delegate',
  call_tool_mcp: 'mcp',
  task_tracking: 'task_tracker',
  condensation: 'condensation',
  condensation_request: 'condensation_request',
  recall: 'recall',
};

/** Keys of `args` that are bookkeeping, not what the agent asked for. */
const BOOKKEEPING = new Set([
  'thought',
  'blocking',
  'is_static',
  'cwd',
  'hidden',
  'confirmation_state',
  'security_risk',
  'impl_source',
  'translated_ipython_code',
  'include_extra',
  'kernel_init_code',
]);

function withBody(head: string, body: string | undefined | null): string {
  return body !== undefined && body !== null && body.trim() !== '' ? `${head}\n${body}` : head;
}

/** Blank lines around a command or cell (models often wrap them in newlines) go; indentation stays. */
function tidy(code: string): string {
  return code.replace(/^\s*\n/, '').trimEnd();
}

function str(o: Obj, key: string): string | undefined {
  const v = asString(o[key]);
  return v !== undefined && v !== '' ? v : undefined;
}

/** The LLM's arguments for this action's tool call, parsed when they are JSON. */
function llmArguments(e: OhEvent): unknown {
  const fn = asObj(rawToolCall(e)?.function);
  return fn ? parseMaybeJson(fn.arguments) : undefined;
}

function argsWithoutBookkeeping(a: Obj): Obj {
  const out: Obj = {};
  for (const [k, v] of Object.entries(a)) if (!BOOKKEEPING.has(k)) out[k] = v;
  return out;
}

function compactJson(v: unknown): string {
  if (v === undefined || v === null) return '';
  if (typeof v === 'string') return v;
  const s = JSON.stringify(v);
  return s === '{}' || s === '[]' ? '' : s;
}

/**
 * Editor arguments of an `edit`/`read` action: the event's own args (newer events keep `command`,
 * `old_str`, ...), completed from the LLM tool call (older events keep only `path` and a translated call).
 */
function editorArgs(e: OhEvent): Obj {
  const a = argsOf(e);
  const llm = asObj(llmArguments(e)) ?? {};
  const pick = (k: string): unknown => (a[k] !== undefined && a[k] !== null && a[k] !== '' ? a[k] : llm[k]);
  const out: Obj = {};
  for (const k of ['command', 'path', 'file_text', 'old_str', 'new_str', 'insert_line', 'view_range']) {
    const v = pick(k);
    if (v !== undefined && v !== null) out[k] = v;
  }
  return out;
}

function editAction(e: OhEvent, tool: string): { action: string; edits: FileEdit[] } {
  const a = argsOf(e);
  const ed = editorArgs(e);
  const path = asString(ed.path) ?? asString(a.path) ?? '?';
  const command = asString(ed.command);
  if (command === 'view') return { action: readAction(e, tool), edits: [] };
  if (command) {
    const shown = displayToolCall(tool, { ...ed, path });
    // A call missing the text it needs was rejected by the editor: it changed nothing.
    const needs: Record<string, string> = { create: 'file_text', str_replace: 'old_str', insert: 'new_str' };
    const key = needs[command];
    return key && typeof ed[key] !== 'string' ? { action: shown.action, edits: [] } : shown;
  }
  // LLM-based edit (FileEditAction with `content` for lines start..end, -1 = to the end).
  const content = asString(a.content) ?? asString(asObj(llmArguments(e))?.content);
  if (content !== undefined && content !== '') {
    const start = asNumber(a.start) ?? asNumber(asObj(llmArguments(e))?.start) ?? 1;
    const end = asNumber(a.end) ?? asNumber(asObj(llmArguments(e))?.end) ?? -1;
    const whole = start <= 1 && end === -1;
    const range = whole ? '' : ` (lines ${start}-${end === -1 ? 'end' : end})`;
    const edit: FileEdit = whole
      ? { path, kind: 'write', newText: content }
      : { path, kind: 'replace', oldText: null, newText: content, line: Math.max(1, Math.trunc(start)) };
    return { action: withBody(`${tool} edit ${path}${range}`, content), edits: [edit] };
  }
  return { action: `${tool} edit ${path}`, edits: [] };
}

function readAction(e: OhEvent, tool: string): string {
  const a = argsOf(e);
  const ed = editorArgs(e);
  const path = asString(ed.path) ?? asString(a.path) ?? '?';
  const range = asArray(ed.view_range);
  if (range.length === 2)
    return `${tool} view ${path} (lines ${range[0]}-${range[1] === -1 ? 'end' : range[1]})`;
  const start = asNumber(a.start) ?? 0;
  const end = asNumber(a.end) ?? -1;
  if (start > 1 || end !== -1) return `${tool} view ${path} (lines ${start}-${end === -1 ? 'end' : end})`;
  return `${tool} view ${path}`;
}

function taskList(a: Obj): string {
  return asArray(a.task_list)
    .filter(isObj)
    .map((t) => {
      const status = asString(t.status) ?? '';
      const mark = status === 'done' ? '[x]' : status === 'in_progress' ? '[~]' : '[ ]';
      const notes = asString(t.notes);
      return `${mark} ${asString(t.title) ?? JSON.stringify(t)}${notes ? ` (${notes})` : ''}`;
    })
    .join('\n');
}

function finishAction(a: Obj, label: string): string {
  const outputs = asObj(a.outputs) ?? {};
  const text =
    str(a, 'final_thought') ?? str(outputs, 'content') ?? str(outputs, 'reason') ?? str(a, 'message') ?? '';
  const completed = a.task_completed;
  const status =
    completed !== undefined && completed !== null ? ` (task_completed: ${String(completed)})` : '';
  const rest = Object.keys(outputs).filter((k) => k !== 'content' && k !== 'reason');
  const extra = rest.length
    ? JSON.stringify(Object.fromEntries(rest.map((k) => [k, outputs[k]])))
    : undefined;
  return withBody(`${label}${status}`, [text, extra].filter(Boolean).join('\n'));
}

function describe(e: OhEvent, kind: string, tool: string): { action: string; edits: FileEdit[] } {
  const a = argsOf(e);
  switch (kind) {
    case 'run': {
      const cmd = tidy(asString(a.command) ?? asString(asObj(llmArguments(e))?.command) ?? '');
      const input = asBool(a.is_input) ? ' (input to the running process)' : '';
      return { action: `${tool}${input}: ${cmd}`, edits: [] };
    }
    case 'run_ipython':
      return {
        action: `${tool}: ${tidy(asString(a.code) ?? asString(asObj(llmArguments(e))?.code) ?? '')}`,
        edits: [],
      };
    case 'edit':
      return editAction(e, tool);
    case 'read':
      return { action: readAction(e, tool), edits: [] };
    case 'write': {
      const path = asString(a.path) ?? '?';
      const content = asString(a.content) ?? '';
      return {
        action: withBody(`${tool} write ${path}`, content),
        edits: [{ path, kind: 'write', newText: content }],
      };
    }
    case 'browse':
      return { action: `${tool}: open ${asString(a.url) ?? '?'}`, edits: [] };
    case 'browse_interactive': {
      const msg = str(a, 'browsergym_send_msg_to_user');
      return { action: withBody(`${tool}: ${asString(a.browser_actions) ?? ''}`.trimEnd(), msg), edits: [] };
    }
    case 'think':
      // The think tool's own argument is the thought; args.thought may also hold the preceding LLM text.
      return {
        action: withBody('think', str(asObj(llmArguments(e)) ?? {}, 'thought') ?? str(a, 'thought')),
        edits: [],
      };
    case 'finish':
      return { action: finishAction(a, 'finish'), edits: [] };
    case 'reject':
      return { action: finishAction(a, 'reject'), edits: [] };
    case 'delegate': {
      const inputs = asObj(a.inputs) ?? {};
      const task = str(inputs, 'task');
      return {
        action: withBody(`delegate to ${asString(a.agent) ?? '?'}`, task ?? compactJson(inputs)),
        edits: [],
      };
    }
    case 'call_tool_mcp': {
      const name = asString(a.name) ?? functionName(e) ?? '?';
      return { action: withBody(`mcp ${name}`, compactJson(a.arguments)), edits: [] };
    }
    case 'recall': {
      const type = asString(a.recall_type);
      return { action: withBody(`recall${type ? ` ${type}` : ''}`, asString(a.query)), edits: [] };
    }
    case 'condensation': {
      const ids = asArray(a.forgotten_event_ids);
      const s = asNumber(a.forgotten_events_start_id);
      const en = asNumber(a.forgotten_events_end_id);
      const what = ids.length
        ? `forgot ${ids.length} events`
        : s !== undefined && en !== undefined
          ? `forgot events ${s}-${en}`
          : 'condensed the history';
      return { action: withBody(`condensation: ${what}`, asString(a.summary)), edits: [] };
    }
    case 'condensation_request':
      return { action: 'condensation request', edits: [] };
    case 'task_tracking': {
      const cmd = asString(a.command) ?? 'view';
      return { action: withBody(`${tool} ${cmd}`, taskList(a)), edits: [] };
    }
    case 'change_agent_state':
      return { action: `change_agent_state: ${asString(a.agent_state) ?? '?'}`, edits: [] };
    case 'message':
    case 'system':
      return { action: withBody(kind, asString(a.content) ?? asString(e.message)), edits: [] };
    default: {
      // Unknown / newer kinds: the kind, then the arguments, then the event's own message.
      const args = compactJson(argsWithoutBookkeeping(a));
      const msg = asString(e.message);
      return { action: withBody(`${kind}${args ? `: ${args}` : ''}`, args ? undefined : msg), edits: [] };
    }
  }
}

/** Display, tool name, tool call and edits of an action event. */
export function describeAction(e: OhEvent): ActionDisplay {
  const kind = actionKind(e) ?? 'action';
  const tool = functionName(e) ?? DEFAULT_TOOL[kind] ?? kind;
  const { action, edits } = describe(e, kind, tool);
  const llm = llmArguments(e);
  const call: ToolCall = {
    name: tool,
    arguments: llm !== undefined ? llm : argsWithoutBookkeeping(argsOf(e)),
  };
  const id = toolCallId(e);
  if (id) call.id = id;
  // Chat messages are not tool calls.
  const toolCalls = kind === 'message' || kind === 'system' ? [] : [call];
  return { action: action.trim() !== '' ? action : kind, tool, toolCalls, edits };
}
