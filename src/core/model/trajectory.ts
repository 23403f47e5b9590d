// The one model every format is read into. Zod schemas are the source of truth; types are inferred.
import { z } from 'zod';

/** Who produced a step. Multi-agent runs (Who&When) also set `agentName`. */
export const ActorSchema = z.enum(['agent', 'user', 'system', 'environment']);
export type Actor = z.infer<typeof ActorSchema>;

export const ToolCallSchema = z.object({
  /** The call id in the source (tool_use id, tool_call_id, ...), when it has one. */
  id: z.string().optional(),
  name: z.string(),
  /** Arguments as the source gave them: an object when parseable, else the raw string. */
  arguments: z.unknown(),
});
export type ToolCall = z.infer<typeof ToolCallSchema>;

/** A file edit kept with its old and new text so a diff can be shown and replay can re-apply it. */
export const FileEditSchema = z.object({
  path: z.string(),
  /** create: whole new file; replace: oldText -> newText; insert: newText at line; write: whole content. */
  kind: z.enum(['create', 'replace', 'insert', 'write', 'delete', 'undo']),
  oldText: z.string().nullable().optional(),
  newText: z.string().nullable().optional(),
  line: z.number().int().optional(),
});
export type FileEdit = z.infer<typeof FileEditSchema>;

export const TokenUsageSchema = z.object({
  input: z.number().nonnegative().optional(),
  output: z.number().nonnegative().optional(),
  cached: z.number().nonnegative().optional(),
  cost: z.number().nonnegative().optional(),
});
export type TokenUsage = z.infer<typeof TokenUsageSchema>;

/** Where a step came from in the raw files: a file plus a line range or an event range. */
export const RawRefSchema = z.object({
  file: z.string(),
  lineStart: z.number().int().optional(),
  lineEnd: z.number().int().optional(),
  /** Event ids / indices (OpenHands event ids, JSON array indices, cast event indices). */
  eventStart: z.union([z.number(), z.string()]).optional(),
  eventEnd: z.union([z.number(), z.string()]).optional(),
});
export type RawRef = z.infer<typeof RawRefSchema>;

export const StepSchema = z.object({
  /** 1-based and stable: equal to CodeTraceBench step ids for the formats it covers. */
  id: z.number().int().positive(),
  actor: ActorSchema,
  /** Agent name in multi-agent runs (Who&When), else absent. */
  agentName: z.string().optional(),
  /** Display text of what was done: the command, the edit, the message. Never empty for agent actions. */
  action: z.string(),
  /** Tool name when the step is a tool call (bash, str_replace_editor, Read, ...). */
  tool: z.string().optional(),
  toolCalls: z.array(ToolCallSchema),
  observation: z.string().nullable(),
  /** Thinking / THOUGHT / analysis+plan. Never dropped when the source has it. */
  reasoning: z.string().nullable(),
  timestamp: z.string().optional(),
  endTimestamp: z.string().optional(),
  tokens: TokenUsageSchema.optional(),
  /** Steps from one message with several tool calls share a group number. */
  parallelGroup: z.number().int().optional(),
  /** Exit code of a command when the source reports one. */
  exitCode: z.number().int().nullable().optional(),
  edits: z.array(FileEditSchema).optional(),
  raw: RawRefSchema.optional(),
});
export type Step = z.infer<typeof StepSchema>;

export const StageSchema = z.object({
  id: z.number().int(),
  start: z.number().int(),
  end: z.number().int(),
  label: z.string().optional(),
});
export type Stage = z.infer<typeof StageSchema>;

export const VerdictSchema = z.object({
  /** true = solved, false = failed, null = unknown. */
  solved: z.boolean().nullable(),
  reward: z.number().nullable().optional(),
  exitStatus: z.string().nullable().optional(),
  /** The file the verdict was read from. */
  source: z.string().optional(),
});
export type Verdict = z.infer<typeof VerdictSchema>;

/** Human annotations a run carries itself (Who&When). Never shown to a diagnoser. */
export const GoldSchema = z.object({
  mistakeStep: z.number().int().optional(),
  mistakeAgent: z.string().optional(),
  mistakeReason: z.string().optional(),
  /** How mistakeStep maps onto our step ids. */
  mistakeStepId: z.number().int().optional(),
});
export type Gold = z.infer<typeof GoldSchema>;

export const TrajectorySchema = z.object({
  id: z.string(),
  /** Paths (display form) of the files the steps were read from. */
  sources: z.array(z.string()),
  format: z.string(),
  agent: z.string().nullable(),
  model: z.string().nullable(),
  task: z.string(),
  verdict: VerdictSchema,
  steps: z.array(StepSchema),
  stages: z.array(StageSchema).optional(),
  gold: GoldSchema.optional(),
  /** Problems found while reading that did not stop the parse (LFS stubs skipped, bad lines ...). */
  warnings: z.array(z.string()),
  metadata: z.record(z.string(), z.unknown()),
});
export type Trajectory = z.infer<typeof TrajectorySchema>;

export const UNKNOWN_VERDICT: Verdict = { solved: null };
