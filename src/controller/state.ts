// The one UI state of the TUI and every action that changes it. Plain data: the view reads it through
// selectors, the reducer (reducer.ts) is the only code that builds new states.
import type { Trajectory } from '../core/model/trajectory.js';
import type { ProfileName } from '../core/profiles/schemas.js';
import type { LabeledStage, NodeType, StepKind } from '../core/tree/index.js';

// ---------------------------------------------------------------- runs

export type DiagnosisStatus = 'none' | 'running' | 'paused' | 'done' | 'failed';

/** One row of the Runs pane. Keyed by `path` (the address openRun accepts). */
export interface RunEntry {
  path: string;
  format: string;
  /** Known once the run was opened (discovery does not parse agent/model). */
  agent: string | null;
  model: string | null;
  steps: number | null;
  /** The run's own verdict: true solved, false failed, null unknown. */
  verdict: boolean | null;
  size: number;
  diagnosis: DiagnosisStatus;
  /** Labels currently held for the run (human file or a diagnosis output), null = not looked yet. */
  labelCount: number | null;
  /** Load / watch error (deleted, truncated, unreadable); the row stays, the app stays usable. */
  error: string | null;
}

// ---------------------------------------------------------------- loaded trajectories

/** One timeline line. Flat mode: one per step, depth 0. Tree mode: the trace tree flattened. */
export interface TimelineRow {
  stepId: number;
  depth: number;
  nodeType: NodeType;
  kind: StepKind;
  label: string;
  /** Last child of its parent (tree drawing). */
  last: boolean;
  /** Stage containing the step, null when the run has no stages. */
  stageId: number | null;
}

export interface LoadedRun {
  status: 'loading' | 'ready' | 'error';
  /** Last good trajectory: kept when a re-parse fails (file truncated while open). */
  traj: Trajectory | null;
  flatRows: TimelineRow[];
  treeRows: TimelineRow[];
  stages: LabeledStage[];
  /** Error of the last load / re-parse, shown in the pane; null when the last one succeeded. */
  error: string | null;
  /** Increments on every successful (re-)parse, so views can memoize on it. */
  version: number;
}

// ---------------------------------------------------------------- focus, overlays, editing

export type Pane = 'runs' | 'timeline' | 'step' | 'reasoning' | 'labels' | 'ask';
export const PANES: readonly Pane[] = ['runs', 'timeline', 'step', 'reasoning', 'labels', 'ask'];

/** What a confirm overlay does on "yes". */
export type ConfirmTarget = 'quit' | 'deleteLabel' | 'abortDiagnosis' | 'replay';

export type Overlay =
  | { kind: 'help'; scroll: number }
  /** The lessons memory holds for the open run's agent type (text lines, scrolled with j/k). */
  | { kind: 'memory'; agent: string; lines: string[]; scroll: number }
  | { kind: 'search' }
  | { kind: 'jump' }
  | {
      kind: 'export';
      profiles: Record<ProfileName, boolean>;
      /** Target folder; '' = the run's own output folder (the placement `analyze` uses). */
      folder: string;
      /** Row under the cursor: 0..2 profiles, 3 folder. */
      row: number;
    }
  | {
      kind: 'confirm';
      target: ConfirmTarget;
      message: string;
      /** Shown above the question (the replay plan). */
      lines?: string[];
      /** What a replay confirmation starts. */
      replay?: { path: string; stepId: number };
    };

export type OverlayKind = Overlay['kind'];

/** Where typed text goes while text entry is active (single-letter keys are suspended). */
export type EditTarget = 'filter' | 'search' | 'jump' | 'reasoning' | 'ask' | 'exportFolder';

export interface Editing {
  target: EditTarget;
  text: string;
  /** Caret position in `text` (0..text.length). */
  caret: number;
  /** For 'reasoning': the label being edited. */
  labelId?: string;
}

// ---------------------------------------------------------------- timeline, step pane, search

