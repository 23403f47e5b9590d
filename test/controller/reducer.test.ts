import { describe, expect, it } from 'vitest';
import { reducer, UNDO_LIMIT } from '../../src/controller/reducer.js';
import {
  logText,
  selectCurrentStep,
  selectFilteredRuns,
  selectLabelsByStep,
  selectTimelineRows,
} from '../../src/controller/selectors.js';
import {
  initialState,
  type Action,
  type AppState,
  type Label,
  type RunInfo,
} from '../../src/controller/state.js';
import { synthPayload } from './helpers.js';

const run = (p: string, extra: Partial<RunInfo> = {}): RunInfo => ({
  path: p,
  format: 'miniswe',
  steps: 3,
  verdict: null,
  size: 1,
  ...extra,
});
const apply = (s: AppState, ...as: Action[]) => as.reduce(reducer, s);
const label = (id: string, stepId: number, over: Partial<Label> = {}): Label => ({
  id,
  stepId,
  verdict: 'incorrect',
  reasoning: 'r',
  source: 'heuristic',
  accepted: false,
  changedByHuman: false,
  ...over,
});

/** A state with run "r" opened and loaded with n synthetic steps. */
function opened(n = 30): AppState {
  return apply(
    initialState(),
    { type: 'discovery/runs', runs: [run('r')] },
    { type: 'runs/select', path: 'r' },
    { type: 'load/done', path: 'r', payload: synthPayload(n) },
    { type: 'viewport/set', pane: 'timeline', height: 10 },
  );
}

describe('runs', () => {
  it('keeps runs in natural order, merges rediscovered runs and keeps the cursor on its run', () => {
    let s = apply(initialState(), { type: 'discovery/runs', runs: [run('/a/run10'), run('/a/run2')] });
    expect(s.runs.map((r) => r.path)).toEqual(['/a/run2', '/a/run10']);
    s = apply(s, { type: 'runs/move', move: 'down' });
    expect(s.runsCursor).toBe(1);
    // A run sorting before the cursor arrives: the cursor stays on /a/run10.
    s = apply(s, { type: 'discovery/runs', runs: [run('/a/run1'), run('/a/run2', { steps: 9 })] });
    expect(s.runs.map((r) => r.path)).toEqual(['/a/run1', '/a/run2', '/a/run10']);
    expect(s.runs[1].steps).toBe(9);
    expect(s.runsCursor).toBe(2);
  });

  it('filters by every word (path, format, agent, model) and clamps the cursor', () => {
    let s = apply(
      initialState(),
      {
        type: 'discovery/runs',
        runs: [run('/x/django-1'), run('/x/flask-2', { format: 'openhands' }), run('/x/django-3')],
      },
      { type: 'runs/move', move: 'bottom' },
    );
    expect(s.runsCursor).toBe(2);
    s = apply(s, { type: 'runs/filter', text: 'openhands' });
    expect(selectFilteredRuns(s).map((r) => r.path)).toEqual(['/x/flask-2']);
    expect(s.runsCursor).toBe(0);
    s = apply(s, { type: 'runs/filter', text: 'DJANGO 3' });
    expect(selectFilteredRuns(s).map((r) => r.path)).toEqual(['/x/django-3']);
  });

  it('live filter while typing; Esc clears it', () => {
    let s = apply(initialState(), { type: 'discovery/runs', runs: [run('/a'), run('/b')] });
    s = apply(s, { type: 'edit/begin', target: 'filter' }, { type: 'edit/input', text: 'b' });
    expect(selectFilteredRuns(s).map((r) => r.path)).toEqual(['/b']);
    s = apply(s, { type: 'edit/cancel' });
    expect(s.runsFilter).toBe('');
    expect(s.editing).toBeNull();
  });

  it('a removed run keeps its row with the error; load errors are per run', () => {
    let s = apply(initialState(), { type: 'discovery/runs', runs: [run('/a'), run('/b')] });
    s = apply(s, { type: 'runs/removed', path: '/a', error: 'deleted while watched' });
    expect(s.runs.map((r) => r.error)).toEqual(['deleted while watched', null]);
    s = apply(s, { type: 'load/failed', path: '/b', error: 'bad json' });
    expect(s.loaded['/b']).toMatchObject({ status: 'error', error: 'bad json', traj: null });
    expect(s.runs[1].error).toBe('bad json');
  });
});

