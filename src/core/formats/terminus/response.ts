// Reading one Terminus response: terminus-1 JSON (`state_analysis`, `explanation`, `commands[{keystrokes,
// is_blocking, timeout_sec}]`, `is_task_complete`), terminus-2 JSON (`analysis`, `plan`, `commands[{keystrokes,
// duration}]`, `task_complete`), the same JSON wrapped in extra text, or the terminus-2 XML form
// `<response><analysis/><plan/><commands><keystrokes duration="…">…</keystrokes></commands>…</response>`.
import { asBool, isObj, type Obj } from '../shared/access.js';

export interface TerminusCommand {
  /** Exactly what was sent to the terminal (tmux key names like "C-c" included). */
  keystrokes: string;
  /** The command's other fields as the source names them (duration / is_blocking / timeout_sec). */
  args: Record<string, unknown>;
}

export interface ParsedResponse {
  kind: 'json' | 'xml';
  /** Labelled reasoning parts in source order, e.g. [["Analysis", "..."], ["Plan", "..."]]. */
  reasoning: [string, string][];
  commands: TerminusCommand[];
  /** `task_complete` / `is_task_complete`; undefined when the response does not say. */
  taskComplete?: boolean;
  /** Text around the JSON/XML block (e.g. a <think> block), kept as reasoning. */
  extraText?: string;
}

export type ResponseResult = { ok: true; value: ParsedResponse } | { ok: false; error: string };

const REASONING_FIELDS: [string, string][] = [
  ['state_analysis', 'State analysis'],
  ['analysis', 'Analysis'],
  ['explanation', 'Explanation'],
  ['plan', 'Plan'],
];

/** Parse a response text in whichever Terminus form it uses. */
export function parseTerminusResponse(text: string): ResponseResult {
  const xmlAt = text.indexOf('<response>');
  const braceAt = text.indexOf('{');
  const xmlFirst = xmlAt !== -1 && (braceAt === -1 || xmlAt < braceAt);
  const attempts = xmlFirst ? [parseXml, parseJsonResponse] : [parseJsonResponse, parseXml];
  let firstError = '';
  for (const attempt of attempts) {
    const r = attempt(text);
    if (r.ok) return r;
    firstError ||= r.error;
  }
  return { ok: false, error: firstError };
}

// ---------------------------------------------------------------------------------------------- JSON

/** The first balanced {...} block, skipping braces inside strings; null when there is none. */
export function firstJsonObject(text: string): { start: number; end: number } | null {
  let depth = 0;
  let start = -1;
  let inString = false;
  let escaped = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (escaped) {
      escaped = false;
      continue;
    }
    if (c === '\\') {
      escaped = true;
      continue;
    }
    if (c === '"') {
      inString = !inString;
      continue;
    }
    if (inString) continue;
    if (c === '{') {
      if (depth === 0) start = i;
      depth++;
    } else if (c === '}' && depth > 0) {
      depth--;
      if (depth === 0) return { start, end: i + 1 };
    }
  }
  return null;
}

function tryParse(s: string): { value?: unknown; error?: string } {
  try {
    return { value: JSON.parse(s) };
  } catch (e) {
    return { error: (e as Error).message };
  }
}

function parseJsonResponse(text: string): ResponseResult {
  const trimmed = text.trim();
  let obj: unknown;
  let extra = '';
  const whole = tryParse(trimmed);
  if (whole.value !== undefined) {
    obj = whole.value;
  } else {
    const block = firstJsonObject(text);
    let err = whole.error ?? 'no JSON object';
    if (block) {
      const inner = tryParse(text.slice(block.start, block.end));
      if (inner.value !== undefined) {
        obj = inner.value;
        extra = (text.slice(0, block.start) + '\n' + text.slice(block.end)).trim();
      } else {
        err = inner.error ?? err;
      }
    } else {
      // The harness closes a response cut short by adding the missing braces.
      const open = (trimmed.match(/{/g) ?? []).length - (trimmed.match(/}/g) ?? []).length;
      const at = trimmed.indexOf('{');
      if (open > 0 && at !== -1) {
        const fixed = tryParse(trimmed.slice(at) + '}'.repeat(open));
        if (fixed.value !== undefined) {
          obj = fixed.value;
          extra = trimmed.slice(0, at).trim();
        }
      }
    }
    if (obj === undefined) return { ok: false, error: `invalid JSON: ${err}` };
  }
  if (!isObj(obj)) return { ok: false, error: 'response is not a JSON object' };
  if (!('commands' in obj) && !REASONING_FIELDS.some(([k]) => k in obj) && !hasCompleteFlag(obj)) {
    return {
      ok: false,
      error: 'JSON object has none of the Terminus fields (commands, analysis, plan, ...)',
    };
  }
  const value: ParsedResponse = {
    kind: 'json',
    reasoning: reasoningOf(obj),
    commands: commandsOf(obj.commands),
  };
  const done = completeFlag(obj);
  if (done !== undefined) value.taskComplete = done;
  if (extra) value.extraText = extra;
  return { ok: true, value };
}

