// The vocabulary of replay: where it runs, what it restores, how it ends, what it reports while running.
import type { FileEdit } from '../model/trajectory.js';
import type { Diagnosis } from '../profiles/diagnosis.js';

/** success: --verify passed; unverified: no --verify; failed: --verify failed or the agent errored. */
export type ReplayStatus = 'success' | 'unverified' | 'failed' | 'limits_exceeded' | 'aborted' | 'exported';

/** One file edit of an earlier step, as it will be (or was) re-applied. */
export interface RestoreEdit {
  stepId: number;
  edit: FileEdit;
}

/** A state-changing command of an earlier step that CodeTracer cannot re-create by itself. */
export interface RestoreCommand {
  stepId: number;
  command: string;
}

export interface Checkpoint {
  /** Origin run: its address and trajectory id. */
  origin: { address: string; trajId: string; format: string };
  task: string;
  /** The step the replay starts from: steps before it are kept, it and the rest are redone. */
  breakpoint: number;
  /** How the breakpoint was chosen. */
  breakpointReason: string;
  /** One line per kept step (id, actor, action head), for the prompt and the export. */
  priorSummary: string[];
  diagnosis: Diagnosis;
  /** Where the diagnosis came from: an output folder, or "heuristic (computed now)". */
  diagnosisSource: string;
  /** What went wrong at and after the breakpoint, and what to do instead. */
  strategy: string;
  edits: RestoreEdit[];
  commands: RestoreCommand[];
}

/** What happened to one restore action. */
export interface RestoreResult {
  stepId: number;
  what: string;
  ok: boolean;
  note?: string;
}

export type ReplayEvent =
  | { type: 'plan'; lines: string[] }
  | { type: 'restore'; result: RestoreResult }
  | { type: 'step_start'; step: number }
  | { type: 'text'; step: number; text: string }
  | { type: 'tool_call'; step: number; name: string; arguments: string }
  | { type: 'tool_result'; step: number; name: string; ok: boolean; preview: string }
  | { type: 'verify'; command: string; exitCode: number | null; preview: string }
  | { type: 'done'; status: ReplayStatus; reason: string };

export type ReplayListener = (e: ReplayEvent) => void;