describe('loaded runs and the timeline', () => {
  it('load/done fills the row (agent, model, steps) and moves within rows', () => {
    let s = opened(30);
    expect(s.runs[0]).toMatchObject({ agent: 'agent-x', model: 'model-y', steps: 30, error: null });
    s = apply(s, { type: 'timeline/move', move: 'pageDown' });
    expect(s.timeline.cursor).toBe(9);
    s = apply(s, { type: 'timeline/move', move: 'bottom' });
    expect(s.timeline.cursor).toBe(29);
    s = apply(s, { type: 'timeline/move', move: 'down' });
    expect(s.timeline.cursor).toBe(29);
    s = apply(s, { type: 'timeline/move', move: 'top' });
    expect(s.timeline.cursor).toBe(0);
  });

  it('a failed re-parse keeps the last good trajectory and the cursor', () => {
    let s = apply(opened(30), { type: 'timeline/goto', stepId: 20 });
    s = apply(s, { type: 'load/failed', path: 'r', error: 'truncated JSON' });
    expect(s.loaded.r.traj?.steps).toHaveLength(30);
    expect(s.loaded.r.error).toBe('truncated JSON');
    expect(selectCurrentStep(s)?.id).toBe(20);
    // A run that grew: re-parse keeps the cursor on the same row.
    s = apply(s, { type: 'load/done', path: 'r', payload: synthPayload(40) });
    expect(s.loaded.r).toMatchObject({ status: 'ready', error: null, version: 2 });
    expect(selectCurrentStep(s)?.id).toBe(20);
    expect(s.runs[0].steps).toBe(40);
    // A run that shrank: the cursor is clamped.
    s = apply(s, { type: 'load/done', path: 'r', payload: synthPayload(5) });
    expect(s.timeline.cursor).toBe(4);
  });

  it('tree/flat toggle keeps the selected step', () => {
    let s = apply(opened(12), { type: 'timeline/goto', stepId: 8 });
    s = apply(s, { type: 'timeline/mode' });
    expect(s.timeline.mode).toBe('tree');
    expect(selectTimelineRows(s)).not.toBe(s.loaded.r.flatRows);
    expect(selectCurrentStep(s)?.id).toBe(8);
    s = apply(s, { type: 'timeline/mode' });
    expect(s.timeline.mode).toBe('flat');
    expect(selectCurrentStep(s)?.id).toBe(8);
  });

  it('jumping to a step that does not exist says so and stays', () => {
    const s = apply(opened(5), { type: 'timeline/goto', stepId: 99 });
    expect(s.timeline.cursor).toBe(0);
    expect(s.status).toMatchObject({ text: 'no step 99 in this run', level: 'warn' });
  });

  it('selecting another run resets the timeline and the search', () => {
    let s = apply(opened(20), { type: 'timeline/goto', stepId: 10 }, { type: 'search/set', query: 'needle' });
    s = apply(s, { type: 'discovery/runs', runs: [run('q')] }, { type: 'runs/select', path: 'q' });
    expect(s.selectedRun).toBe('q');
    expect(s.timeline.cursor).toBe(0);
    expect(s.search.query).toBe('');
  });
});

describe('search', () => {
  it('finds in actions, observations and reasoning; n/N cycle and move the cursor', () => {
    let s = apply(opened(30), { type: 'search/set', query: 'NEEDLE' });
    expect(s.search.matches.map((m) => [m.stepId, m.field])).toEqual([
      [4, 'reasoning'],
      [8, 'observation'],
    ]);
    expect(selectCurrentStep(s)?.id).toBe(4);
    s = apply(s, { type: 'search/next', delta: 1 });
    expect(selectCurrentStep(s)?.id).toBe(8);
    s = apply(s, { type: 'search/next', delta: 1 });
    expect(selectCurrentStep(s)?.id).toBe(4);
    s = apply(s, { type: 'search/next', delta: -1 });
    expect(selectCurrentStep(s)?.id).toBe(8);
  });

  it('starts from the cursor and reports no match', () => {
    let s = apply(opened(30), { type: 'timeline/goto', stepId: 5 }, { type: 'search/set', query: 'needle' });
    expect(s.search.current).toBe(1);
    s = apply(s, { type: 'search/set', query: 'zzz-nothing' });
    expect(s.search.matches).toEqual([]);
    expect(s.status?.text).toBe('no match for "zzz-nothing"');
  });
});

