// User intents. Keys are routed by keymap.routeKey to a pure action (dispatched here) or a command id
// (run here, usually through the controller). Label edits are written to disk before the state shows
// them, one after another per run, so nothing the screen shows is lost on Ctrl-C or a crash.
import { isCodetracerError } from '../core/io/errors.js';
import { PROFILE_NAMES, type ProfileName } from '../core/profiles/schemas.js';
import type { Controller } from './controller.js';
import { commandAction, type CommandId, type Routed } from './keymap.js';
import { applyEdit, type LabelEdit } from './labels.js';
import {
  selectCursorStepId,
  selectLabelsState,
  selectRunAtCursor,
  selectTargetLabel,
  selectTopOverlay,
  selectTimelineRows,
} from './selectors.js';
import { emptyLabels, type Action, type AppState, type Label, type LabelVerdict } from './state.js';
import type { Store } from './store.js';

export interface CommandsOptions {
  /** Called once the app may exit (after saves are flushed and the controller closed). */
  onQuit?: () => void;
}

export interface Commands {
  /** Execute what routeKey returned. */
  handle(r: Routed): Promise<void>;
  /** Run a command by id (the keymap's ids). */
  run(id: CommandId): Promise<void>;
  selectRun(path: string): Promise<void>;
  startDiagnosis(path?: string): Promise<void>;
  /** Pause a running diagnosis, resume a paused one. */
  togglePause(path?: string): void;
  abortDiagnosis(path?: string): Promise<void>;
  acceptLabel(labelId?: string): Promise<void>;
  overrideLabel(labelId?: string, verdict?: LabelVerdict): Promise<void>;
  editReasoning(labelId: string, text: string): Promise<void>;
  addLabel(stepId?: number, verdict?: LabelVerdict, reasoning?: string): Promise<Label | null>;
  deleteLabel(labelId?: string): Promise<void>;
  undo(path?: string): Promise<void>;
  redo(path?: string): Promise<void>;
  exportLabels(profiles?: readonly ProfileName[], folder?: string): Promise<void>;
  replayRequest(): void;
  ask(question: string): Promise<void>;
  /** Enter pressed in text entry. */
  submitEdit(): Promise<void>;
  quit(): Promise<void>;
  /** Resolves when queued label writes have finished (tests, exit). */
  settled(): Promise<void>;
}