export type TimelineMode = 'flat' | 'tree';

export interface TimelineState {
  /** Index into the rows of the current mode. */
  cursor: number;
  mode: TimelineMode;
}

/** Visible rows of each scrollable pane, set by the view from the terminal size. */
export type Viewports = Record<'runs' | 'timeline' | 'step' | 'reasoning' | 'labels' | 'ask', number>;

export type SearchField = 'action' | 'observation' | 'reasoning';

export interface SearchMatch {
  stepId: number;
  field: SearchField;
  /** Character offset of the match inside the field. */
  offset: number;
}

export interface SearchState {
  query: string;
  matches: SearchMatch[];
  /** Index into matches, -1 when none. */
  current: number;
  /** Run path the matches belong to. */
  run: string | null;
}

// ---------------------------------------------------------------- labels

export type LabelVerdict = 'incorrect' | 'unuseful' | 'correct';
export const LABEL_VERDICTS: readonly LabelVerdict[] = ['incorrect', 'unuseful', 'correct'];
export type LabelSource = 'heuristic' | 'llm' | 'human';

export interface Label {
  /** Stable within a run ("h3", "llm-12", ...). */
  id: string;
  stepId: number;
  verdict: LabelVerdict;
  reasoning: string;
  source: LabelSource;
  /** A person confirmed the machine's judgement (or wrote the label). */
  accepted: boolean;
  /** A person changed verdict or reasoning (or added the label). */
  changedByHuman: boolean;
  stageId?: number;
  /** Rule or tool that produced a machine label. */
  signal?: string;
  confidence?: number;
  /** Who made the machine label ("heuristic", a model name). */
  diagnoser?: string;
}

export interface LabelsState {
  items: Label[];
  /** Index into items under the cursor of the Labels pane. */
  cursor: number;
  /** Previous item lists (most recent last), capped. */
  undo: Label[][];
  redo: Label[][];
  /** Next free number for ids of labels a person adds. */
  seq: number;
  /** Where the labels file of this run lives (null until the output folder is known). */
  file: string | null;
  /** Result of the last save. */
  saveError: string | null;
  /** Where the machine labels came from (a profile file, the human file), for the pane header. */
  origin: string | null;
}

// ---------------------------------------------------------------- diagnosis and ask

export type LogKind =
  | 'reasoning'
  | 'text'
  | 'tool_call'
  | 'tool_result'
  | 'label'
  | 'compaction'
  | 'retry'
  | 'warning'
  | 'error'
  | 'info';

/** One entry of the Reasoning pane; consecutive deltas of one kind and call extend the last entry. */
export interface LogEntry {
  kind: LogKind;
  /** LLM call number (0 for entries outside a call). */
  call: number;
  text: string;
}

export interface DiagnosisLive {
  status: DiagnosisStatus;
  mode: 'llm' | 'heuristic' | null;
  model: string | null;
  log: LogEntry[];
  tokens: { input: number; output: number; cached: number };
  /** USD so far, null when the model's price is unknown. */
  cost: number | null;
  costLimit: number | null;
  calls: number;
  compactions: number;
  labelsRecorded: number;
  /** Why it ended (done / failed / aborted), or the budget warning. */
  message: string | null;
  startedAt: number | null;
  endedAt: number | null;
}

export interface ChatMessage {
  role: 'user' | 'assistant';
  text: string;
  /** Tool calls the assistant made while answering, in brief ("view_step 12"). */
  tools: string[];
}

export interface AskChat {
  messages: ChatMessage[];
  streaming: boolean;
  error: string | null;
  scroll: number;
}

// ---------------------------------------------------------------- app

export type StatusLevel = 'info' | 'warn' | 'error';

export interface StatusMessage {
  text: string;
  level: StatusLevel;
  /** Monotonic counter so a view can time the message out. */
  seq: number;
}

