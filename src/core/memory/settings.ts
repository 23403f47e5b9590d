// Memory settings (config file `memory:` section) and whether a command uses memory at all.
import { DEFAULT_PROMPT_CHARS } from './render.js';
import { DEFAULT_MAX_ENTRIES } from './store.js';

export interface MemorySettings {
  /** Memory on by default (off in evaluation mode unless asked for). */
  enabled: boolean;
  /** Online extraction after this many diagnosis steps (0: only after the run). */
  everySteps: number;
  /** ... or after this many new tokens spent by the diagnosis (0: never by tokens). */
  everyTokens: number;
  maxEntries: number;
  /** Characters of memory given to a diagnosis prompt. */
  promptChars: number;
}

export const DEFAULT_MEMORY_SETTINGS: MemorySettings = {
  enabled: true,
  everySteps: 12,
  everyTokens: 250_000,
  maxEntries: DEFAULT_MAX_ENTRIES,
  promptChars: DEFAULT_PROMPT_CHARS,
};

export interface MemoryFlags {
  /** --memory (true) / --no-memory (false); undefined when neither was given. */
  memory?: boolean;
  /** Evaluation mode: `--eval`, or a batch manifest that carries gold labels. */
  evaluation?: boolean;
}

/** An explicit flag wins; evaluation mode turns memory off so scores are not contaminated. */
export function memoryWanted(s: MemorySettings, f: MemoryFlags): boolean {
  if (f.memory !== undefined) return f.memory;
  if (f.evaluation) return false;
  return s.enabled;
}
