// (AppState, Action) -> AppState. Pure: no clock, no I/O; returns the same object when nothing changed.
import { mergeMachine, nextSeq } from './labels.js';
import { findMatches, firstMatchFrom } from './search.js';
import {
  clamp,
  moveCursor,
  moveScroll,
  rowIndexOf,
  selectCursorStepId,
  selectFilteredRuns,
  selectTimelineRows,
} from './selectors.js';
import {
  PANES,
  emptyAsk,
  emptyDiagnosis,
  emptyLabels,
  type Action,
  type AppState,
  type AskChat,
  type DiagnosisLive,
  type DiagnosisUpdate,
  type LabelsState,
  type LogEntry,
  type RunEntry,
  type RunInfo,
} from './state.js';

/** Undo history kept per run. */
export const UNDO_LIMIT = 200;
/** Reasoning-pane entries kept per diagnosis (oldest dropped). */
export const LOG_LIMIT = 5000;

const collator = new Intl.Collator('en', { numeric: true, sensitivity: 'variant' });
const byPath = (a: RunEntry, b: RunEntry) => collator.compare(a.path, b.path);

export function reducer(s: AppState, a: Action): AppState {
  switch (a.type) {
    case 'batch':
      return a.actions.reduce(reducer, s);

    // ------------------------------------------------------------ discovery and runs
    case 'discovery/started':
      return { ...s, discovery: { status: 'running', roots: a.roots, problems: 0, error: null } };
    case 'discovery/runs':
      return a.runs.length ? keepRunsCursor(s, addRuns(s.runs, a.runs)) : s;
    case 'discovery/problem':
      return { ...s, discovery: { ...s.discovery, problems: s.discovery.problems + 1 } };
    case 'discovery/done':
      return { ...s, discovery: { ...s.discovery, status: 'done' } };
    case 'discovery/failed':
      return { ...s, discovery: { ...s.discovery, status: 'error', error: a.error } };
    case 'runs/update': {
      const i = s.runs.findIndex((r) => r.path === a.path);
      if (i < 0) return s;
      const runs = [...s.runs];
      runs[i] = { ...runs[i], ...a.patch };
      return { ...s, runs };
    }
    case 'runs/removed': {
      const i = s.runs.findIndex((r) => r.path === a.path);
      if (i < 0) return s;
      const runs = [...s.runs];
      runs[i] = { ...runs[i], error: a.error };
      return { ...s, runs };
    }
    case 'runs/filter': {
      const next = { ...s, runsFilter: a.text };
      return {
        ...next,
        runsCursor: clamp(s.runsCursor, 0, Math.max(0, selectFilteredRuns(next).length - 1)),
      };
    }
    case 'runs/move': {
      const n = selectFilteredRuns(s).length;
      const c = moveCursor(s.runsCursor, n, a.move, s.viewports.runs);
      return c === s.runsCursor ? s : { ...s, runsCursor: c };
    }
    case 'runs/select':
      return selectRun(s, a.path);

    // ------------------------------------------------------------ loaded trajectories
    case 'load/started': {
      const prev = s.loaded[a.path];
      const loaded = prev
        ? { ...prev, status: 'loading' as const }
        : {
            status: 'loading' as const,
            traj: null,
            flatRows: [],
            treeRows: [],
            stages: [],
            error: null,
            version: 0,
          };
      return { ...s, loaded: { ...s.loaded, [a.path]: loaded } };
    }
    case 'load/done': {
      const prev = s.loaded[a.path];
      const p = a.payload;
      const loaded = {
        status: 'ready' as const,
        traj: p.traj,
        flatRows: p.flatRows,
        treeRows: p.treeRows,
        stages: p.stages,
        error: null,
        version: (prev?.version ?? 0) + 1,
      };
      let next: AppState = { ...s, loaded: { ...s.loaded, [a.path]: loaded } };
      next = patchRun(next, a.path, {
        steps: p.traj.steps.length,
        agent: p.traj.agent,
        model: p.traj.model,
        verdict: p.traj.verdict.solved,
        error: null,
      });
      // A re-parse keeps the cursor where it was (clamped: a run can also shrink).
      if (a.path === s.selectedRun) {
        const n = selectTimelineRows(next).length;
        next = {
          ...next,
          timeline: { ...next.timeline, cursor: clamp(next.timeline.cursor, 0, Math.max(0, n - 1)) },
        };
      }
      return next;
    }
    case 'load/failed': {
      const prev = s.loaded[a.path];
      const loaded = prev
        ? { ...prev, status: 'error' as const, error: a.error }
        : {
            status: 'error' as const,
            traj: null,
            flatRows: [],
            treeRows: [],
            stages: [],
            error: a.error,
            version: 0,
          };
      return patchRun({ ...s, loaded: { ...s.loaded, [a.path]: loaded } }, a.path, { error: a.error });
    }

    // ------------------------------------------------------------ focus, overlays, text entry
    case 'focus/set':
      return s.focus === a.pane ? s : { ...s, focus: a.pane };
    case 'focus/cycle': {
      const i = PANES.indexOf(s.focus);
      return { ...s, focus: PANES[(i + a.delta + PANES.length) % PANES.length] };
    }
    case 'overlay/open': {
      const top = s.overlays[s.overlays.length - 1];
      const rest = top?.kind === a.overlay.kind ? s.overlays.slice(0, -1) : s.overlays;
      return { ...s, overlays: [...rest, a.overlay] };
    }
    case 'overlay/update': {
      const i = s.overlays.map((o) => o.kind).lastIndexOf(a.overlay.kind);
      if (i < 0) return s;
      const overlays = [...s.overlays];
      overlays[i] = a.overlay;
      return { ...s, overlays };
    }
    case 'overlay/close': {
      if (!s.overlays.length) return s;
      const top = s.overlays[s.overlays.length - 1];
      const editingHere =
        s.editing &&
        ((top.kind === 'search' && s.editing.target === 'search') ||
          (top.kind === 'jump' && s.editing.target === 'jump') ||
          (top.kind === 'export' && s.editing.target === 'exportFolder'));
      return { ...s, overlays: s.overlays.slice(0, -1), editing: editingHere ? null : s.editing };
    }
    case 'edit/begin': {
      const text = a.text ?? '';
      return {
        ...s,
        editing: { target: a.target, text, caret: text.length, ...(a.labelId ? { labelId: a.labelId } : {}) },
      };
    }
    case 'edit/input': {
      const e = s.editing;
      if (!e || !a.text) return s;
      const text = e.text.slice(0, e.caret) + a.text + e.text.slice(e.caret);
      return liveFilter({ ...s, editing: { ...e, text, caret: e.caret + a.text.length } });
    }
    case 'edit/erase': {
      const e = s.editing;
      if (!e || e.caret === 0) return s;
      const text = e.text.slice(0, e.caret - 1) + e.text.slice(e.caret);
      return liveFilter({ ...s, editing: { ...e, text, caret: e.caret - 1 } });
    }
    case 'edit/caret': {
      const e = s.editing;
      if (!e) return s;
      const caret =
        a.move === 'left'
          ? e.caret - 1
          : a.move === 'right'
            ? e.caret + 1
            : a.move === 'home'
              ? 0
              : e.text.length;
      return { ...s, editing: { ...e, caret: clamp(caret, 0, e.text.length) } };
    }
    case 'edit/cancel':
    case 'edit/end': {
      const e = s.editing;
      if (!e) return s;
      let next: AppState = { ...s, editing: null };
      if (a.type === 'edit/cancel' && e.target === 'filter')
        next = reducer(next, { type: 'runs/filter', text: '' });
      // The prompt overlays exist only for their text entry.
      const top = next.overlays[next.overlays.length - 1];
      if (
        (e.target === 'search' && top?.kind === 'search') ||
        (e.target === 'jump' && top?.kind === 'jump')
      ) {
        next = { ...next, overlays: next.overlays.slice(0, -1) };
      }
      return next;
    }

    // ------------------------------------------------------------ panes
    case 'timeline/move': {
      const n = selectTimelineRows(s).length;
      const c = moveCursor(s.timeline.cursor, n, a.move, s.viewports.timeline);
      return c === s.timeline.cursor ? s : { ...s, timeline: { ...s.timeline, cursor: c }, stepScroll: 0 };
    }
    case 'timeline/goto': {
      const i = rowIndexOf(selectTimelineRows(s), a.stepId);
      if (i < 0) return { ...s, status: status(s, `no step ${a.stepId} in this run`, 'warn') };
      return { ...s, timeline: { ...s.timeline, cursor: i }, stepScroll: 0 };
    }
    case 'timeline/mode': {
      const mode = a.mode ?? (s.timeline.mode === 'flat' ? 'tree' : 'flat');
      if (mode === s.timeline.mode) return s;
      const stepId = selectCursorStepId(s);
      const next = { ...s, timeline: { ...s.timeline, mode } };
      const i = stepId === null ? 0 : rowIndexOf(selectTimelineRows(next), stepId);
      return { ...next, timeline: { mode, cursor: Math.max(0, i) } };
    }
    case 'viewport/set': {
      const h = Math.max(1, Math.floor(a.height));
      return s.viewports[a.pane] === h ? s : { ...s, viewports: { ...s.viewports, [a.pane]: h } };
    }
    case 'step/scroll':
      return { ...s, stepScroll: moveScroll(s.stepScroll, a.move, s.viewports.step) };
    case 'reasoning/scroll': {
      const scroll = moveScroll(s.reasoningScroll, a.move, s.viewports.reasoning);
      return { ...s, reasoningScroll: scroll, reasoningFollow: a.move === 'bottom' };
    }
    case 'labels/move': {
      const path = s.selectedRun;
      if (path === null) return s;
      const st = s.labels[path] ?? emptyLabels();
      const c = moveCursor(st.cursor, st.items.length, a.move, s.viewports.labels);
      return c === st.cursor ? s : withLabels(s, path, { ...st, cursor: c });
    }
    case 'ask/scroll': {
      const path = s.selectedRun;
      if (path === null) return s;
      const chat = s.ask[path] ?? emptyAsk();
      return withAsk(s, path, { ...chat, scroll: moveScroll(chat.scroll, a.move, s.viewports.ask) });
    }

    // ------------------------------------------------------------ search
    case 'search/set': {
      const traj = s.selectedRun !== null ? s.loaded[s.selectedRun]?.traj : null;
      const matches = traj ? findMatches(traj, a.query) : [];
      const current = firstMatchFrom(matches, selectCursorStepId(s));
      let next: AppState = { ...s, search: { query: a.query, matches, current, run: s.selectedRun } };
      if (current >= 0) next = reducer(next, { type: 'timeline/goto', stepId: matches[current].stepId });
      else if (a.query) next = { ...next, status: status(s, `no match for "${a.query}"`, 'warn') };
      return next;
    }
    case 'search/next': {
      const m = s.search.matches;
      if (!m.length || s.search.run !== s.selectedRun) {
        return {
          ...s,
          status: status(s, s.search.query ? `no match for "${s.search.query}"` : 'no search', 'warn'),
        };
      }
      const current = (s.search.current + a.delta + m.length) % m.length;
      const next = { ...s, search: { ...s.search, current } };
      return reducer(next, { type: 'timeline/goto', stepId: m[current].stepId });
    }

    // ------------------------------------------------------------ labels
    case 'labels/loaded': {
      const prev = s.labels[a.path] ?? emptyLabels();
      const st: LabelsState = {
        ...prev,
        items: a.items,
        cursor: clamp(prev.cursor, 0, Math.max(0, a.items.length - 1)),
        undo: [],
        redo: [],
        seq: nextSeq(a.items),
        file: a.file,
        origin: a.origin,
        saveError: null,
      };
      return patchRun(withLabels(s, a.path, st), a.path, { labelCount: a.items.length });
    }
    case 'labels/commit': {
      const prev = s.labels[a.path] ?? emptyLabels();
      const undo = [...prev.undo, prev.items].slice(-UNDO_LIMIT);
      const st = withCursor(
        { ...prev, items: a.items, undo, redo: [], seq: nextSeq(a.items), saveError: null },
        a.cursorLabelId,
      );
      return patchRun(withLabels(s, a.path, st), a.path, { labelCount: a.items.length });
    }
    case 'labels/undo':
    case 'labels/redo': {
      const prev = s.labels[a.path];
      if (!prev) return s;
      const from = a.type === 'labels/undo' ? prev.undo : prev.redo;
      if (!from.length) return s;
      const items = from[from.length - 1];
      const rest = from.slice(0, -1);
      const other = [...(a.type === 'labels/undo' ? prev.redo : prev.undo), prev.items].slice(-UNDO_LIMIT);
      const st: LabelsState = {
        ...prev,
        items,
        undo: a.type === 'labels/undo' ? rest : other,
        redo: a.type === 'labels/undo' ? other : rest,
        cursor: clamp(prev.cursor, 0, Math.max(0, items.length - 1)),
        seq: Math.max(prev.seq, nextSeq(items)),
        saveError: null,
      };
      return patchRun(withLabels(s, a.path, st), a.path, { labelCount: items.length });
    }
    case 'labels/machine': {
      const prev = s.labels[a.path] ?? emptyLabels();
      const items = mergeMachine(prev.items, a.items);
      const st = { ...prev, items, cursor: clamp(prev.cursor, 0, Math.max(0, items.length - 1)) };
      return patchRun(withLabels(s, a.path, st), a.path, { labelCount: items.length });
    }
    case 'labels/saveError': {
      const prev = s.labels[a.path] ?? emptyLabels();
      const next = withLabels(s, a.path, { ...prev, saveError: a.error });
      return a.error ? { ...next, status: status(s, `labels not saved: ${a.error}`, 'error') } : next;
    }

    // ------------------------------------------------------------ diagnosis
    case 'diagnosis/started': {
      const d: DiagnosisLive = {
        ...emptyDiagnosis(),
        status: 'running',
        mode: a.mode,
        model: a.model,
        costLimit: a.costLimit,
        startedAt: a.at,
      };
      return patchRun({ ...s, diagnosis: { ...s.diagnosis, [a.path]: d }, reasoningFollow: true }, a.path, {
        diagnosis: 'running',
      });
    }
    case 'diagnosis/update': {
      const prev = s.diagnosis[a.path] ?? emptyDiagnosis();
      return { ...s, diagnosis: { ...s.diagnosis, [a.path]: applyUpdates(prev, a.updates) } };
    }
    case 'diagnosis/status': {
      const prev = s.diagnosis[a.path] ?? emptyDiagnosis();
      const ended = a.status === 'done' || a.status === 'failed';
      const d: DiagnosisLive = {
        ...prev,
        status: a.status,
        message: a.message ?? prev.message,
        endedAt: ended ? (a.at ?? prev.endedAt) : prev.endedAt,
      };
      return patchRun({ ...s, diagnosis: { ...s.diagnosis, [a.path]: d } }, a.path, { diagnosis: a.status });
    }

    // ------------------------------------------------------------ ask
    case 'ask/question': {
      const chat = s.ask[a.path] ?? emptyAsk();
      return withAsk(s, a.path, {
        ...chat,
        messages: [
          ...chat.messages,
          { role: 'user', text: a.text, tools: [] },
          { role: 'assistant', text: '', tools: [] },
        ],
        streaming: true,
        error: null,
      });
    }
    case 'ask/delta': {
      const chat = s.ask[a.path];
      const last = chat?.messages[chat.messages.length - 1];
      if (!chat || !last || last.role !== 'assistant') return s;
      const messages = [...chat.messages];
      messages[messages.length - 1] = {
        ...last,
        text: last.text + a.text,
        tools: a.tools.length ? [...last.tools, ...a.tools] : last.tools,
      };
      return withAsk(s, a.path, { ...chat, messages });
    }
    case 'ask/done': {
      const chat = s.ask[a.path];
      if (!chat) return s;
      return withAsk(s, a.path, { ...chat, streaming: false, error: a.error ?? null });
    }

    // ------------------------------------------------------------ app
    case 'status/set':
      return { ...s, status: status(s, a.text, a.level ?? 'info') };
    case 'status/clear':
      return s.status ? { ...s, status: null } : s;
    case 'llm/availability':
      return { ...s, llm: a.availability };
    case 'watch/state':
      return s.watching === a.watching ? s : { ...s, watching: a.watching };
    case 'app/quit':
      return { ...s, quitting: true };
  }
}

