// Which file of a location holds the mini-swe-agent run, and which trial directory its side files
// (results.json) live in. The traj.json wins over the terminal log when a trial has both.
import type { FileSource } from '../../io/source.js';
import { basename, dirname, join } from '../../io/source.js';
import type { RunLocation } from '../types.js';

export type MiniSource =
  { kind: 'traj'; file: string; trialDir: string | null } | { kind: 'log'; file: string; trialDir: string };

export const TRIAL_TRAJ = 'agent-logs/mini.traj.json';
export const TRIAL_LOG = 'sessions/agent.log';
/** Harbor (terminal-bench 2.x) trials keep the raw trajectory beside their ATIF `agent/trajectory.json`. */
export const HARBOR_TRAJ = 'agent/mini-swe-agent.trajectory.json';

/** `*.traj.json` files mini-swe-agent writes; CodeTracer's own analysis transcripts share the suffix. */
export function isTrajJsonName(name: string): boolean {
  return name.endsWith('.traj.json') && !name.startsWith('codetracer');
}

async function isFile(src: FileSource, p: string): Promise<boolean> {
  const st = await src.stat(p).catch(() => null);
  return st?.kind === 'file';
}

async function onlyTrajIn(src: FileSource, dir: string): Promise<string | null> {
  const entries = await src.list(dir).catch(() => []);
  const hits = entries.filter((e) => e.kind === 'file' && isTrajJsonName(e.name));
  return hits.length === 1 ? join(dir, hits[0].name) : null;
}

/** Resolve a location to the one file to read, or null when it holds no mini-swe-agent run file. */
export async function resolveMini(loc: RunLocation): Promise<MiniSource | null> {
  const { src, path } = loc;
  if (loc.kind === 'file') {
    const name = basename(path);
    if (name === 'agent.log') {
      const parent = dirname(path);
      return {
        kind: 'log',
        file: path,
        trialDir: basename(parent) === 'sessions' ? dirname(parent) : parent,
      };
    }
    if (name.endsWith('.json')) {
      const parent = dirname(path);
      return {
        kind: 'traj',
        file: path,
        trialDir:
          basename(parent) === 'agent-logs' ||
          (basename(parent) === 'agent' && name === basename(HARBOR_TRAJ))
            ? dirname(parent)
            : null,
      };
    }
    return null;
  }
  for (const rel of [TRIAL_TRAJ, HARBOR_TRAJ]) {
    if (await isFile(src, join(path, rel))) return { kind: 'traj', file: join(path, rel), trialDir: path };
  }
  const single = await onlyTrajIn(src, path);
  if (single) return { kind: 'traj', file: single, trialDir: null };
  // SWE-bench output folder of one instance: trajs/<id>/<id>.traj.json (+ logs/<id>/report.json).
  const trajs = (await src.list(join(path, 'trajs')).catch(() => [])).filter((e) => e.kind === 'dir');
  if (trajs.length === 1) {
    const inner = await onlyTrajIn(src, join(path, 'trajs', trajs[0].name));
    if (inner) return { kind: 'traj', file: inner, trialDir: null };
  }
  if (await isFile(src, join(path, TRIAL_LOG)))
    return { kind: 'log', file: join(path, TRIAL_LOG), trialDir: path };
  return null;
}