describe('focus, overlays and text entry', () => {
  it('tab cycles all panes both ways', () => {
    let s = initialState();
    s = apply(s, { type: 'focus/cycle', delta: -1 });
    expect(s.focus).toBe('ask');
    s = apply(s, { type: 'focus/cycle', delta: 1 }, { type: 'focus/cycle', delta: 1 });
    expect(s.focus).toBe('timeline');
  });

  it('the overlay stack: same kind replaces, close pops, prompt overlays end with their text entry', () => {
    let s = apply(
      initialState(),
      { type: 'overlay/open', overlay: { kind: 'help', scroll: 0 } },
      { type: 'overlay/open', overlay: { kind: 'help', scroll: 3 } },
    );
    expect(s.overlays).toEqual([{ kind: 'help', scroll: 3 }]);
    s = apply(
      s,
      { type: 'overlay/open', overlay: { kind: 'search' } },
      { type: 'edit/begin', target: 'search' },
    );
    s = apply(
      s,
      { type: 'edit/input', text: 'ab' },
      { type: 'edit/caret', move: 'left' },
      { type: 'edit/input', text: 'X' },
    );
    expect(s.editing).toMatchObject({ text: 'aXb', caret: 2 });
    s = apply(s, { type: 'edit/erase' });
    expect(s.editing).toMatchObject({ text: 'ab', caret: 1 });
    s = apply(s, { type: 'edit/end' });
    expect(s.editing).toBeNull();
    expect(s.overlays.map((o) => o.kind)).toEqual(['help']);
    s = apply(s, { type: 'overlay/close' }, { type: 'overlay/close' });
    expect(s.overlays).toEqual([]);
  });
});

describe('labels', () => {
  const a = [label('heur-1', 1), label('heur-5', 5, { verdict: 'unuseful' })];

  it('commit pushes undo, undo/redo walk the history, a new commit drops redo', () => {
    let s = apply(opened(10), { type: 'labels/loaded', path: 'r', items: a, file: null, origin: null });
    const b = [a[0], { ...a[1], accepted: true }];
    const c = [b[0]];
    s = apply(
      s,
      { type: 'labels/commit', path: 'r', items: b },
      { type: 'labels/commit', path: 'r', items: c },
    );
    expect(s.labels.r.items).toBe(c);
    expect(s.runs[0].labelCount).toBe(1);
    s = apply(s, { type: 'labels/undo', path: 'r' });
    expect(s.labels.r.items).toBe(b);
    s = apply(s, { type: 'labels/undo', path: 'r' });
    expect(s.labels.r.items).toBe(a);
    expect(apply(s, { type: 'labels/undo', path: 'r' })).toBe(s);
    s = apply(s, { type: 'labels/redo', path: 'r' });
    expect(s.labels.r.items).toBe(b);
    s = apply(s, { type: 'labels/commit', path: 'r', items: [] });
    expect(s.labels.r.redo).toEqual([]);
  });

  it('undo history is capped', () => {
    let s = opened(3);
    for (let i = 0; i < UNDO_LIMIT + 20; i++) {
      s = apply(s, { type: 'labels/commit', path: 'r', items: [label(`h${i}`, 1)] });
    }
    expect(s.labels.r.undo).toHaveLength(UNDO_LIMIT);
  });

  it('machine labels replace untouched machine labels only', () => {
    let s = apply(opened(10), {
      type: 'labels/loaded',
      path: 'r',
      items: [
        label('heur-1', 1, { accepted: true }),
        label('heur-2', 2),
        label('h1', 3, { source: 'human' }),
      ],
      file: null,
      origin: null,
    });
    s = apply(s, {
      type: 'labels/machine',
      path: 'r',
      items: [label('llm-1', 1, { source: 'llm' }), label('llm-4', 4, { source: 'llm' })],
    });
    expect(s.labels.r.items.map((l) => l.id)).toEqual(['heur-1', 'h1', 'llm-4']);
    expect([...selectLabelsByStep(s).keys()]).toEqual([1, 3, 4]);
  });

  it('the labels cursor follows the committed label', () => {
    let s = apply(opened(10), { type: 'labels/loaded', path: 'r', items: a, file: null, origin: null });
    s = apply(s, { type: 'labels/commit', path: 'r', items: [...a, label('h1', 9)], cursorLabelId: 'h1' });
    expect(s.labels.r.cursor).toBe(2);
  });
});

