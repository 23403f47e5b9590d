// mini-swe-agent `*.traj.json` (`{info, messages[], trajectory_format}`) -> Trajectory.
// Step = each assistant message carrying an action (CodeTraceBench convention), ids 1..n in file order.
import { CodetracerError } from '../../io/errors.js';
import type { FileSource } from '../../io/source.js';
import { basename, dirname } from '../../io/source.js';
import { parseJsonShared, readText } from '../../io/read.js';
import type { Trajectory, Verdict } from '../../model/trajectory.js';
import {
  asArray,
  asNumber,
  asObj,
  asString,
  firstString,
  getPath,
  isObj,
  type Obj,
} from '../shared/access.js';
import { makeTrajectory, StepList } from '../shared/build.js';
import { arrayElementLines } from '../shared/json_spans.js';
import { taskFromPrompt } from '../shared/task_prompt.js';
import { taskFromRunDir } from '../shared/task.js';
import { verdictFromResultsJson, verdictFromReward, verdictFromSweReport } from '../shared/verdict.js';
import {
  actionOf,
  compileActionRegex,
  isObservation,
  roleOf,
  stepFromMessage,
  textOf,
  toolCallIds,
} from './message.js';
import { noteFor } from './notes.js';

/** Is this parsed JSON a mini-swe-agent trajectory (and not SWE-agent, OpenHands or ATIF)? */
export function looksLikeMiniTraj(d: unknown): boolean {
  if (!isObj(d) || !Array.isArray(d.messages)) return false;
  if (Array.isArray(d.trajectory) || Array.isArray(d.steps) || 'schema_version' in d) return false;
  if (asString(d.trajectory_format)?.startsWith('mini-swe-agent')) return true;
  if (getPath(d, 'info.mini_version') !== undefined) return true;
  if (/minisweagent/.test(asString(getPath(d, 'info.config.agent_type')) ?? '')) return true;
  // Unmarked files: an assistant action answered by a command result.
  const msgs = d.messages.filter(isObj);
  const acts = msgs.some((m) => roleOf(m) === 'assistant' && actionOf(m) !== null);
  const results = msgs.some(
    (m) =>
      (roleOf(m) === 'user' || roleOf(m) === 'tool') &&
      /<returncode>|"returncode"/.test(textOf(m) + JSON.stringify(m.extra ?? '')),
  );
  return acts && results;
}

function modelOf(d: Obj, msgs: Obj[]): string | null {
  const fromConfig = firstString(
    d,
    'info.config.model.model_name',
    'info.config.model.name',
    'info.model_name',
  );
  if (fromConfig) return fromConfig;
  for (const m of msgs) {
    if (roleOf(m) !== 'assistant') continue;
    const name = firstString(m, 'extra.response.model', 'model');
    if (name) return name;
  }
  return null;
}

/** The action regex the run was configured with (v2 model config, v1 agent config), when JS can use it. */
function configuredActionRegex(d: Obj): RegExp | null {
  return compileActionRegex(
    asString(getPath(d, 'info.config.model.action_regex')) ??
      asString(getPath(d, 'info.config.agent.action_regex')),
  );
}

export interface TrajFile {
  src: FileSource;
  file: string;
  /** terminal-bench trial dir (results.json), when the traj sits in `<trial>/agent-logs/`. */
  trialDir: string | null;
}