export interface LlmAvailability {
  available: boolean;
  model: string | null;
  /** Shown when unavailable ("no API key: d runs the heuristic diagnoser"). */
  reason: string | null;
}

export interface DiscoveryState {
  status: 'idle' | 'running' | 'done' | 'error';
  roots: string[];
  problems: number;
  error: string | null;
}

export interface AppState {
  discovery: DiscoveryState;
  /** Sorted by path (natural order). */
  runs: RunEntry[];
  runsFilter: string;
  /** Index into the filtered runs list. */
  runsCursor: number;
  /** Path of the opened run (Timeline, Step, Labels, Reasoning show it). */
  selectedRun: string | null;
  loaded: Record<string, LoadedRun>;
  focus: Pane;
  overlays: Overlay[];
  editing: Editing | null;
  timeline: TimelineState;
  viewports: Viewports;
  stepScroll: number;
  reasoningScroll: number;
  /** true = the Reasoning pane follows new output. */
  reasoningFollow: boolean;
  search: SearchState;
  labels: Record<string, LabelsState>;
  diagnosis: Record<string, DiagnosisLive>;
  ask: Record<string, AskChat>;
  status: StatusMessage | null;
  llm: LlmAvailability;
  watching: boolean;
  /** Set by the quit command; the view exits when true. */
  quitting: boolean;
}

export const DEFAULT_VIEWPORTS: Viewports = {
  runs: 10,
  timeline: 20,
  step: 20,
  reasoning: 20,
  labels: 10,
  ask: 10,
};

export function initialState(over: Partial<AppState> = {}): AppState {
  return {
    discovery: { status: 'idle', roots: [], problems: 0, error: null },
    runs: [],
    runsFilter: '',
    runsCursor: 0,
    selectedRun: null,
    loaded: {},
    focus: 'runs',
    overlays: [],
    editing: null,
    timeline: { cursor: 0, mode: 'flat' },
    viewports: { ...DEFAULT_VIEWPORTS },
    stepScroll: 0,
    reasoningScroll: 0,
    reasoningFollow: true,
    search: { query: '', matches: [], current: -1, run: null },
    labels: {},
    diagnosis: {},
    ask: {},
    status: null,
    llm: { available: false, model: null, reason: null },
    watching: false,
    quitting: false,
    ...over,
  };
}

export function emptyLabels(): LabelsState {
  return { items: [], cursor: 0, undo: [], redo: [], seq: 1, file: null, saveError: null, origin: null };
}

export function emptyDiagnosis(): DiagnosisLive {
  return {
    status: 'none',
    mode: null,
    model: null,
    log: [],
    tokens: { input: 0, output: 0, cached: 0 },
    cost: null,
    costLimit: null,
    calls: 0,
    compactions: 0,
    labelsRecorded: 0,
    message: null,
    startedAt: null,
    endedAt: null,
  };
}

export function emptyAsk(): AskChat {
  return { messages: [], streaming: false, error: null, scroll: 0 };
}

// ---------------------------------------------------------------- actions

/** A discovered run as the controller reports it (RunEntry without UI-only fields). */
export type RunInfo = Pick<RunEntry, 'path' | 'format' | 'steps' | 'verdict' | 'size'> &
  Partial<Pick<RunEntry, 'agent' | 'model'>>;

/** Loaded-run payload the controller computes off the reducer (tree building is not free). */
export interface LoadedPayload {
  traj: Trajectory;
  flatRows: TimelineRow[];
  treeRows: TimelineRow[];
  stages: LabeledStage[];
}

export type Move = 'up' | 'down' | 'pageUp' | 'pageDown' | 'halfUp' | 'halfDown' | 'top' | 'bottom';

/** Machine-made events of a diagnosis, already coalesced by the bridge (deltas concatenated). */
export type DiagnosisUpdate =
  | { kind: 'log'; entries: LogEntry[] }
  | { kind: 'usage'; input: number; output: number; cached: number; cost: number | null; calls: number }
  | { kind: 'compaction' }
  | { kind: 'label' }
  | { kind: 'message'; text: string };

