// Controller events -> store actions: the only place the two meet. Streaming events (diagnosis deltas,
// tool calls, usage; ask deltas) are buffered and dispatched as one batch per macrotask, so a fast stream
// costs one reducer pass and (with the store's frame coalescing) one render per frame. Every other event
// first flushes the buffer, so order is kept (the last delta lands before "done").
import { briefArgs } from './text.js';
import type { Controller } from './controller.js';
import type { DiagnosisEvent } from '../core/diagnosis/llm/events.js';
import type { Action, DiagnosisUpdate, LogEntry } from './state.js';
import type { Store } from './store.js';
import type { AppState } from './state.js';

export interface Bridge {
  /** Dispatch what is buffered now. */
  flush(): void;
  /** Stop listening (flushes first). */
  disconnect(): void;
}

export function connectBridge(
  controller: Controller,
  store: Store<AppState, Action>,
  now = () => Date.now(),
): Bridge {
  const diag = new Map<string, DiagnosisUpdate[]>();
  const ask = new Map<string, { text: string; tools: string[] }>();
  let scheduled: NodeJS.Immediate | null = null;

  const flush = () => {
    if (scheduled) clearImmediate(scheduled);
    scheduled = null;
    if (!diag.size && !ask.size) return;
    const actions: Action[] = [];
    for (const [path, updates] of diag) actions.push({ type: 'diagnosis/update', path, updates });
    for (const [path, d] of ask) actions.push({ type: 'ask/delta', path, text: d.text, tools: d.tools });
    diag.clear();
    ask.clear();
    store.dispatch(actions.length === 1 ? actions[0] : { type: 'batch', actions });
  };
  const later = () => {
    scheduled ??= setImmediate(flush);
  };
  /** A non-streaming event: keep order with whatever is buffered. */
  const send = (a: Action) => {
    flush();
    store.dispatch(a);
  };

  const pushUpdate = (path: string, u: DiagnosisUpdate) => {
    const list = diag.get(path) ?? [];
    const last = list[list.length - 1];
    if (u.kind === 'log' && last?.kind === 'log') {
      for (const e of u.entries) appendEntry(last.entries, e);
    } else if (u.kind === 'usage' && last?.kind === 'usage') {
      list[list.length - 1] = u;
    } else {
      list.push(u.kind === 'log' ? { kind: 'log', entries: [...u.entries] } : u);
    }
    diag.set(path, list);
    later();
  };

  const handlers: { [K in keyof import('./events.js').ControllerEvents]?: (...a: any[]) => void } = {
    'discovery:started': (e) => send({ type: 'discovery/started', roots: e.roots }),
    'discovery:runs': (e) => send({ type: 'discovery/runs', runs: e.runs }),
    'discovery:problem': () => send({ type: 'discovery/problem' }),
    'discovery:done': (e) =>
      send({
        type: 'batch',
        actions: [
          { type: 'discovery/done' },
          { type: 'status/set', text: `${e.count} run${e.count === 1 ? '' : 's'} found`, level: 'info' },
        ],
      }),
    'discovery:error': (e) => send({ type: 'discovery/failed', error: e.message }),
    'run:loading': (e) => send({ type: 'load/started', path: e.path }),
    'run:loaded': (e) => send({ type: 'load/done', path: e.path, payload: e.payload }),
    'run:error': (e) => send({ type: 'load/failed', path: e.path, error: e.message }),
    'run:removed': (e) => send({ type: 'runs/removed', path: e.path, error: e.message }),
    'labels:loaded': (e) =>
      send({ type: 'labels/loaded', path: e.path, items: e.items, file: e.file, origin: e.origin }),
    'labels:machine': (e) => send({ type: 'labels/machine', path: e.path, items: e.items }),
    'diagnosis:started': (e) =>
      send({
        type: 'diagnosis/started',
        path: e.path,
        mode: e.mode,
        model: e.model,
        costLimit: e.costLimit,
        at: now(),
      }),
    'diagnosis:event': (e: { path: string; event: DiagnosisEvent }) => {
      for (const u of updatesOf(e.event)) pushUpdate(e.path, u);
    },
    'diagnosis:status': (e) => {
      const actions: Action[] = [
        { type: 'diagnosis/status', path: e.path, status: e.status, message: e.message, at: now() },
      ];
      if (e.message) {
        actions.push({
          type: 'status/set',
          text: e.message,
          level: e.status === 'failed' ? 'error' : 'info',
        });
      }
      send({ type: 'batch', actions });
    },
    'ask:started': (e) => send({ type: 'ask/question', path: e.path, text: e.question }),
    'ask:delta': (e: { path: string; text: string; tools: string[] }) => {
      const cur = ask.get(e.path) ?? { text: '', tools: [] };
      cur.text += e.text;
      cur.tools.push(...e.tools);
      ask.set(e.path, cur);
      later();
    },
    'ask:done': (e) => send({ type: 'ask/done', path: e.path, ...(e.error ? { error: e.error } : {}) }),
    'export:done': (e) =>
      send({ type: 'status/set', text: `exported ${e.files.length} file(s) to ${e.dir}`, level: 'info' }),
    status: (e) => send({ type: 'status/set', text: e.text, level: e.level }),
    llm: (e) => send({ type: 'llm/availability', availability: e }),
    watch: (e) => send({ type: 'watch/state', watching: e.watching }),
  };

  const offs: (() => void)[] = [];
  for (const [name, fn] of Object.entries(handlers)) {
    const ev = name as keyof import('./events.js').ControllerEvents;
    controller.on(ev, fn as never);
    offs.push(() => controller.off(ev, fn as never));
  }
  return {
    flush,
    disconnect() {
      flush();
      for (const off of offs) off();
    },
  };
}