// ---------------------------------------------------------------- helpers

function status(s: AppState, text: string, level: 'info' | 'warn' | 'error') {
  return { text, level, seq: (s.status?.seq ?? 0) + 1 };
}

function addRuns(runs: RunEntry[], found: RunInfo[]): RunEntry[] {
  const byKey = new Map(runs.map((r) => [r.path, r]));
  for (const f of found) {
    const old = byKey.get(f.path);
    byKey.set(f.path, {
      agent: null,
      model: null,
      diagnosis: 'none',
      labelCount: null,
      ...old,
      ...f,
      // Found again: whatever went wrong before is over (a load error is set again on the next load).
      error: null,
      ...(old?.agent && !f.agent ? { agent: old.agent } : {}),
      ...(old?.model && !f.model ? { model: old.model } : {}),
    });
  }
  return [...byKey.values()].sort(byPath);
}

/** Replace the runs list keeping the Runs cursor on the same run. */
function keepRunsCursor(s: AppState, runs: RunEntry[]): AppState {
  const at = selectFilteredRuns(s)[s.runsCursor]?.path;
  const next = { ...s, runs };
  const list = selectFilteredRuns(next);
  const i = at === undefined ? -1 : list.findIndex((r) => r.path === at);
  return { ...next, runsCursor: i >= 0 ? i : clamp(s.runsCursor, 0, Math.max(0, list.length - 1)) };
}

