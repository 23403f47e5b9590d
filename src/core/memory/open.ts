// The memory session of one run, from the settings and the environment (data dir).
import type { Trajectory } from '../model/trajectory.js';
import { agentKey, memoryRoot } from './paths.js';
import { MemorySession } from './session.js';
import type { MemorySettings } from './settings.js';
import { MemoryStore } from './store.js';

export function storeFor(
  traj: Pick<Trajectory, 'format' | 'agent'>,
  s: MemorySettings,
  env: NodeJS.ProcessEnv,
) {
  return new MemoryStore(memoryRoot(env), agentKey(traj.format, traj.agent), { maxEntries: s.maxEntries });
}

export function openMemory(traj: Trajectory, s: MemorySettings, env: NodeJS.ProcessEnv): MemorySession {
  return new MemorySession(storeFor(traj, s, env), s, traj);
}
