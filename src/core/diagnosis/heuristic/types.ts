// Types of the heuristic (offline, rule-based) diagnoser.
import type { Step, Trajectory } from '../../model/trajectory.js';
import type { LabeledStage, StepClass } from '../../tree/index.js';

export type HeuristicVerdict = 'incorrect' | 'unuseful';

export type Outcome = 'pass' | 'fail' | 'error';

export interface HeuristicLabel {
  stepId: number;
  verdict: HeuristicVerdict;
  /** One sentence a person can check against the steps named in `evidence`. */
  reason: string;
  /** Ids of the other steps the judgement rests on (the earlier failure, the reverting edit ...). */
  evidence: number[];
  /** Which rule produced the label: failed-retry, reverted-edit, test-regression, repeated-read, loop, ... */
  signal: string;
  /** 0..1: how often this rule is right when it fires (a fixed prior per rule, not a probability). */
  confidence: number;
}

export interface HeuristicStage extends LabeledStage {
  incorrect: number[];
  unuseful: number[];
}

export interface HeuristicResult {
  diagnoser: 'heuristic';
  /** One label per step at most, agent steps only, sorted by step id. */
  labels: HeuristicLabel[];
  /** The stages of the run (its own, or segmented) with the labelled step ids of each. */
  stages: HeuristicStage[];
}

/** What the rules need to know about one step, computed once. */
export interface StepFacts {
  step: Step;
  /** Position in the run's step list. */
  index: number;
  cls: StepClass;
  agent: boolean;
  /** The action normalized for comparison (tool, arguments without bookkeeping, whitespace folded). */
  key: string;
  /** The observation with whitespace folded; null when the step has none. */
  obs: string | null;
  /** The shell text the step ran, when it ran one. */
  shell: string | null;
  failed: boolean;
  /**
   * For runs that check something (tests, scripts): pass; fail (the check ran and reported failure);
   * error (the program crashed: exception, syntax error, missing command). null for other steps.
   */
  outcome: Outcome | null;
  /** Short display of the action for reasons: `sed -i 's/a/b/' x.py`. */
  what: string;
}

export interface RunFacts {
  traj: Trajectory;
  steps: StepFacts[];
  /** Only the agent's steps, in order. */
  agentSteps: StepFacts[];
}

/** A rule: reads the facts, returns labels (possibly several for one step; they are merged later). */
export type Signal = (facts: RunFacts) => HeuristicLabel[];