function hasCompleteFlag(o: Obj): boolean {
  return 'task_complete' in o || 'is_task_complete' in o;
}

function completeFlag(o: Obj): boolean | undefined {
  const v = o.task_complete ?? o.is_task_complete;
  if (typeof v === 'string') return ['true', '1', 'yes'].includes(v.trim().toLowerCase());
  return asBool(v);
}

function reasoningOf(o: Obj): [string, string][] {
  const out: [string, string][] = [];
  for (const [key, label] of REASONING_FIELDS) {
    const v = o[key];
    if (typeof v === 'string' && v.trim()) out.push([label, v.trim()]);
    else if (v !== undefined && v !== null && typeof v !== 'string') out.push([label, JSON.stringify(v)]);
  }
  return out;
}

function commandsOf(v: unknown): TerminusCommand[] {
  if (!Array.isArray(v)) return [];
  const out: TerminusCommand[] = [];
  for (const c of v) {
    if (typeof c === 'string') {
      out.push({ keystrokes: c, args: {} });
    } else if (isObj(c)) {
      const { keystrokes, ...rest } = c;
      out.push({
        keystrokes: typeof keystrokes === 'string' ? keystrokes : JSON.stringify(keystrokes ?? ''),
        args: rest,
      });
    }
  }
  return out;
}

// ----------------------------------------------------------------------------------------------- XML

function section(content: string, tag: string): string | undefined {
  const full = new RegExp(`<${tag}>([\\s\\S]*?)</${tag}>`).exec(content);
  if (full) return full[1].trim();
  if (new RegExp(`<${tag}\\s*/>`).test(content)) return '';
  return undefined;
}

function parseXml(text: string): ResponseResult {
  const open = text.indexOf('<response>');
  if (open === -1) return { ok: false, error: 'no JSON object and no <response> block' };
  const close = text.indexOf('</response>', open);
  const body = close === -1 ? text.slice(open + 10) : text.slice(open + 10, close);
  const extra = (text.slice(0, open) + (close === -1 ? '' : '\n' + text.slice(close + 11))).trim();
  const reasoning: [string, string][] = [];
  for (const [tag, label] of [
    ['analysis', 'Analysis'],
    ['plan', 'Plan'],
  ] as const) {
    const s = section(body, tag);
    if (s) reasoning.push([label, s]);
  }
  const commands: TerminusCommand[] = [];
  const cmdBlock = section(body, 'commands');
  if (cmdBlock) {
    // Keystrokes are taken verbatim: the harness does not decode XML entities either.
    const re = /<keystrokes([^>]*)>([\s\S]*?)<\/keystrokes>/g;
    for (let m = re.exec(cmdBlock); m; m = re.exec(cmdBlock)) {
      const args: Record<string, unknown> = {};
      const attrRe = /([A-Za-z_][\w-]*)\s*=\s*["']([^"']*)["']/g;
      for (let a = attrRe.exec(m[1]); a; a = attrRe.exec(m[1])) {
        const n = Number(a[2]);
        args[a[1]] = a[2].trim() !== '' && Number.isFinite(n) ? n : a[2];
      }
      commands.push({ keystrokes: m[2], args });
    }
  }
  const value: ParsedResponse = { kind: 'xml', reasoning, commands };
  const done = section(body, 'task_complete');
  if (done !== undefined) value.taskComplete = ['true', '1', 'yes'].includes(done.toLowerCase());
  if (extra) value.extraText = extra;
  return { ok: true, value };
}
