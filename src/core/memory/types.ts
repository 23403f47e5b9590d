// The records of a memory store. A store is one JSONL log per agent type: a header line, then records
// appended by any process (add, update, use, remove, clear) or written by compaction (entry).
import { z } from 'zod';

export const MEMORY_KINDS = ['failure_pattern', 'agent_quirk', 'strategy', 'pitfall'] as const;
export const MemoryKindSchema = z.enum(MEMORY_KINDS);
export type MemoryKind = z.infer<typeof MemoryKindSchema>;

/** Longest lesson kept; longer ones are cut (a lesson is a sentence or two, not a report). */
export const MAX_LESSON_CHARS = 400;

export const MemoryEntrySchema = z.object({
  id: z.string().min(1),
  kind: MemoryKindSchema,
  text: z.string().min(1),
  created: z.string(),
  updated: z.string(),
  /** Times the lesson was learned again (a merged duplicate) or marked useful (a `use` record). */
  uses: z.number().int().nonnegative(),
  /** The run it was first learned from (its id only; never task text). */
  source: z.string().nullable(),
});
export type MemoryEntry = z.infer<typeof MemoryEntrySchema>;

export const HeaderRecordSchema = z.object({ t: z.literal('header'), v: z.literal(1), agent: z.string() });

export const RecordSchema = z.discriminatedUnion('t', [
  HeaderRecordSchema,
  z.object({ t: z.literal('entry'), entry: MemoryEntrySchema }),
  z.object({
    t: z.literal('add'),
    id: z.string().min(1),
    kind: MemoryKindSchema,
    text: z.string().min(1),
    at: z.string(),
    source: z.string().nullable(),
  }),
  z.object({
    t: z.literal('update'),
    id: z.string().min(1),
    kind: MemoryKindSchema.optional(),
    text: z.string().min(1).optional(),
    at: z.string(),
  }),
  z.object({ t: z.literal('use'), ids: z.array(z.string()), at: z.string() }),
  z.object({ t: z.literal('remove'), id: z.string().min(1), at: z.string() }),
  z.object({ t: z.literal('clear'), at: z.string() }),
]);
export type MemoryRecord = z.infer<typeof RecordSchema>;

/** A lesson before it is stored. */
export interface Lesson {
  kind: MemoryKind;
  text: string;
}

/** The fixed description block at the top of every store (never dropped by the size cap). */
export function headerText(agent: string): string {
  return (
    `CodeTracer memory for "${agent}" runs: generic lessons from earlier diagnoses of this agent type ` +
    `(recurring failure patterns, agent quirks, investigation strategies that worked, analysis pitfalls). ` +
    `They are hints, not facts about the run at hand.`
  );
}
