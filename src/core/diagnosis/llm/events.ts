// Typed events of one diagnosis run. The TUI and the CLI progress line consume them; the loop never
// waits on a listener, and a throwing listener cannot break the run.
import { EventEmitter } from 'node:events';
import type { Usage } from '../../llm/types.js';
import type { RecordedLabel } from './state.js';

export type RunStatus = 'completed' | 'invalid_output' | 'limits_exceeded' | 'aborted' | 'error';

export type DiagnosisEvent =
  | { type: 'step_start'; call: number }
  | { type: 'reasoning_delta'; call: number; text: string }
  | { type: 'text_delta'; call: number; text: string }
  | { type: 'retry'; call: number; attempt: number; delayMs: number; reason: string }
  | {
      type: 'usage';
      call: number;
      usage: Usage;
      cost: number | null;
      totalUsage: Usage;
      totalCost: number | null;
    }
  | { type: 'tool_call'; call: number; id: string; name: string; arguments: string }
  | {
      type: 'tool_result';
      call: number;
      id: string;
      name: string;
      ok: boolean;
      chars: number;
      preview: string;
    }
  | { type: 'label'; label: RecordedLabel; total: number }
  | { type: 'compaction'; tier: 1 | 2; tokensBefore: number; tokensAfter: number; note: string }
  | { type: 'budget_warning'; message: string; fraction: number }
  | { type: 'error'; message: string; fatal: boolean }
  /** Memory: lessons stored by an extraction, or why memory was not loaded / nothing was stored. */
  | { type: 'memory'; phase: 'load' | 'online' | 'final'; stored: number; warning?: string }
  | {
      type: 'done';
      status: RunStatus;
      reason: string;
      usage: Usage;
      /** USD, or null when the model's price is unknown. */
      cost: number | null;
      calls: number;
      labels: number;
    };

export type DiagnosisEventType = DiagnosisEvent['type'];
export type EventOf<K extends DiagnosisEventType> = Extract<DiagnosisEvent, { type: K }>;
export type DiagnosisListener = (e: DiagnosisEvent) => void;

/** A typed EventEmitter: `bus.on('label', (e) => e.label.stepId)`; `'*'` receives every event. */
export class DiagnosisEventBus {
  private readonly ee = new EventEmitter();

  on<K extends DiagnosisEventType>(type: K, fn: (e: EventOf<K>) => void): () => void {
    this.ee.on(type, fn as (e: unknown) => void);
    return () => this.ee.off(type, fn as (e: unknown) => void);
  }

  onAny(fn: DiagnosisListener): () => void {
    this.ee.on('*', fn);
    return () => this.ee.off('*', fn);
  }

  emit(e: DiagnosisEvent): void {
    safeCall(() => this.ee.emit(e.type, e));
    safeCall(() => this.ee.emit('*', e));
  }

  /** As a plain callback, for `analyzeWithLlm({ onEvent })`. */
  get listener(): DiagnosisListener {
    return (e) => this.emit(e);
  }
}

function safeCall(fn: () => void): void {
  try {
    fn();
  } catch {
    // A listener's bug must not end a diagnosis.
  }
}