export function createCommands(
  store: Store<AppState, Action>,
  controller: Controller,
  opts: CommandsOptions = {},
): Commands {
  const dispatch = (a: Action) => store.dispatch(a);
  const state = () => store.getState();
  const say = (text: string, level: 'info' | 'warn' | 'error' = 'info') =>
    dispatch({ type: 'status/set', text, level });
  const chains = new Map<string, Promise<unknown>>();
  let quitting = false;

  /** Queue `fn` after the run's earlier label writes; it sees the state they left. */
  const serial = <T>(path: string, fn: () => Promise<T>): Promise<T> => {
    const prev = chains.get(path) ?? Promise.resolve();
    const p = prev.then(fn, fn);
    chains.set(
      path,
      p.catch(() => undefined),
    );
    return p;
  };

  const currentRun = (path?: string): string | null => {
    const p = path ?? state().selectedRun;
    if (p === null) say('no run open: pick one in Runs and press Enter', 'warn');
    return p;
  };

  /** Compute, save, then show: a label edit. */
  const edit = (path: string, e: LabelEdit): Promise<Label | null> =>
    serial(path, async () => {
      const st = state().labels[path] ?? emptyLabels();
      const r = applyEdit(st.items, e);
      if (r.noop) {
        say(r.noop, 'warn');
        return r.items.find((l) => l.id === r.focusId) ?? null;
      }
      try {
        await controller.saveLabels(path, r.items);
      } catch (err) {
        dispatch({ type: 'labels/saveError', path, error: errText(err) });
        return null;
      }
      dispatch({
        type: 'labels/commit',
        path,
        items: r.items,
        ...(r.focusId ? { cursorLabelId: r.focusId } : {}),
      });
      return r.items.find((l) => l.id === r.focusId) ?? null;
    });

  const history = (path: string, dir: 'undo' | 'redo') =>
    serial(path, async () => {
      const st = state().labels[path];
      const stack = dir === 'undo' ? st?.undo : st?.redo;
      if (!stack?.length) {
        say(`nothing to ${dir}`, 'warn');
        return;
      }
      try {
        await controller.saveLabels(path, stack[stack.length - 1]);
      } catch (err) {
        dispatch({ type: 'labels/saveError', path, error: errText(err) });
        return;
      }
      dispatch({ type: dir === 'undo' ? 'labels/undo' : 'labels/redo', path });
    });

  const target = (labelId?: string): { path: string; label: Label } | null => {
    const path = currentRun();
    if (path === null) return null;
    const s = state();
    const label = labelId
      ? (selectLabelsState(s).items.find((l) => l.id === labelId) ?? null)
      : selectTargetLabel(s);
    if (!label) {
      say('no label here: + adds one on the selected step', 'warn');
      return null;
    }
    return { path, label };
  };

  const cmds: Commands = {
    async handle(r) {
      if (!r) return;
      if (r.kind === 'action') dispatch(r.action);
      else await cmds.run(r.command.id);
    },

    async run(id) {
      const s = state();
      const pure = commandAction(s, id);
      if (pure) {
        dispatch(pure);
        return;
      }
      switch (id) {
        case 'app.quit':
        case 'app.forceQuit':
          return cmds.quit();
        case 'confirm.yes': {
          const top = selectTopOverlay(s);
          dispatch({ type: 'overlay/close' });
          if (top?.kind !== 'confirm') return;
          if (top.target === 'quit') return cmds.quit();
          if (top.target === 'abortDiagnosis') return cmds.abortDiagnosis();
          if (top.target === 'deleteLabel') return cmds.deleteLabel();
          if (top.target === 'replay' && top.replay)
            return controller.startReplay(top.replay.path, top.replay.stepId);
          return;
        }
        case 'nav.open':
          return open(s);
        case 'runs.refresh':
          await controller.discover(controller.roots());
          return;
        case 'diagnosis.start':
          return cmds.startDiagnosis();
        case 'diagnosis.pause':
          return cmds.togglePause();
        case 'diagnosis.abort':
          return cmds.abortDiagnosis();
        case 'labels.accept':
          return cmds.acceptLabel();
        case 'labels.override':
          return cmds.overrideLabel();
        case 'labels.edit': {
          const t = target();
          if (t)
            dispatch({
              type: 'edit/begin',
              target: 'reasoning',
              text: t.label.reasoning,
              labelId: t.label.id,
            });
          return;
        }
        case 'labels.add': {
          const l = await cmds.addLabel();
          // A new label wants its reason: start typing it right away.
          if (l && l.source === 'human' && !l.reasoning) {
            dispatch({ type: 'edit/begin', target: 'reasoning', text: '', labelId: l.id });
          }
          return;
        }
        case 'labels.delete':
          return cmds.deleteLabel();
        case 'labels.undo':
          return cmds.undo();
        case 'labels.redo':
          return cmds.redo();
        case 'export.open':
          if (currentRun() === null) return;
          dispatch({
            type: 'overlay/open',
            overlay: {
              kind: 'export',
              profiles: Object.fromEntries(PROFILE_NAMES.map((p) => [p, true])) as Record<
                ProfileName,
                boolean
              >,
              folder: '',
              row: 0,
            },
          });
          return;
        case 'export.toggle': {
          const top = selectTopOverlay(s);
          if (top?.kind !== 'export') return;
          if (top.row >= PROFILE_NAMES.length) {
            dispatch({ type: 'edit/begin', target: 'exportFolder', text: top.folder });
            return;
          }
          const p = PROFILE_NAMES[top.row];
          dispatch({
            type: 'overlay/update',
            overlay: { ...top, profiles: { ...top.profiles, [p]: !top.profiles[p] } },
          });
          return;
        }
        case 'export.editFolder': {
          const top = selectTopOverlay(s);
          if (top?.kind === 'export')
            dispatch({ type: 'edit/begin', target: 'exportFolder', text: top.folder });
          return;
        }
        case 'export.run': {
          const top = selectTopOverlay(s);
          if (top?.kind !== 'export') return;
          const chosen = PROFILE_NAMES.filter((p) => top.profiles[p]);
          if (!chosen.length) {
            say('choose at least one profile (Space toggles)', 'warn');
            return;
          }
          dispatch({ type: 'overlay/close' });
          return cmds.exportLabels(chosen, top.folder);
        }
        case 'replay.request':
          return cmds.replayRequest();
        case 'memory.show': {
          const p = currentRun();
          if (p === null) return;
          try {
            const v = await controller.memoryView(p);
            if (!v) return say('open the run first (Enter in Runs)', 'warn');
            dispatch({ type: 'overlay/open', overlay: { kind: 'memory', ...v, scroll: 0 } });
          } catch (e) {
            say(`memory: ${isCodetracerError(e) ? e.oneLine() : (e as Error).message}`, 'error');
          }
          return;
        }
        case 'edit.submit':
          return cmds.submitEdit();
        default:
          return;
      }
    },

    async selectRun(path) {
      dispatch({ type: 'runs/select', path });
      await controller.open(path);
    },

    async startDiagnosis(path) {
      const p = currentRun(path);
      if (p === null) return;
      await controller.startDiagnosis(p);
    },

    togglePause(path) {
      const p = currentRun(path);
      if (p === null) return;
      if (controller.resumeDiagnosis(p)) return;
      if (!controller.pauseDiagnosis(p)) say('no diagnosis running for this run', 'warn');
    },

    async abortDiagnosis(path) {
      const p = currentRun(path);
      if (p === null) return;
      if (!(await controller.abortDiagnosis(p))) say('no diagnosis running for this run', 'warn');
    },

    async acceptLabel(labelId) {
      const t = target(labelId);
      if (t) await edit(t.path, { op: 'accept', id: t.label.id });
    },

    async overrideLabel(labelId, verdict) {
      const t = target(labelId);
      if (t) await edit(t.path, { op: 'override', id: t.label.id, ...(verdict ? { verdict } : {}) });
    },

    async editReasoning(labelId, text) {
      const t = target(labelId);
      if (t) await edit(t.path, { op: 'reasoning', id: t.label.id, text });
    },

    async addLabel(stepId, verdict, reasoning) {
      const path = currentRun();
      if (path === null) return null;
      const s = state();
      const id = stepId ?? selectCursorStepId(s);
      if (id === null) {
        say('no step selected', 'warn');
        return null;
      }
      const stageId = selectTimelineRows(s).find((r) => r.stepId === id)?.stageId ?? undefined;
      return edit(path, {
        op: 'add',
        stepId: id,
        ...(verdict ? { verdict } : {}),
        ...(reasoning !== undefined ? { reasoning } : {}),
        ...(stageId !== undefined && stageId !== null ? { stageId } : {}),
      });
    },

    async deleteLabel(labelId) {
      const t = target(labelId);
      if (t) await edit(t.path, { op: 'delete', id: t.label.id });
    },

    async undo(path) {
      const p = currentRun(path);
      if (p !== null) await history(p, 'undo');
    },

    async redo(path) {
      const p = currentRun(path);
      if (p !== null) await history(p, 'redo');
    },

    async exportLabels(profiles = PROFILE_NAMES, folder = '') {
      const path = currentRun();
      if (path === null) return;
      // Export what is on disk and on screen: wait for pending label writes first.
      await (chains.get(path) ?? Promise.resolve());
      const items = state().labels[path]?.items ?? [];
      try {
        const r = await controller.exportLabels(path, items, profiles, folder);
        if (r.warnings.length) say(`exported to ${r.dir} (${r.warnings[0]})`, 'warn');
      } catch (e) {
        say(`export failed: ${errText(e)}`, 'error');
      }
    },

    async replayRequest() {
      const path = currentRun();
      if (path === null) return;
      // "Replay from here" on a label in the Labels pane, else from the timeline's step.
      const s0 = state();
      const stepId = s0.focus === 'labels' ? (selectTargetLabel(s0)?.stepId ?? null) : selectCursorStepId(s0);
      if (stepId === null) {
        say('select a step to replay from', 'warn');
        return;
      }
      // The plan first; nothing runs until it is confirmed.
      const lines = await controller.requestReplay(path, stepId);
      if (!lines) return;
      dispatch({
        type: 'overlay/open',
        overlay: {
          kind: 'confirm',
          target: 'replay',
          message: `Replay from step ${stepId} as planned above? (y/n)`,
          lines,
          replay: { path, stepId },
        },
      });
    },

    async ask(question) {
      const path = currentRun();
      if (path === null || !question.trim()) return;
      await controller.ask(path, question.trim());
    },

    async submitEdit() {
      const s = state();
      const e = s.editing;
      if (!e) return;
      switch (e.target) {
        case 'filter':
          dispatch({ type: 'edit/end' });
          return;
        case 'search':
          dispatch({ type: 'batch', actions: [{ type: 'edit/end' }, { type: 'search/set', query: e.text }] });
          return;
        case 'jump': {
          const n = Number.parseInt(e.text.trim(), 10);
          const actions: Action[] = [{ type: 'edit/end' }];
          if (Number.isFinite(n))
            actions.push({ type: 'timeline/goto', stepId: n }, { type: 'focus/set', pane: 'timeline' });
          else actions.push({ type: 'status/set', text: `not a step number: "${e.text}"`, level: 'warn' });
          dispatch({ type: 'batch', actions });
          return;
        }
        case 'reasoning':
          // Saved first; the text entry closes once it is on disk.
          if (e.labelId) await cmds.editReasoning(e.labelId, e.text);
          if (state().editing === e) dispatch({ type: 'edit/end' });
          return;
        case 'ask':
          dispatch({ type: 'edit/end' });
          await cmds.ask(e.text);
          return;
        case 'exportFolder': {
          const top = selectTopOverlay(s);
          const actions: Action[] = [{ type: 'edit/end' }];
          if (top?.kind === 'export')
            actions.push({ type: 'overlay/update', overlay: { ...top, folder: e.text.trim() } });
          dispatch({ type: 'batch', actions });
          return;
        }
      }
    },

    async quit() {
      if (quitting) return;
      quitting = true;
      await cmds.settled();
      await controller.close();
      dispatch({ type: 'app/quit' });
      store.flush();
      opts.onQuit?.();
    },

    async settled() {
      await Promise.allSettled([...chains.values()]);
    },
  };

  async function open(s: AppState): Promise<void> {
    switch (s.focus) {
      case 'runs': {
        const r = selectRunAtCursor(s);
        if (!r) return;
        dispatch({ type: 'focus/set', pane: 'timeline' });
        await cmds.selectRun(r.path);
        return;
      }
      case 'timeline':
        dispatch({ type: 'focus/set', pane: 'step' });
        return;
      case 'labels': {
        const l = selectLabelsState(s).items[selectLabelsState(s).cursor];
        if (l) {
          dispatch({
            type: 'batch',
            actions: [
              { type: 'timeline/goto', stepId: l.stepId },
              { type: 'focus/set', pane: 'timeline' },
            ],
          });
        }
        return;
      }
      case 'ask':
        if (s.selectedRun !== null) dispatch({ type: 'edit/begin', target: 'ask' });
        return;
      default:
        return;
    }
  }

  return cmds;
}

/** One line naming the file when the error knows it. */
function errText(e: unknown): string {
  if (isCodetracerError(e)) return e.oneLine();
  return (e instanceof Error ? e.message : String(e)).split('\n')[0];
}
