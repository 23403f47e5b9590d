// Pure reads of AppState. Derived arrays are memoized on their inputs so a selector returns the same
// reference until its inputs change (views subscribe with Object.is).
import type { Step, Trajectory } from '../core/model/trajectory.js';
import type {
  AppState,
  AskChat,
  DiagnosisLive,
  Label,
  LabelsState,
  LoadedRun,
  LogEntry,
  Move,
  Overlay,
  RunEntry,
  TimelineRow,
} from './state.js';
import { emptyAsk, emptyDiagnosis, emptyLabels } from './state.js';

// ---------------------------------------------------------------- windowing math

export const clamp = (v: number, lo: number, hi: number): number => Math.max(lo, Math.min(hi, v));

/** First visible row for a cursor in a list of n rows shown h at a time (cursor kept centred). */
export function windowOffset(cursor: number, height: number, n: number): number {
  const h = Math.max(1, Math.floor(height));
  return clamp(cursor - Math.floor(h / 2), 0, Math.max(0, n - h));
}

export interface Window {
  /** First visible index. */
  offset: number;
  /** One past the last visible index. */
  end: number;
}

export function visibleWindow(cursor: number, height: number, n: number): Window {
  const offset = windowOffset(cursor, height, n);
  return { offset, end: Math.min(n, offset + Math.max(1, Math.floor(height))) };
}

/** The cursor after a movement in a list of n rows with h visible. */
export function moveCursor(cursor: number, n: number, move: Move, h: number): number {
  if (n <= 0) return 0;
  const page = Math.max(1, Math.floor(h) - 1);
  const half = Math.max(1, Math.floor(h / 2));
  const to: Record<Move, number> = {
    up: cursor - 1,
    down: cursor + 1,
    pageUp: cursor - page,
    pageDown: cursor + page,
    halfUp: cursor - half,
    halfDown: cursor + half,
    top: 0,
    bottom: n - 1,
  };
  return clamp(to[move], 0, n - 1);
}

/** A scroll offset after a movement, for panes whose length only the view knows (clamped >= 0). */
export function moveScroll(scroll: number, move: Move, h: number): number {
  const page = Math.max(1, Math.floor(h) - 1);
  const half = Math.max(1, Math.floor(h / 2));
  switch (move) {
    case 'up':
      return Math.max(0, scroll - 1);
    case 'down':
      return scroll + 1;
    case 'pageUp':
      return Math.max(0, scroll - page);
    case 'pageDown':
      return scroll + page;
    case 'halfUp':
      return Math.max(0, scroll - half);
    case 'halfDown':
      return scroll + half;
    case 'top':
      return 0;
    case 'bottom':
      // The view clamps to its content length; this means "as far as it goes".
      return Number.MAX_SAFE_INTEGER;
  }
}

// ---------------------------------------------------------------- memo helper

function memo1<A, R>(fn: (a: A) => R): (a: A) => R {
  let lastA: A | undefined;
  let last: R | undefined;
  let has = false;
  return (a) => {
    if (has && Object.is(a, lastA)) return last as R;
    has = true;
    lastA = a;
    last = fn(a);
    return last;
  };
}

function memo2<A, B, R>(fn: (a: A, b: B) => R): (a: A, b: B) => R {
  let lastA: A | undefined;
  let lastB: B | undefined;
  let last: R | undefined;
  let has = false;
  return (a, b) => {
    if (has && Object.is(a, lastA) && Object.is(b, lastB)) return last as R;
    has = true;
    lastA = a;
    lastB = b;
    last = fn(a, b);
    return last;
  };
}

// ---------------------------------------------------------------- runs

/** Case-insensitive filter on path, format, agent and model; every word must match. */
export function filterRuns(runs: readonly RunEntry[], filter: string): RunEntry[] {
  const words = filter.toLowerCase().split(/\s+/).filter(Boolean);
  if (!words.length) return runs as RunEntry[];
  return runs.filter((r) => {
    const hay = `${r.path} ${r.format} ${r.agent ?? ''} ${r.model ?? ''}`.toLowerCase();
    return words.every((w) => hay.includes(w));
  });
}

const filteredMemo = memo2(filterRuns);
export const selectFilteredRuns = (s: AppState): RunEntry[] => filteredMemo(s.runs, s.runsFilter);

export function selectRunsWindow(s: AppState): Window {
  return visibleWindow(s.runsCursor, s.viewports.runs, selectFilteredRuns(s).length);
}

/** The run under the Runs cursor (not necessarily the opened one). */
export const selectRunAtCursor = (s: AppState): RunEntry | null =>
  selectFilteredRuns(s)[s.runsCursor] ?? null;

export const selectSelectedRun = (s: AppState): RunEntry | null =>
  s.selectedRun === null ? null : (s.runs.find((r) => r.path === s.selectedRun) ?? null);

// ---------------------------------------------------------------- loaded run, timeline, step

export const selectLoaded = (s: AppState): LoadedRun | null =>
  s.selectedRun === null ? null : (s.loaded[s.selectedRun] ?? null);

export const selectTrajectory = (s: AppState): Trajectory | null => selectLoaded(s)?.traj ?? null;

