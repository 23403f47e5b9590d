// Running one diagnosis for the controller: the heuristic (no key), or the LLM loop through a pause gate.
// While paused, loop events are held and replayed on resume; the loop itself waits at its next call.
import { heuristicDiagnosis } from '../core/analyze/diagnose.js';
import type { ResolvedConfig } from '../core/config/resolve.js';
import type { ChatModel } from '../core/diagnosis/llm/controller/loop.js';
import type { DiagnosisEvent } from '../core/diagnosis/llm/events.js';
import { analyzeWithLlm } from '../core/diagnosis/llm/index.js';
import { openMemory } from '../core/memory/open.js';
import { isCodetracerError } from '../core/io/errors.js';
import { priceFor } from '../core/llm/cost.js';
import type { ProfileName } from '../core/profiles/schemas.js';
import { writeProfiles } from '../core/profiles/write.js';
import type { ControllerEvents } from './events.js';
import { labelsFromDiagnosis } from './labels.js';
import type { OpenedRun } from './load.js';
import { PauseGate, gatedModel } from './pause.js';
import type { Label } from './state.js';

/** What a diagnosis needs from the controller. */
export interface DiagnosisHost {
  address: string;
  config: ResolvedConfig;
  emit<K extends keyof ControllerEvents>(event: K, ...args: ControllerEvents[K]): boolean;
  outputDir(): Promise<string>;
  sendMachine(items: Label[], origin: string): void;
  /** The connected model (connects on first use). */
  connect(signal: AbortSignal): Promise<ChatModel>;
  profiles: ProfileName[];
  answerProfile: ProfileName;
  /** The environment (data dir of memory); without it a diagnosis neither uses nor updates memory. */
  env?: NodeJS.ProcessEnv;
}

export interface ActiveDiagnosis {
  ctrl: AbortController;
  gate: PauseGate;
  /** Events held while paused ("stop streaming into the UI"), replayed on resume. */
  held: (() => void)[];
  done: Promise<void>;
}

export function flushHeld(run: ActiveDiagnosis): void {
  const held = run.held;
  run.held = [];
  for (const fn of held) fn();
}

export async function runHeuristic(host: DiagnosisHost, o: OpenedRun): Promise<void> {
  const address = host.address;
  host.emit('diagnosis:started', { path: address, mode: 'heuristic', model: 'heuristic', costLimit: null });
  try {
    const d = await heuristicDiagnosis(o.payload.traj);
    const items = labelsFromDiagnosis(d, 'heuristic');
    host.sendMachine(items, 'heuristic diagnosis');
    let where = '';
    try {
      const dir = await host.outputDir();
      await writeProfiles(d, o.payload.traj, dir, host.profiles, { address });
      where = ` (written to ${dir})`;
    } catch (e) {
      where = ` (outputs not written: ${(e as Error).message.split('\n')[0]})`;
    }
    host.emit('diagnosis:status', {
      path: address,
      status: 'done',
      message: `heuristic: ${items.length} label(s)${where}`,
    });
  } catch (e) {
    host.emit('diagnosis:status', { path: address, status: 'failed', message: (e as Error).message });
  }
}

export async function runLlm(host: DiagnosisHost, o: OpenedRun, run: ActiveDiagnosis): Promise<void> {
  const address = host.address;
  const cfg = host.config;
  let client: ChatModel;
  try {
    client = await host.connect(run.ctrl.signal);
  } catch (e) {
    host.emit('diagnosis:status', { path: address, status: 'failed', message: (e as Error).message });
    return;
  }
  host.emit('diagnosis:started', {
    path: address,
    mode: 'llm',
    model: client.model,
    // Without a price the loop limits tokens, not dollars: no cost limit to show.
    costLimit: priceFor(cfg.prices, client.model) !== null ? cfg.limits.costUsd : null,
  });
  const live = new Map<number, Label>();
  // While paused, events are held and replayed on resume; the loop itself waits at the next call.
  const out = (fn: () => void) => (run.gate.paused ? run.held.push(fn) : fn());
  const onEvent = (event: DiagnosisEvent) => {
    if (event.type === 'done') return;
    out(() => host.emit('diagnosis:event', { path: address, event }));
    if (event.type === 'label') {
      const l = event.label;
      live.set(l.stepId, {
        id: `llm-${l.stepId}`,
        stepId: l.stepId,
        verdict: l.verdict,
        reasoning: l.reasoning,
        source: 'llm',
        accepted: false,
        changedByHuman: false,
        diagnoser: client.model,
        ...(l.stageId !== undefined ? { stageId: l.stageId } : {}),
      });
      const items = [...live.values()].sort((a, b) => a.stepId - b.stepId);
      out(() => host.sendMachine(items, `${client.model} (live)`));
    }
  };
  try {
    const dir = await host.outputDir();
    const answer = host.answerProfile;
    const memory =
      host.env && cfg.memory.enabled ? openMemory(o.payload.traj, cfg.memory, host.env) : undefined;
    const r = await analyzeWithLlm(o.payload.traj, o.location, {
      memory,
      config: cfg,
      llm: gatedModel(client, run.gate, run.ctrl.signal),
      profile: answer,
      alsoWrite: host.profiles,
      outputDir: dir,
      address,
      signal: run.ctrl.signal,
      onEvent,
    });
    flushHeld(run);
    host.sendMachine(labelsFromDiagnosis(r.diagnosis, 'llm'), r.outputs.files[answer] ?? dir);
    const ok = r.status === 'completed';
    host.emit('diagnosis:status', {
      path: address,
      status: ok ? 'done' : 'failed',
      message: ok
        ? `${r.diagnosis.labels.length} label(s), ${r.calls} LLM calls`
        : `${r.status}: ${r.reason} (labels so far kept and written)`,
    });
  } catch (e) {
    flushHeld(run);
    const message = isCodetracerError(e) ? e.oneLine() : (e as Error).message;
    host.emit('diagnosis:status', { path: address, status: 'failed', message });
  }
}
