// Finding a Terminus trial and its episodes: `<trial>/agent-logs/episode-N/{prompt.txt,response.*}`
// (terminal-bench 1.x; Harbor writes the same under `<trial>/agent/`).
import type { FileSource } from '../../io/source.js';
import { basename, dirname, join } from '../../io/source.js';
import { readOptionalJson } from '../../io/read.js';
import { asObj, asString, getPath } from '../shared/access.js';

export const LOG_DIRS = ['agent-logs', 'agent'];
const EPISODE = /^episode-(\d+)$/;

export interface Episode {
  index: number;
  dir: string;
}

/** Episode directories of a log dir, in numeric order (episode-10 after episode-9). */
export async function listEpisodes(src: FileSource, logsDir: string): Promise<Episode[]> {
  const entries = await src.list(logsDir).catch(() => []);
  const out: Episode[] = [];
  for (const e of entries) {
    const m = EPISODE.exec(e.name);
    if (m && e.kind === 'dir') out.push({ index: Number(m[1]), dir: join(logsDir, e.name) });
  }
  return out.sort((a, b) => a.index - b.index);
}

/** The log dir of a trial dir whose episodes hold `responseName` files, or null. */
export async function logsDirOf(
  src: FileSource,
  trialDir: string,
  responseName: string,
): Promise<string | null> {
  for (const name of LOG_DIRS) {
    const logs = join(trialDir, name);
    const eps = await listEpisodes(src, logs);
    // Looking at a few episodes is enough: a trial's episodes all use one response file name.
    for (const ep of eps.slice(0, 3)) {
      const st = await src.stat(join(ep.dir, responseName)).catch(() => null);
      if (st?.kind === 'file') return logs;
    }
  }
  return null;
}

/**
 * The trial dir for a location: the location itself, or its only child that is a trial (a task folder
 * holding one trial). Null when neither holds Terminus episodes.
 */
export async function resolveTrial(
  src: FileSource,
  dir: string,
  responseName: string,
): Promise<{ trialDir: string; logsDir: string } | null> {
  const direct = await logsDirOf(src, dir, responseName);
  if (direct) return { trialDir: dir, logsDir: direct };
  if (LOG_DIRS.includes(basename(dir))) {
    const parent = dirname(dir);
    const up = await logsDirOf(src, parent, responseName);
    if (up === dir) return { trialDir: parent, logsDir: up };
  }
  const children = (await src.list(dir).catch(() => [])).filter(
    (e) => e.kind === 'dir' && !e.name.startsWith('.'),
  );
  let found: { trialDir: string; logsDir: string } | null = null;
  for (const c of children.slice(0, 50)) {
    const child = join(dir, c.name);
    const logs = await logsDirOf(src, child, responseName);
    if (!logs) continue;
    if (found) return null; // several trials: discovery lists them one by one
    found = { trialDir: child, logsDir: logs };
  }
  return found;
}

/** Step count without reading responses: episodes up to the last one that has a response file. */
export async function countEpisodesWithResponse(
  src: FileSource,
  logsDir: string,
  responseName: string,
): Promise<number> {
  const eps = await listEpisodes(src, logsDir);
  for (let i = eps.length - 1; i >= 0; i--) {
    const st = await src.stat(join(eps[i].dir, responseName)).catch(() => null);
    if (st?.kind === 'file') return eps[i].index + 1;
  }
  return 0;
}

export interface RunIdentity {
  agent?: string;
  model?: string;
  source?: string;
}

/**
 * Agent and model from the run root's `run_metadata.json` (terminal-bench 1.x: two levels above the trial),
 * or the trial's Harbor `config.json`.
 */
export async function runIdentity(src: FileSource, trialDir: string): Promise<RunIdentity> {
  const config = asObj(await readOptionalJson(src, join(trialDir, 'config.json')));
  const cfgModel = asString(getPath(config, 'agent.model_name'));
  if (cfgModel) {
    return {
      agent: asString(getPath(config, 'agent.name')),
      model: cfgModel,
      source: src.display(join(trialDir, 'config.json')),
    };
  }
  let dir = trialDir;
  for (let up = 0; up < 2; up++) {
    const parent = dirname(dir);
    if (parent === dir) break;
    dir = parent;
    const p = join(dir, 'run_metadata.json');
    const meta = asObj(await readOptionalJson(src, p));
    if (meta)
      return { agent: asString(meta.agent_name), model: asString(meta.model_name), source: src.display(p) };
  }
  return {};
}
