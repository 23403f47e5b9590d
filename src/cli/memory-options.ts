// --memory / --no-memory / --eval, shared by analyze, run and batch, and the memory session of one run.
import type { Command } from 'commander';
import type { ResolvedConfig } from '../core/config/resolve.js';
import type { Trajectory } from '../core/model/trajectory.js';
import { openMemory } from '../core/memory/open.js';
import type { MemorySession } from '../core/memory/session.js';
import { memoryWanted } from '../core/memory/settings.js';

export interface MemoryOptionValues {
  /** true: --memory, false: --no-memory, undefined: neither. */
  memory?: boolean;
  /** --eval: evaluation mode (memory off unless --memory). */
  eval?: boolean;
  /** Set by batch when its manifest carries gold labels: evaluation mode too. */
  goldManifest?: boolean;
}

export function addMemoryOptions(cmd: Command): Command {
  // --memory first, so that with --no-memory added the default stays undefined ("not given").
  return cmd
    .option('--memory', 'use and update the memory of lessons per agent type (even in evaluation mode)')
    .option('--no-memory', 'neither use nor update the memory of lessons')
    .option('--eval', 'evaluation mode: memory is off unless --memory is given, so scores stay clean');
}

export function useMemory(cfg: ResolvedConfig, o: MemoryOptionValues): boolean {
  return memoryWanted(cfg.memory, { memory: o.memory, evaluation: !!o.eval || !!o.goldManifest });
}

/** The run's memory session, or undefined when memory is off. */
export function memoryFor(
  traj: Trajectory,
  cfg: ResolvedConfig,
  o: MemoryOptionValues,
  env: NodeJS.ProcessEnv,
): MemorySession | undefined {
  return useMemory(cfg, o) ? openMemory(traj, cfg.memory, env) : undefined;
}