const NO_ROWS: TimelineRow[] = [];

export function selectTimelineRows(s: AppState): TimelineRow[] {
  const l = selectLoaded(s);
  if (!l) return NO_ROWS;
  return s.timeline.mode === 'tree' ? l.treeRows : l.flatRows;
}

export function selectTimelineWindow(s: AppState): Window {
  return visibleWindow(s.timeline.cursor, s.viewports.timeline, selectTimelineRows(s).length);
}

/** The rows to render: only the visible slice (the view never maps over all rows). */
export function selectVisibleRows(s: AppState): { offset: number; rows: TimelineRow[] } {
  const w = selectTimelineWindow(s);
  return { offset: w.offset, rows: selectTimelineRows(s).slice(w.offset, w.end) };
}

const stepIndex = memo1(
  (traj: Trajectory): Map<number, Step> => new Map(traj.steps.map((st) => [st.id, st])),
);

export function stepById(traj: Trajectory, id: number): Step | null {
  return stepIndex(traj).get(id) ?? null;
}

export const selectCursorStepId = (s: AppState): number | null =>
  selectTimelineRows(s)[s.timeline.cursor]?.stepId ?? null;

export function selectCurrentStep(s: AppState): Step | null {
  const traj = selectTrajectory(s);
  const id = selectCursorStepId(s);
  return traj && id !== null ? stepById(traj, id) : null;
}

/** Row index of a step in a row list, -1 when absent. */
export function rowIndexOf(rows: readonly TimelineRow[], stepId: number): number {
  if (rows.length && rows[stepId - 1]?.stepId === stepId) return stepId - 1;
  return rows.findIndex((r) => r.stepId === stepId);
}

// ---------------------------------------------------------------- labels

const EMPTY_LABELS = emptyLabels();

export const selectLabelsState = (s: AppState): LabelsState =>
  (s.selectedRun !== null ? s.labels[s.selectedRun] : undefined) ?? EMPTY_LABELS;

export const selectLabels = (s: AppState): Label[] => selectLabelsState(s).items;

const labelMapMemo = memo1((items: Label[]) => {
  const m = new Map<number, Label[]>();
  for (const l of items) {
    const list = m.get(l.stepId);
    if (list) list.push(l);
    else m.set(l.stepId, [l]);
  }
  return m;
});

/** Labels by step id, for timeline badges. */
export const selectLabelsByStep = (s: AppState): Map<number, Label[]> => labelMapMemo(selectLabels(s));

export const selectLabelAtCursor = (s: AppState): Label | null => {
  const st = selectLabelsState(s);
  return st.items[st.cursor] ?? null;
};

/** The label a label command acts on: the Labels cursor when that pane is focused, else the timeline step's. */
export function selectTargetLabel(s: AppState): Label | null {
  if (s.focus === 'labels') return selectLabelAtCursor(s);
  const id = selectCursorStepId(s);
  if (id === null) return selectLabelAtCursor(s);
  return selectLabelsByStep(s).get(id)?.[0] ?? null;
}

export function selectLabelsWindow(s: AppState): Window {
  const st = selectLabelsState(s);
  return visibleWindow(st.cursor, s.viewports.labels, st.items.length);
}

export const selectCanUndo = (s: AppState): boolean => selectLabelsState(s).undo.length > 0;
export const selectCanRedo = (s: AppState): boolean => selectLabelsState(s).redo.length > 0;

// ---------------------------------------------------------------- diagnosis, ask

const EMPTY_DIAGNOSIS = emptyDiagnosis();
const EMPTY_ASK = emptyAsk();

export const selectDiagnosis = (s: AppState): DiagnosisLive =>
  (s.selectedRun !== null ? s.diagnosis[s.selectedRun] : undefined) ?? EMPTY_DIAGNOSIS;

export const selectAsk = (s: AppState): AskChat =>
  (s.selectedRun !== null ? s.ask[s.selectedRun] : undefined) ?? EMPTY_ASK;

/** Everything the model said (reasoning and text), concatenated in order. */
export function logText(
  log: readonly LogEntry[],
  kinds: readonly LogEntry['kind'][] = ['reasoning', 'text'],
): string {
  let out = '';
  for (const e of log) if (kinds.includes(e.kind)) out += e.text;
  return out;
}

/** True while any run has a diagnosis running or paused (quit asks first). */
export const selectAnyDiagnosisActive = (s: AppState): boolean =>
  Object.values(s.diagnosis).some((d) => d.status === 'running' || d.status === 'paused');

// ---------------------------------------------------------------- overlays, search, status

export const selectTopOverlay = (s: AppState): Overlay | null => s.overlays[s.overlays.length - 1] ?? null;

export function selectSearchPosition(s: AppState): { current: number; total: number } {
  return { current: s.search.current + 1, total: s.search.matches.length };
}

/** "step 123/10000" for the status bar. */
export function selectTimelinePosition(s: AppState): { index: number; total: number; stepId: number | null } {
  const rows = selectTimelineRows(s);
  return {
    index: rows.length ? s.timeline.cursor + 1 : 0,
    total: rows.length,
    stepId: selectCursorStepId(s),
  };
}