export type Action =
  // discovery and runs
  | { type: 'discovery/started'; roots: string[] }
  | { type: 'discovery/runs'; runs: RunInfo[] }
  | { type: 'discovery/problem' }
  | { type: 'discovery/done' }
  | { type: 'discovery/failed'; error: string }
  | { type: 'runs/update'; path: string; patch: Partial<Omit<RunEntry, 'path'>> }
  | { type: 'runs/removed'; path: string; error: string }
  | { type: 'runs/filter'; text: string }
  | { type: 'runs/move'; move: Move }
  | { type: 'runs/select'; path: string | null }
  // loaded trajectories
  | { type: 'load/started'; path: string }
  | { type: 'load/done'; path: string; payload: LoadedPayload }
  | { type: 'load/failed'; path: string; error: string }
  // focus, overlays, text entry
  | { type: 'focus/set'; pane: Pane }
  | { type: 'focus/cycle'; delta: 1 | -1 }
  | { type: 'overlay/open'; overlay: Overlay }
  | { type: 'overlay/close' }
  | { type: 'overlay/update'; overlay: Overlay }
  | { type: 'edit/begin'; target: EditTarget; text?: string; labelId?: string }
  | { type: 'edit/input'; text: string }
  | { type: 'edit/erase' }
  | { type: 'edit/caret'; move: 'left' | 'right' | 'home' | 'end' }
  | { type: 'edit/cancel' }
  | { type: 'edit/end' }
  // timeline, step, reasoning panes
  | { type: 'timeline/move'; move: Move }
  | { type: 'timeline/goto'; stepId: number }
  | { type: 'timeline/mode'; mode?: TimelineMode }
  | { type: 'viewport/set'; pane: keyof Viewports; height: number }
  | { type: 'step/scroll'; move: Move }
  | { type: 'reasoning/scroll'; move: Move }
  | { type: 'labels/move'; move: Move }
  | { type: 'ask/scroll'; move: Move }
  // search
  | { type: 'search/set'; query: string }
  | { type: 'search/next'; delta: 1 | -1 }
  // labels (dispatched after the labels file is written: "write before acknowledging")
  | { type: 'labels/loaded'; path: string; items: Label[]; file: string | null; origin: string | null }
  | { type: 'labels/commit'; path: string; items: Label[]; cursorLabelId?: string }
  | { type: 'labels/undo'; path: string }
  | { type: 'labels/redo'; path: string }
  | { type: 'labels/machine'; path: string; items: Label[] }
  | { type: 'labels/saveError'; path: string; error: string | null }
  // diagnosis
  | {
      type: 'diagnosis/started';
      path: string;
      mode: 'llm' | 'heuristic';
      model: string | null;
      costLimit: number | null;
      /** Date.now() of the start (passed in so the reducer stays pure). */
      at: number;
    }
  | { type: 'diagnosis/update'; path: string; updates: DiagnosisUpdate[] }
  | { type: 'diagnosis/status'; path: string; status: DiagnosisStatus; message?: string; at?: number }
  // ask
  | { type: 'ask/question'; path: string; text: string }
  | { type: 'ask/delta'; path: string; text: string; tools: string[] }
  | { type: 'ask/done'; path: string; error?: string }
  // app
  | { type: 'status/set'; text: string; level?: StatusLevel }
  | { type: 'status/clear' }
  | { type: 'llm/availability'; availability: LlmAvailability }
  | { type: 'watch/state'; watching: boolean }
  | { type: 'app/quit' }
  /** Several actions reduced as one (the bridge flushes a frame's worth at once). */
  | { type: 'batch'; actions: Action[] };

export type ActionType = Action['type'];
export type ActionOf<T extends ActionType> = Extract<Action, { type: T }>;
