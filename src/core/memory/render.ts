// Memory as text: the bounded block given to a diagnosis prompt, and the editable file of
// `codetracer memory edit` (one lesson per line) with its validated re-import.
import { CodetracerError } from '../io/errors.js';
import {
  headerText,
  MAX_LESSON_CHARS,
  MEMORY_KINDS,
  type Lesson,
  type MemoryEntry,
  type MemoryKind,
} from './types.js';

export const DEFAULT_PROMPT_CHARS = 4000;

const KIND_TITLE: Record<MemoryKind, string> = {
  failure_pattern: 'Recurring failure patterns',
  agent_quirk: 'Agent quirks',
  strategy: 'Investigation strategies that worked',
  pitfall: 'Analysis pitfalls',
};

/** Most used and most recent first; what does not fit in `maxChars` is left out (the header never). */
export function renderForPrompt(
  agent: string,
  entries: MemoryEntry[],
  maxChars = DEFAULT_PROMPT_CHARS,
): { text: string; ids: string[] } {
  if (!entries.length) return { text: '', ids: [] };
  const header = headerText(agent);
  const ranked = [...entries].sort(
    (a, b) => b.uses - a.uses || (b.updated > a.updated ? 1 : b.updated < a.updated ? -1 : 0),
  );
  let room = maxChars - header.length;
  const chosen = new Set<MemoryEntry>();
  for (const e of ranked) {
    const cost = e.text.length + 4;
    if (cost > room) continue;
    chosen.add(e);
    room -= cost;
  }
  const parts = [header];
  for (const kind of MEMORY_KINDS) {
    const of = entries.filter((e) => e.kind === kind && chosen.has(e));
    if (of.length) parts.push(`${KIND_TITLE[kind]}:\n${of.map((e) => `- ${e.text}`).join('\n')}`);
  }
  return { text: chosen.size ? parts.join('\n') : '', ids: [...chosen].map((e) => e.id) };
}

export function renderEntryLine(e: MemoryEntry): string {
  return `${e.id} ${e.kind}: ${e.text.replace(/\s+/g, ' ')}`;
}

/** The file opened by `memory edit`. */
export function renderEditable(agent: string, entries: MemoryEntry[]): string {
  return [
    `# ${headerText(agent)}`,
    '#',
    '# One lesson per line: "<id> <kind>: <text>". Delete a line to remove the lesson, change its text or',
    `# kind to edit it, add a line without an id ("<kind>: <text>") for a new one. Kinds: ${MEMORY_KINDS.join(', ')}.`,
    '# Lines starting with # are ignored.',
    '',
    ...entries.map(renderEntryLine),
    '',
  ].join('\n');
}

export interface EditPlan {
  add: Lesson[];
  update: { id: string; kind: MemoryKind; text: string }[];
  remove: string[];
}

const LINE = new RegExp(`^(?:([0-9a-f]{8})\\s+)?(${MEMORY_KINDS.join('|')}):\\s*(.+)$`);

/** The changes an edited file asks for; any line that is not a lesson is an error naming it. */
export function parseEditable(text: string, before: MemoryEntry[]): EditPlan {
  const plan: EditPlan = { add: [], update: [], remove: [] };
  const seen = new Set<string>();
  const byId = new Map(before.map((e) => [e.id, e]));
  text.split('\n').forEach((raw, i) => {
    const s = raw.trim();
    if (!s || s.startsWith('#')) return;
    const m = LINE.exec(s);
    if (!m) {
      throw new CodetracerError(
        'invalid_data',
        `line ${i + 1}: expected "<id> <kind>: <text>" or "<kind>: <text>", got "${s.slice(0, 60)}"`,
      );
    }
    const [, id, kind, body] = m;
    const t = body.trim();
    if (t.length > MAX_LESSON_CHARS)
      throw new CodetracerError(
        'invalid_data',
        `line ${i + 1}: a lesson has at most ${MAX_LESSON_CHARS} characters`,
      );
    if (!id) return void plan.add.push({ kind: kind as MemoryKind, text: t });
    const old = byId.get(id);
    if (!old) throw new CodetracerError('invalid_data', `line ${i + 1}: no lesson has the id ${id}`);
    seen.add(id);
    if (old.text !== t || old.kind !== kind) plan.update.push({ id, kind: kind as MemoryKind, text: t });
  });
  plan.remove = before.filter((e) => !seen.has(e.id)).map((e) => e.id);
  return plan;
}
