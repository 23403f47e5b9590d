// The Memory view of the TUI: the lessons kept for the open run's agent type, as lines of text.
import { openMemory } from '../core/memory/open.js';
import type { MemorySettings } from '../core/memory/settings.js';
import { headerText, type MemoryKind } from '../core/memory/types.js';
import type { Trajectory } from '../core/model/trajectory.js';

export interface MemoryViewData {
  agent: string;
  lines: string[];
}

const KIND_LABEL: Record<MemoryKind, string> = {
  failure_pattern: 'failure pattern',
  agent_quirk: 'agent quirk',
  strategy: 'strategy',
  pitfall: 'pitfall',
};

export async function loadMemoryView(
  traj: Trajectory,
  s: MemorySettings,
  env: NodeJS.ProcessEnv,
): Promise<MemoryViewData> {
  const store = openMemory(traj, s, env).store;
  const entries = await store.entries();
  const lines = [headerText(store.key), ''];
  if (!s.enabled)
    lines.push('Memory is off (config memory.enabled: false): diagnoses neither use nor update it.', '');
  if (!entries.length) lines.push('No lessons yet: LLM diagnoses of runs of this agent type add them.');
  for (const e of entries)
    lines.push(
      `• [${KIND_LABEL[e.kind]}] ${e.text}  (used ${e.uses}×, ${e.updated.slice(0, 10)}, id ${e.id})`,
    );
  lines.push('', `Stored in ${store.file}`, `Manage: codetracer memory show|edit|clear ${store.key}`);
  return { agent: store.key, lines };
}