describe('diagnosis live state', () => {
  it('streams, counts and ends; the row follows the status', () => {
    let s = apply(opened(3), {
      type: 'diagnosis/started',
      path: 'r',
      mode: 'llm',
      model: 'm',
      costLimit: 3,
      at: 1,
    });
    expect(s.runs[0].diagnosis).toBe('running');
    s = apply(s, {
      type: 'diagnosis/update',
      path: 'r',
      updates: [
        { kind: 'log', entries: [{ kind: 'reasoning', call: 1, text: 'Let me ' }] },
        { kind: 'log', entries: [{ kind: 'reasoning', call: 1, text: 'look.' }] },
        { kind: 'log', entries: [{ kind: 'tool_call', call: 1, text: 'view_step step=2' }] },
        { kind: 'log', entries: [{ kind: 'reasoning', call: 2, text: 'Now.' }] },
        { kind: 'usage', input: 100, output: 20, cached: 0, cost: 0.01, calls: 2 },
        { kind: 'compaction' },
        { kind: 'label' },
      ],
    });
    const d = s.diagnosis.r;
    expect(d.log.map((e) => [e.kind, e.call, e.text])).toEqual([
      ['reasoning', 1, 'Let me look.'],
      ['tool_call', 1, 'view_step step=2'],
      ['reasoning', 2, 'Now.'],
    ]);
    expect(logText(d.log)).toBe('Let me look.Now.');
    expect(d).toMatchObject({
      tokens: { input: 100, output: 20 },
      cost: 0.01,
      calls: 2,
      compactions: 1,
      labelsRecorded: 1,
    });
    s = apply(s, { type: 'diagnosis/status', path: 'r', status: 'paused' });
    expect(s.runs[0].diagnosis).toBe('paused');
    s = apply(s, { type: 'diagnosis/status', path: 'r', status: 'done', message: '2 labels', at: 9 });
    expect(s.diagnosis.r).toMatchObject({ status: 'done', message: '2 labels', endedAt: 9, startedAt: 1 });
  });
});

describe('ask chat', () => {
  it('question, streamed answer with tools, done', () => {
    let s = apply(opened(3), { type: 'ask/question', path: 'r', text: 'why?' });
    s = apply(s, { type: 'ask/delta', path: 'r', text: 'Because', tools: ['view_step step=2'] });
    s = apply(
      s,
      { type: 'ask/delta', path: 'r', text: ' step 2.', tools: [] },
      { type: 'ask/done', path: 'r' },
    );
    expect(s.ask.r.messages).toEqual([
      { role: 'user', text: 'why?', tools: [] },
      { role: 'assistant', text: 'Because step 2.', tools: ['view_step step=2'] },
    ]);
    expect(s.ask.r.streaming).toBe(false);
  });
});

it('returns the same state for no-ops (so the store does not notify)', () => {
  const s = opened(3);
  expect(reducer(s, { type: 'focus/set', pane: s.focus })).toBe(s);
  expect(reducer(s, { type: 'timeline/move', move: 'up' })).toBe(s);
  expect(reducer(s, { type: 'runs/update', path: 'nope', patch: { steps: 1 } })).toBe(s);
  expect(reducer(s, { type: 'status/clear' })).toBe(s);
});