function appendEntry(list: LogEntry[], e: LogEntry): void {
  const last = list[list.length - 1];
  if (last && (e.kind === 'reasoning' || e.kind === 'text') && last.kind === e.kind && last.call === e.call) {
    list[list.length - 1] = { ...last, text: last.text + e.text };
  } else list.push(e);
}

const log = (kind: LogEntry['kind'], call: number, text: string): DiagnosisUpdate => ({
  kind: 'log',
  entries: [{ kind, call, text }],
});

/** What one loop event changes in the Reasoning pane. */
export function updatesOf(e: DiagnosisEvent): DiagnosisUpdate[] {
  switch (e.type) {
    case 'step_start':
      return [];
    case 'reasoning_delta':
      return [log('reasoning', e.call, e.text)];
    case 'text_delta':
      return [log('text', e.call, e.text)];
    case 'retry':
      return [log('retry', e.call, `retry ${e.attempt} in ${(e.delayMs / 1000).toFixed(1)} s: ${e.reason}`)];
    case 'usage':
      return [
        {
          kind: 'usage',
          input: e.totalUsage.input,
          output: e.totalUsage.output,
          cached: e.totalUsage.cached,
          cost: e.totalCost,
          calls: e.call,
        },
      ];
    case 'tool_call':
      return [log('tool_call', e.call, `${e.name} ${briefArgs(e.arguments)}`)];
    case 'tool_result': {
      const first = e.preview.split('\n').find((l) => l.trim()) ?? '';
      return [
        log(
          'tool_result',
          e.call,
          `${e.ok ? '✓' : '✗'} ${e.name}: ${e.chars} chars${first ? ` — ${first.slice(0, 80)}` : ''}`,
        ),
      ];
    }
    case 'label':
      return [
        log(
          'label',
          e.label.call,
          `step ${e.label.stepId}: ${e.label.verdict} — ${e.label.reasoning.split('\n')[0]}`,
        ),
        { kind: 'label' },
      ];
    case 'compaction':
      return [
        log(
          'compaction',
          0,
          `context compacted (tier ${e.tier}): ${e.tokensBefore} → ${e.tokensAfter} tokens`,
        ),
        { kind: 'compaction' },
      ];
    case 'budget_warning':
      return [log('warning', 0, e.message), { kind: 'message', text: e.message }];
    case 'error':
      return [log('error', 0, e.message)];
    case 'memory':
      return [log(e.warning ? 'warning' : 'info', 0, e.warning ?? `memory: ${e.stored} lesson(s) stored`)];
    case 'done':
      return [];
  }
}