export async function parseTrajFile({ src, file, trialDir }: TrajFile): Promise<Trajectory> {
  const shown = src.display(file);
  const text = await readText(src, file);
  const d = parseJsonShared(text, shown);
  if (!isObj(d) || !Array.isArray(d.messages)) {
    throw new CodetracerError('invalid_data', 'not a mini-swe-agent trajectory (no "messages" array)', shown);
  }
  const raw = d.messages;
  const lines = arrayElementLines(text, 'messages');
  const actionRegex = configuredActionRegex(d);
  const msgs = raw.map((m) => (isObj(m) ? m : {}));
  const steps = new StepList();
  const warnings: string[] = [];
  let notes: string[] = [];
  const extraMessages: { index: number; role: string; text: string }[] = [];
  const used = new Set<number>();
  let firstUser: string | null = null;

  for (let i = 0; i < msgs.length; i++) {
    const m = msgs[i];
    const role = roleOf(m);
    if (role === 'user' && firstUser === null && steps.length === 0) {
      firstUser = textOf(m);
      used.add(i);
      continue;
    }
    if (role !== 'assistant') continue;
    const obs = observationsFor(msgs, i, used);
    const step = stepFromMessage(
      m,
      obs.map((j) => msgs[j]),
      {
        actionRegex,
        notes,
        raw: { file: shown, ...(lines[i] ?? {}), eventStart: i, eventEnd: i },
      },
    );
    used.add(i);
    if (!step) {
      // A reply without a command is not a step; it and the harness's answer go before the next step's reasoning.
      const answer = obs.map((j) => textOf(msgs[j]).trim()).join('\n\n');
      for (const j of obs) used.add(j);
      notes.push(noteFor(textOf(m), answer));
      continue;
    }
    notes = [];
    for (const j of obs) used.add(j);
    steps.push(step);
  }
  for (let i = 0; i < msgs.length; i++) {
    const role = roleOf(msgs[i]);
    if (used.has(i) || role === 'system' || role === 'assistant' || role === 'exit') continue;
    // v2 format errors drop the reply and keep it on the error message.
    const lost = asString(getPath(msgs[i], 'extra.model_response'));
    extraMessages.push({
      index: i,
      role,
      text: lost ? `${textOf(msgs[i])}\n[model reply]\n${lost}` : textOf(msgs[i]),
    });
  }
  if (raw.some((m) => !isObj(m))) warnings.push(`${shown}: skipped messages that are not JSON objects`);

  const info = asObj(d.info) ?? {};
  const { exitStatus, instanceId } = trajIdentity(d, file);
  const verdict = await verdictFor(src, file, trialDir, instanceId, exitStatus);
  const task =
    (trialDir && (await taskFromRunDir(src, trialDir))) ||
    (firstUser !== null ? taskFromPrompt(firstUser) : '');

  const metadata: Record<string, unknown> = {
    exitStatus,
    submission: asString(info.submission) ?? null,
    miniVersion: asString(info.mini_version) ?? null,
    trajectoryFormat: asString(d.trajectory_format) ?? null,
    cost: asNumber(getPath(info, 'model_stats.instance_cost')) ?? null,
    apiCalls: asNumber(getPath(info, 'model_stats.api_calls')) ?? null,
    messageCount: msgs.length,
  };
  if (instanceId) metadata.instanceId = instanceId;
  if (notes.length) metadata.trailingNotes = notes;
  if (extraMessages.length) metadata.extraMessages = extraMessages;
  const agentType = asString(getPath(info, 'config.agent_type'));
  if (agentType) metadata.agentType = agentType;

  return makeTrajectory({
    id: instanceId ?? (trialDir ? basename(trialDir) : basename(file)),
    sources: [shown],
    format: 'miniswe',
    agent: 'mini-swe-agent',
    model: modelOf(d, msgs),
    task,
    verdict,
    steps: steps.steps,
    warnings,
    metadata,
  });
}

/**
 * Indices of the messages answering the assistant message at i: its tool results (matched by call id)
 * or, in text mode, the first user/exit message before the next assistant message.
 */
function observationsFor(msgs: Obj[], i: number, used: Set<number>): number[] {
  const ids = toolCallIds(msgs[i]);
  const out: number[] = [];
  for (let j = i + 1; j < msgs.length && roleOf(msgs[j]) !== 'assistant'; j++) {
    if (used.has(j) || !isObservation(msgs[j])) continue;
    const m = msgs[j];
    if (ids.length) {
      const id = asString(m.tool_call_id) ?? asString(m.call_id);
      if (roleOf(m) === 'tool' && id !== undefined && ids.includes(id)) out.push(j);
      else if (!out.length && roleOf(m) !== 'tool') return [j];
      continue;
    }
    return [j];
  }
  return out;
}

/** The exit status and instance id a traj file states (the id falls back to the file name). */
function trajIdentity(d: Obj, file: string): { exitStatus: string | null; instanceId: string | null } {
  const exitStatus = asString(asObj(d.info)?.exit_status) ?? null;
  const instanceId =
    asString(d.instance_id) ?? (basename(file).endsWith('.traj.json') ? basename(file).slice(0, -10) : null);
  return { exitStatus, instanceId };
}

/** The verdict parseTrajFile gives a parsed traj file, without building its steps (discovery). */
export async function trajVerdict({ src, file, trialDir }: TrajFile, d: unknown): Promise<Verdict | null> {
  if (!isObj(d) || !Array.isArray(d.messages)) return null;
  const { exitStatus, instanceId } = trajIdentity(d, file);
  return verdictFor(src, file, trialDir, instanceId, exitStatus);
}

async function verdictFor(
  src: FileSource,
  file: string,
  trialDir: string | null,
  instanceId: string | null,
  exitStatus: string | null,
): Promise<Verdict> {
  const found =
    (trialDir ? await verdictFromResultsJson(src, trialDir) : null) ??
    (trialDir ? await verdictFromReward(src, trialDir) : null) ??
    (instanceId ? await verdictFromSweReport(src, dirname(file), instanceId) : null);
  if (!found) return { solved: null, exitStatus };
  return { ...found, exitStatus: exitStatus ?? found.exitStatus ?? null };
}

/** Steps without building them: assistant messages that carry an action. */
export function countTrajSteps(d: unknown): number | null {
  if (!isObj(d)) return null;
  const regex = configuredActionRegex(d);
  return asArray(d.messages).filter(
    (m) => isObj(m) && roleOf(m) === 'assistant' && actionOf(m, regex) !== null,
  ).length;
}