function patchRun(s: AppState, path: string, patch: Partial<RunEntry>): AppState {
  const i = s.runs.findIndex((r) => r.path === path);
  if (i < 0) return s;
  const runs = [...s.runs];
  runs[i] = { ...runs[i], ...patch };
  return { ...s, runs };
}

function selectRun(s: AppState, path: string | null): AppState {
  const list = selectFilteredRuns(s);
  const i = path === null ? -1 : list.findIndex((r) => r.path === path);
  const runsCursor = i >= 0 ? i : s.runsCursor;
  if (path === s.selectedRun) return runsCursor === s.runsCursor ? s : { ...s, runsCursor };
  return {
    ...s,
    selectedRun: path,
    runsCursor,
    timeline: { ...s.timeline, cursor: 0 },
    stepScroll: 0,
    reasoningScroll: 0,
    reasoningFollow: true,
    search: { query: '', matches: [], current: -1, run: null },
  };
}

function liveFilter(s: AppState): AppState {
  return s.editing?.target === 'filter' ? reducer(s, { type: 'runs/filter', text: s.editing.text }) : s;
}

function withLabels(s: AppState, path: string, st: LabelsState): AppState {
  return { ...s, labels: { ...s.labels, [path]: st } };
}

function withAsk(s: AppState, path: string, chat: AskChat): AppState {
  return { ...s, ask: { ...s.ask, [path]: chat } };
}

