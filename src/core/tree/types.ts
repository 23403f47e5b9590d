// Types shared by the classifier, the trace tree, the stages and the heuristic diagnoser.

/** Upstream node types: a step that changes the workspace or environment, or one that only looks. */
export type NodeType = 'change' | 'explore';

/** What kind of action a step is, finer than its node type (for views and the heuristic). */
export type StepKind = 'test' | 'edit' | 'read' | 'search' | 'command' | 'message';

export interface StepClass {
  type: NodeType;
  kind: StepKind;
  /** Paths the step names (files read, edited, searched), as written in the action. */
  targets: string[];
  /** The step runs a test suite or a test script (also true for a change step that ends with a test run). */
  runsTests: boolean;
  /** The step hands in the result (submit, finish, task_complete, the mini-SWE-agent sentinel). */
  submit: boolean;
}

/** What one command (or tool call) does; `unknown` = a program whose effect its name cannot tell (a script). */
export interface Effect {
  type: NodeType | 'unknown';
  /** null for neutral words (cd, export, sleep) that must not decide the step's kind. */
  kind: StepKind | null;
  targets: string[];
  test: boolean;
  submit: boolean;
  /** An interactive editor was started (vim, nano ...): the keystrokes that follow edit a file. */
  editor: boolean;
}

export function effect(
  type: Effect['type'],
  kind: StepKind | null,
  targets: string[] = [],
  extra: Partial<Effect> = {},
): Effect {
  return { type, kind, targets, test: false, submit: false, editor: false, ...extra };
}
