// Assembling a Trajectory: parsers push steps, ids are assigned 1..n in order.
import type {
  Actor,
  FileEdit,
  RawRef,
  Step,
  ToolCall,
  TokenUsage,
  Trajectory,
  Verdict,
} from '../../model/trajectory.js';
import { UNKNOWN_VERDICT } from '../../model/trajectory.js';

export interface StepInput {
  actor?: Actor;
  agentName?: string;
  action: string;
  tool?: string;
  toolCalls?: ToolCall[];
  observation?: string | null;
  reasoning?: string | null;
  timestamp?: string | number | null;
  endTimestamp?: string | number | null;
  tokens?: TokenUsage;
  parallelGroup?: number;
  exitCode?: number | null;
  edits?: FileEdit[];
  raw?: RawRef;
}

/** Seconds or milliseconds since the epoch, or an ISO string, to ISO; undefined when unusable. */
export function toIso(t: string | number | null | undefined): string | undefined {
  if (t === null || t === undefined || t === '') return undefined;
  if (typeof t === 'number') {
    const ms = t > 1e12 ? t : t * 1000;
    const d = new Date(ms);
    return Number.isNaN(d.getTime()) ? undefined : d.toISOString();
  }
  return t;
}

export class StepList {
  readonly steps: Step[] = [];
  private group = 0;

  /** Start a new parallel group number (for one message holding several tool calls). */
  nextGroup(): number {
    return ++this.group;
  }

  push(s: StepInput): Step {
    const step: Step = {
      id: this.steps.length + 1,
      actor: s.actor ?? 'agent',
      action: s.action,
      toolCalls: s.toolCalls ?? [],
      observation: s.observation ?? null,
      reasoning: s.reasoning && s.reasoning.trim() ? s.reasoning : null,
    };
    if (s.agentName) step.agentName = s.agentName;
    if (s.tool) step.tool = s.tool;
    const ts = toIso(s.timestamp);
    if (ts) step.timestamp = ts;
    const te = toIso(s.endTimestamp);
    if (te) step.endTimestamp = te;
    if (s.tokens && Object.keys(s.tokens).length) step.tokens = s.tokens;
    if (s.parallelGroup !== undefined) step.parallelGroup = s.parallelGroup;
    if (s.exitCode !== undefined) step.exitCode = s.exitCode;
    if (s.edits?.length) step.edits = s.edits;
    if (s.raw) step.raw = s.raw;
    this.steps.push(step);
    return step;
  }

  get length(): number {
    return this.steps.length;
  }

  last(): Step | undefined {
    return this.steps[this.steps.length - 1];
  }
}

export interface TrajectoryInput {
  id: string;
  sources: string[];
  format: string;
  agent?: string | null;
  model?: string | null;
  task?: string | null;
  verdict?: Verdict;
  steps: Step[];
  stages?: Trajectory['stages'];
  gold?: Trajectory['gold'];
  warnings?: string[];
  metadata?: Record<string, unknown>;
}

export function makeTrajectory(t: TrajectoryInput): Trajectory {
  const traj: Trajectory = {
    id: t.id,
    sources: t.sources,
    format: t.format,
    agent: t.agent ?? null,
    model: t.model ?? null,
    task: (t.task ?? '').trim(),
    verdict: t.verdict ?? { ...UNKNOWN_VERDICT },
    steps: t.steps,
    warnings: t.warnings ?? [],
    metadata: t.metadata ?? {},
  };
  if (t.stages?.length) traj.stages = t.stages;
  if (t.gold) traj.gold = t.gold;
  return traj;
}