function withCursor(st: LabelsState, labelId: string | undefined): LabelsState {
  const i = labelId === undefined ? -1 : st.items.findIndex((l) => l.id === labelId);
  return { ...st, cursor: i >= 0 ? i : clamp(st.cursor, 0, Math.max(0, st.items.length - 1)) };
}

function applyUpdates(d: DiagnosisLive, updates: DiagnosisUpdate[]): DiagnosisLive {
  let log: LogEntry[] | null = null;
  let next = d;
  for (const u of updates) {
    switch (u.kind) {
      case 'log':
        log ??= [...d.log];
        for (const e of u.entries) appendLog(log, e);
        break;
      case 'usage':
        next = {
          ...next,
          tokens: { input: u.input, output: u.output, cached: u.cached },
          cost: u.cost,
          calls: Math.max(next.calls, u.calls),
        };
        break;
      case 'compaction':
        next = { ...next, compactions: next.compactions + 1 };
        break;
      case 'label':
        next = { ...next, labelsRecorded: next.labelsRecorded + 1 };
        break;
      case 'message':
        next = { ...next, message: u.text };
        break;
    }
  }
  if (log) {
    if (log.length > LOG_LIMIT) log.splice(0, log.length - LOG_LIMIT);
    next = { ...next, log };
  }
  return next;
}

/** Streamed text of the same kind and call extends the last entry; everything else is a new entry. */
function appendLog(log: LogEntry[], e: LogEntry): void {
  const last = log[log.length - 1];
  if (last && (e.kind === 'reasoning' || e.kind === 'text') && last.kind === e.kind && last.call === e.call) {
    log[log.length - 1] = { ...last, text: last.text + e.text };
  } else {
    log.push(e);
  }
}
