// The controller's typed events. The bridge (bridge.ts) is the only place they become store actions.
import type { DiscoveryProblem } from '../core/discovery/types.js';
import type { DiagnosisEvent } from '../core/diagnosis/llm/events.js';
import type {
  DiagnosisStatus,
  Label,
  LlmAvailability,
  LoadedPayload,
  RunInfo,
  StatusLevel,
} from './state.js';

export interface ControllerEvents {
  'discovery:started': [{ roots: string[] }];
  /** Runs found (a batch: discovery streams, the controller groups what arrives together). */
  'discovery:runs': [{ runs: RunInfo[] }];
  'discovery:problem': [DiscoveryProblem];
  'discovery:done': [{ count: number }];
  'discovery:error': [{ message: string }];

  'run:loading': [{ path: string }];
  'run:loaded': [{ path: string; payload: LoadedPayload; reload: boolean }];
  /** Load or re-parse failed; the last good trajectory stays. */
  'run:error': [{ path: string; message: string }];
  /** The run's file or folder is gone. */
  'run:removed': [{ path: string; message: string }];

  /** Labels restored when a run is opened (the human file, else a diagnosis output). */
  'labels:loaded': [{ path: string; items: Label[]; file: string | null; origin: string | null }];
  /** Machine labels to merge (a diagnosis in progress or finished, an output written elsewhere). */
  'labels:machine': [{ path: string; items: Label[]; origin: string }];

  'diagnosis:started': [
    { path: string; mode: 'llm' | 'heuristic'; model: string | null; costLimit: number | null },
  ];
  /** One event of the LLM loop (deltas arrive here one by one; the bridge coalesces them). */
  'diagnosis:event': [{ path: string; event: DiagnosisEvent }];
  'diagnosis:status': [{ path: string; status: DiagnosisStatus; message?: string }];

  'ask:started': [{ path: string; question: string }];
  'ask:delta': [{ path: string; text: string; tools: string[] }];
  'ask:done': [{ path: string; error?: string }];

  /** `r` on a step: announced before its plan is shown for confirmation. */
  'replay:requested': [{ path: string; stepId: number }];
  'export:done': [{ path: string; dir: string; files: string[] }];

  status: [{ text: string; level: StatusLevel }];
  llm: [LlmAvailability];
  watch: [{ watching: boolean }];
}
