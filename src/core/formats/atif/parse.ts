// ATIF (Agent Trajectory Interchange Format, Harbor) -> Trajectory. A Harbor trial directory
// (`agent/trajectory.json` + `result.json`, `verifier/reward.txt`) or a bare ATIF JSON file.
import type { FileSource } from '../../io/source.js';
import { basename, dirname, join } from '../../io/source.js';
import { parseJsonShared, readText } from '../../io/read.js';
import { CodetracerError } from '../../io/errors.js';
import type { Trajectory, Verdict } from '../../model/trajectory.js';
import { asArray, asObj, asString, isObj, type Obj } from '../shared/access.js';
import { makeTrajectory } from '../shared/build.js';
import { contentText } from '../shared/content-text.js';
import { harborExceptionLine, readHarborTrial } from '../shared/harbor.js';
import { UNKNOWN, verdictFromResultsJson, verdictFromReward } from '../shared/verdict.js';
import { parseClaudeCodeDir } from '../claude_code/parse.js';
import { atifSteps } from './steps.js';

export const ATIF_FORMAT_ID = 'atif';
/** Where a Harbor trial keeps its ATIF file, best first. */
export const ATIF_PATHS = ['agent/trajectory.json', 'trajectory.json'] as const;

function summarizeSubagents(root: Obj): unknown[] | undefined {
  const subs = asArray(root.subagent_trajectories).filter(isObj);
  if (!subs.length) return undefined;
  return subs.map((s) => ({
    trajectoryId: asString(s.trajectory_id) ?? null,
    sessionId: asString(s.session_id) ?? null,
    agent: asString(asObj(s.agent)?.name) ?? null,
    steps: asArray(s.steps).length,
  }));
}

/** Read one ATIF file; `trialDir` (when the file sits in a Harbor trial) supplies verdict and trial facts. */
export async function parseAtifFile(
  src: FileSource,
  file: string,
  trialDir: string | null,
): Promise<Trajectory> {
  const shown = src.display(file);
  const text = await readText(src, file);
  const root = asObj(parseJsonShared(text, shown));
  if (!root || !Array.isArray(root.steps)) {
    throw new CodetracerError('invalid_data', 'not an ATIF trajectory (no "steps" array)', shown);
  }
  const warnings: string[] = [];
  const version = asString(root.schema_version);
  if (!version?.startsWith('ATIF'))
    warnings.push(`schema_version is ${version ? `"${version}"` : 'missing'}; read as ATIF anyway`);

  const converted = atifSteps(root.steps, shown, text);
  warnings.push(...converted.warnings);
  const agent = asObj(root.agent);
  const stepsRaw = root.steps.filter(isObj);
  const firstUser = stepsRaw.find((s) => s.source === 'user');
  let task: string | null = firstUser ? contentText(firstUser.message) : null;

  let verdict: Verdict = { ...UNKNOWN };
  const metadata: Record<string, unknown> = {
    schemaVersion: version ?? null,
    sessionId: asString(root.session_id) ?? null,
  };
  const put = (k: string, v: unknown): void => {
    if (v !== undefined && v !== null) metadata[k] = v;
  };
  put('trajectoryId', asString(root.trajectory_id));
  put('agentVersion', asString(agent?.version));
  put('notes', asString(root.notes));
  put('finalMetrics', asObj(root.final_metrics));
  put('continuedTrajectoryRef', asString(root.continued_trajectory_ref));
  put('subagentTrajectories', summarizeSubagents(root));
  // A run recorded by `codetracer replay`: its origin, breakpoint step and status.
  put('replay', asObj(asObj(root.extra)?.codetracer_replay));
  if (converted.copiedContext.length) metadata.copiedContextSteps = converted.copiedContext;

  let model =
    asString(agent?.model_name) ?? stepsRaw.map((s) => asString(s.model_name)).find(Boolean) ?? null;
  if (trialDir !== null) {
    const harbor = await readHarborTrial(src, trialDir);
    if (harbor) {
      metadata.harbor = harbor;
      model ??= harbor.modelName ?? null;
      const exc = harborExceptionLine(harbor);
      if (exc) warnings.push(exc);
      if (!task && harbor.taskName) {
        task = harbor.taskName;
        warnings.push(`the trajectory has no user message; using the task name "${harbor.taskName}"`);
      }
    }
    verdict =
      (await verdictFromReward(src, trialDir)) ?? (await verdictFromResultsJson(src, trialDir)) ?? verdict;
  }
  const id = trialDir !== null ? basename(trialDir) : basename(file).replace(/\.json$/i, '');
  return makeTrajectory({
    id,
    sources: [shown],
    format: ATIF_FORMAT_ID,
    agent: asString(agent?.name) ?? null,
    model,
    task,
    verdict,
    steps: converted.steps,
    warnings,
    metadata,
  });
}

/** The trial directory of an ATIF file: `<trial>/agent/trajectory.json` -> `<trial>`; else its own folder. */
export function trialDirOf(file: string): string {
  const parent = dirname(file);
  return basename(parent) === 'agent' ? dirname(parent) : parent;
}

export async function findAtifFile(src: FileSource, dir: string): Promise<string | null> {
  for (const rel of ATIF_PATHS) {
    const p = join(dir, rel);
    const st = await src.stat(p).catch(() => null);
    if (st?.kind === 'file') return p;
  }
  return null;
}

/**
 * A Harbor trial directory. Without an ATIF file (Harbor writes it only when the agent ends normally;
 * a timed-out trial keeps just `agent/claude-code.txt`), the run is read from the Claude Code event stream
 * instead, so the steps the agent did take stay visible; the trajectory then says so in its warnings.
 */
export async function parseAtifDir(src: FileSource, dir: string): Promise<Trajectory> {
  const file = await findAtifFile(src, dir);
  if (file) return parseAtifFile(src, file, dir);
  const t = await parseClaudeCodeDir(src, dir);
  if (!t.warnings.some((w) => w.startsWith('agent/trajectory.json is missing'))) {
    t.warnings.unshift('no ATIF trajectory (agent/trajectory.json) here; read as a Claude Code run');
  }
  return t;
}
