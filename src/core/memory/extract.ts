// Asking the LLM for generic lessons from a diagnosis: the request (what the diagnoser found so far,
// what memory already holds), and a tolerant reading of the answer. Bad JSON stores nothing; a lesson
// that names something of this run (a file, a path, the run id, a phrase of the task) is dropped.
import { z } from 'zod';
import type { ChatMessage } from '../llm/types.js';
import type { LoggedMessage } from '../diagnosis/llm/controller/transcript.js';
import type { Trajectory } from '../model/trajectory.js';
import { MAX_LESSON_CHARS, MEMORY_KINDS, MemoryKindSchema, type Lesson, type MemoryEntry } from './types.js';
import { normalizeText } from './similar.js';

export const EXTRACTION_SYSTEM_PROMPT = [
  "You maintain CodeTracer's memory: short, generic lessons about diagnosing runs of one coding-agent type.",
  'From the diagnosis notes you are given, write at most 3 NEW lessons that will help diagnose OTHER runs of',
  'the same agent type. Each lesson is one or two sentences and has a kind:',
  '- failure_pattern: a way runs of this agent type recurrently go wrong;',
  '- agent_quirk: a habit or oddity of this agent or its recording format;',
  '- strategy: an investigation approach that worked;',
  '- pitfall: a mistake to avoid when analysing such runs.',
  'Never include task-specific details: no file names, paths, repository or issue names, identifiers, error',
  'texts or quotes of the task. Do not repeat lessons already in memory. If nothing generic was learned,',
  'return an empty list.',
  `Answer with JSON only: {"lessons": [{"kind": "${MEMORY_KINDS.join('" | "')}", "text": "..."}]}`,
].join('\n');

const NOTES_MAX_CHARS = 8000;
const KNOWN_MAX_CHARS = 2000;

export interface ExtractionInput {
  agent: string;
  traj: Trajectory;
  /** The diagnosis conversation so far. */
  messages: LoggedMessage[];
  labelsText: string;
  known: MemoryEntry[];
  /** 'online': the diagnosis is still running; 'final': it ended with this status. */
  phase: 'online' | 'final';
  status?: string;
}

/** The diagnoser's own words (reasoning, text, tool calls in brief), most recent last, bounded. */
function notes(messages: LoggedMessage[]): string {
  const parts: string[] = [];
  for (const m of messages) {
    if (m.role !== 'assistant') continue;
    const calls = (m.toolCalls ?? []).map((c) => `${c.name}(${c.arguments.slice(0, 120)})`).join(', ');
    const t = [m.reasoning, m.content, calls && `tools: ${calls}`].filter(Boolean).join('\n');
    if (t.trim()) parts.push(t.trim());
  }
  const all = parts.join('\n---\n');
  return all.length > NOTES_MAX_CHARS ? '…' + all.slice(all.length - NOTES_MAX_CHARS) : all;
}

export function extractionRequest(i: ExtractionInput): ChatMessage[] {
  let known = i.known.map((e) => `- [${e.kind}] ${e.text}`).join('\n');
  if (known.length > KNOWN_MAX_CHARS) known = known.slice(0, KNOWN_MAX_CHARS) + '\n…';
  const user = [
    `Agent type: ${i.agent} (recording format "${i.traj.format}"${i.traj.agent ? `, agent "${i.traj.agent}"` : ''}).`,
    i.phase === 'online'
      ? 'The diagnosis is still running; these are its notes so far.'
      : `The diagnosis ended (${i.status ?? 'unknown status'}).`,
    i.labelsText,
    `Diagnosis notes:\n${notes(i.messages) || '(none)'}`,
    `Lessons already in memory:\n${known || '(none)'}`,
  ].join('\n\n');
  return [
    { role: 'system', content: EXTRACTION_SYSTEM_PROMPT },
    { role: 'user', content: user },
  ];
}

const AnswerSchema = z.object({ lessons: z.array(z.unknown()).max(20) });
const LessonSchema = z.object({
  kind: MemoryKindSchema,
  text: z.string().trim().min(12).max(MAX_LESSON_CHARS),
});

/** The JSON object in an answer: the whole text, a fenced block, or the outermost braces. */
function jsonOf(content: string): unknown {
  const tries = [content.trim()];
  const fence = /```(?:json)?\s*\n([\s\S]*?)```/.exec(content);
  if (fence) tries.push(fence[1].trim());
  const a = content.indexOf('{');
  const b = content.lastIndexOf('}');
  if (a >= 0 && b > a) tries.push(content.slice(a, b + 1));
  for (const t of tries) {
    try {
      return JSON.parse(t);
    } catch {
      // next form
    }
  }
  return undefined;
}

const FILE_NAME =
  /\b[\w-]+\.(?:py|pyi|js|mjs|cjs|ts|tsx|jsx|java|kt|c|cc|cpp|h|hpp|go|rs|rb|php|cs|swift|json|ya?ml|toml|ini|cfg|md|rst|txt|tex|sh|html|css|sql|csv|lock|xml)\b/i;
const PATH = /(?:^|[\s'"`(])(?:~|\.{1,2})?\/?[\w.-]+(?:\/[\w.-]+){2,}/;

/** Why a lesson is about this run rather than the agent type, or null. */
export function taskSpecific(text: string, traj: Trajectory): string | null {
  if (FILE_NAME.test(text)) return 'names a file';
  if (PATH.test(text)) return 'names a path';
  const norm = ` ${normalizeText(text)} `;
  const id = normalizeText(traj.id);
  if (id.length >= 4 && norm.includes(` ${id} `)) return 'names the run';
  const edited = new Set(
    traj.steps.flatMap((s) => s.edits ?? []).map((e) => normalizeText(e.path.split('/').pop() ?? '')),
  );
  for (const f of edited) if (f.length >= 4 && norm.includes(` ${f} `)) return 'names an edited file';
  // Six words in a row from the task text are a quote of the task.
  const task = ` ${normalizeText(traj.task)} `;
  const w = normalizeText(text).split(' ');
  for (let k = 0; k + 6 <= w.length; k++)
    if (task.includes(` ${w.slice(k, k + 6).join(' ')} `)) return 'quotes the task';
  return null;
}

export interface ParsedLessons {
  lessons: Lesson[];
  /** Why the answer or some lessons were not used (empty when all was fine). */
  warnings: string[];
}

export function parseLessons(content: string, traj: Trajectory): ParsedLessons {
  const warnings: string[] = [];
  const answer = AnswerSchema.safeParse(jsonOf(content));
  if (!answer.success) {
    return {
      lessons: [],
      warnings: ['the answer was not JSON of the form {"lessons": [...]}; nothing stored'],
    };
  }
  const lessons: Lesson[] = [];
  for (const raw of answer.data.lessons) {
    const l = LessonSchema.safeParse(raw);
    if (!l.success) {
      warnings.push('a lesson without a valid kind and text was skipped');
      continue;
    }
    const why = taskSpecific(l.data.text, traj);
    if (why) {
      warnings.push(`a lesson that ${why} was dropped (lessons must be generic)`);
      continue;
    }
    lessons.push({ kind: l.data.kind, text: l.data.text.replace(/\s+/g, ' ') });
  }
  return { lessons: lessons.slice(0, 5), warnings };
}
