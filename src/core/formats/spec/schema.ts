// The spec language, version 1: a zod schema (the source of truth, also shown to the LLM) plus the checks
// zod cannot express (paths parse, globs stay inside the run, regexes cannot backtrack catastrophically).
import { z } from 'zod';
import { parsePath } from './path.js';
import { globProblem, regexProblem } from './safety.js';

const PathStr = z
  .string()
  .max(200)
  .superRefine((p, ctx) => {
    try {
      parsePath(p);
    } catch (e) {
      ctx.addIssue({ code: 'custom', message: (e as Error).message });
    }
  });

/** One path, or several tried in order (the first non-empty value wins). */
const Paths = z.union([PathStr, z.array(PathStr).min(1).max(8)]);

const Scalar = z.union([z.string(), z.number(), z.boolean(), z.null()]);
/** `{path: value}`: all must hold. A list means one of; null means absent or null. */
const When = z.record(PathStr, z.union([Scalar, z.array(Scalar).max(32)]));

const Glob = z.string().superRefine((g, ctx) => {
  const p = globProblem(g);
  if (p) ctx.addIssue({ code: 'custom', message: p });
});

const Regex = z.string().superRefine((r, ctx) => {
  const p = regexProblem(r);
  if (p) ctx.addIssue({ code: 'custom', message: p });
});

const ActorName = z.enum(['agent', 'user', 'system', 'environment']);

const Actor = z.strictObject({
  path: PathStr.optional(),
  /** Source value -> actor. */
  map: z.record(z.string(), ActorName).optional(),
  /** First rule whose `when` holds decides. */
  rules: z
    .array(z.strictObject({ when: When, actor: ActorName }))
    .max(32)
    .optional(),
  default: ActorName.default('agent'),
});

const ToolCalls = z.strictObject({
  /** Where the calls are in a record (a wildcard path for a list, or one object). */
  path: PathStr,
  id: PathStr.optional(),
  name: Paths,
  arguments: PathStr.optional(),
});

const Command = z.strictObject({
  path: Paths,
  /** Tool name the command is a call of. */
  tool: z.string().min(1).max(64).default('bash'),
});

const Results = z.strictObject({
  /** Records holding results (cross-record pairing); they never become steps themselves. */
  when: When.optional(),
  /** Results inside the step's own record (e.g. `observation.results[*]`). */
  path: PathStr.optional(),
  callId: PathStr,
  content: Paths,
});

const Steps = z.strictObject({
  /** Only records that match become steps. */
  when: When.optional(),
  /** Records that match are skipped. */
  skip: When.optional(),
  actor: Actor.optional(),
  agentName: Paths.optional(),
  /** Explicit action text (wins over everything else). */
  action: Paths.optional(),
  /** Message text: the action when there is no tool call. */
  text: Paths.optional(),
  /** Append the message text to the reasoning when the step has tool calls. */
  textToReasoning: z.boolean().default(false),
  toolCalls: ToolCalls.optional(),
  command: Command.optional(),
  tool: Paths.optional(),
  observation: Paths.optional(),
  reasoning: Paths.optional(),
  timestamp: Paths.optional(),
  /** Action text when nothing else gives one; "{actor}" is replaced. */
  emptyAction: z.string().max(100).default('(empty {actor} message)'),
});

const Source = z.strictObject({
  /** A literal value. */
  value: z.string().max(500).optional(),
  /** A file of the run (first match): JSON when `path` is given, else its text. */
  file: Glob.optional(),
  /** In the file, the first record matching `when`, or the first data file's root. */
  path: Paths.optional(),
  when: When.optional(),
});

const Verdict = Source.extend({
  /** solved when the value equals this; else booleans are the verdict and numbers a reward (> 0 solved). */
  equals: Scalar.optional(),
});

const FileEntry = z.union([
  Glob,
  z.strictObject({ glob: Glob, sort: z.enum(['natural', 'name']).default('natural') }),
]);

export const SpecSchema = z.strictObject({
  version: z.literal(1),
  id: z
    .string()
    .regex(/^[a-z0-9][a-z0-9_-]{1,47}$/, 'id: lower-case letters, digits, "-" and "_", 2 to 48 characters'),
  title: z.string().min(1).max(120),
  description: z.string().min(1).max(4000),
  fingerprints: z
    .array(
      z.string().superRefine((f, ctx) => {
        const p = globProblem(f.startsWith('file:') ? f.slice(5) : f);
        if (p) ctx.addIssue({ code: 'custom', message: p });
      }),
    )
    .min(1)
    .max(16),
  /** Below every built-in format (lowest: 20), so a learned format never takes a run a parser reads. */
  priority: z.number().int().min(0).max(19).default(10),
  /** Substrings that must all occur in the first 64 KB of the first data file (cheap content check). */
  detect: z.strictObject({ contains: z.array(z.string().min(1).max(200)).min(1).max(8) }).optional(),
  /** Data files: globs relative to the run directory, "." for a run that is a single file. */
  files: z.array(FileEntry).min(1).max(8),
  /** all: read every entry's matches in order; first: only the first entry that matches. */
  pick: z.enum(['all', 'first']).default('all'),
  read: z.enum(['json', 'jsonl', 'text-lines', 'embedded-json-lines']),
  /** embedded-json-lines: selects lines (runs on the start of each line); JSON starts at group 1, else at the match end. */
  pattern: Regex.optional(),
  /** Where the list of records is in each file's value (json); default: the value itself. */
  records: PathStr.optional(),
  steps: Steps,
  /** Pairing of tool calls with their results by id. */
  results: Results.optional(),
  /** Consecutive step records with the same non-empty value here become one step. */
  group: z.strictObject({ by: PathStr }).optional(),
  task: Source.optional(),
  verdict: Verdict.optional(),
  agent: Source.optional(),
  model: Source.optional(),
});

export type Spec = z.infer<typeof SpecSchema>;
export type SpecInput = z.input<typeof SpecSchema>;
export type WhenSpec = z.infer<typeof When>;
export type SourceSpec = z.infer<typeof Source>;
export type VerdictSpec = z.infer<typeof Verdict>;
export type FileEntrySpec = z.infer<typeof FileEntry>;
