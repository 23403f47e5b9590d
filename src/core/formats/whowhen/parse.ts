// Who&When (failure attribution benchmark): one JSON file per failed multi-agent run, with the human
// annotation of the decisive mistake (agent, step = index into `history`, reason).
import { CodetracerError } from '../../io/errors.js';
import { basename, dirname } from '../../io/source.js';
import type { FileSource } from '../../io/source.js';
import type { Actor, Gold, Trajectory } from '../../model/trajectory.js';
import { asArray, asBool, asNumber, asObj, asString, isObj, type Obj } from '../shared/access.js';
import { StepList, makeTrajectory } from '../shared/build.js';

/** Keys whose presence next to `history[]` makes a JSON object a Who&When run. */
export const ANNOTATION_KEYS = ['mistake_agent', 'mistake_step', 'mistake_reason'];

/** Strict shape check: `history` of {role, content} messages plus annotations or the question. */
export function looksLikeWhoWhen(v: unknown): v is Obj {
  if (!isObj(v) || !Array.isArray(v.history) || v.history.length === 0) return false;
  const msgsOk = v.history.every((m) => isObj(m) && typeof m.role === 'string' && 'content' in m);
  const annotated = ANNOTATION_KEYS.some((k) => k in v);
  return msgsOk && (annotated || typeof v.question === 'string');
}

/** The agent a Magentic-One role belongs to: "Orchestrator (thought)" -> "Orchestrator". */
export function agentOfRole(role: string): string {
  return role.replace(/\s*\(.*\)\s*$/, '').trim() || role;
}

function actorOf(role: string, name: string | undefined): Actor {
  if (role === 'human' || (role === 'user' && !name)) return 'user';
  // AG2 teams route code execution through a terminal "agent"; its messages are command output.
  if (name === 'Computer_terminal' || role === 'ComputerTerminal') return 'environment';
  return 'agent';
}

export function parseWhoWhen(src: FileSource, path: string, data: unknown): Trajectory {
  const shown = src.display(path);
  if (!looksLikeWhoWhen(data)) {
    throw new CodetracerError(
      'invalid_data',
      'not a Who&When run (needs history[] and mistake_* or question)',
      shown,
    );
  }
  const warnings: string[] = [];
  const steps = new StepList();
  const agents = new Set<string>();
  asArray(data.history).forEach((m, i) => {
    const msg = m as Obj;
    const role = String(msg.role);
    const name = asString(msg.name)?.trim() || undefined;
    const content =
      typeof msg.content === 'string' ? msg.content : msg.content == null ? '' : JSON.stringify(msg.content);
    const actor = actorOf(role, name);
    const agentName = name ?? (actor === 'user' ? undefined : role);
    if (agentName && actor !== 'user') agents.add(agentOfRole(agentName));
    steps.push({
      actor,
      agentName,
      action: content.trim() ? content : '(empty message)',
      observation: null,
      raw: { file: shown, eventStart: i },
    });
  });

  const gold: Gold = {};
  const mistakeStep = asNumber(data.mistake_step);
  if (mistakeStep !== undefined && Number.isInteger(mistakeStep)) {
    gold.mistakeStep = mistakeStep;
    gold.mistakeStepId = mistakeStep + 1;
    if (mistakeStep < 0 || mistakeStep >= steps.length) {
      warnings.push(`${shown}: mistake_step ${mistakeStep} is outside history (0..${steps.length - 1})`);
    }
  } else if (data.mistake_step !== undefined) {
    warnings.push(`${shown}: mistake_step ${JSON.stringify(data.mistake_step)} is not an index`);
  }
  const mistakeAgent = asString(data.mistake_agent);
  if (mistakeAgent) gold.mistakeAgent = mistakeAgent;
  const mistakeReason = asString(data.mistake_reason);
  if (mistakeReason) gold.mistakeReason = mistakeReason;

  const correct = asBool(data.is_correct);
  const handCrafted = asArray(data.history).some((m) => /^Orchestrator\b/.test(String(asObj(m)?.role ?? '')));
  const metadata: Record<string, unknown> = {
    benchmark: 'Who&When',
    subset: basename(dirname(path)),
    agents: [...agents],
  };
  const qid = asString(data.question_ID);
  if (qid) metadata.questionId = qid;
  if (data.level !== undefined) metadata.level = data.level;
  if (isObj(data.system_prompt)) metadata.systemPrompts = data.system_prompt;
  // The expected answer and correction flag are annotations: kept for evaluation, hidden from a diagnoser.
  const annotations: Record<string, unknown> = {};
  if (data.ground_truth !== undefined) annotations.groundTruth = data.ground_truth;
  if (data.is_corrected !== undefined) annotations.isCorrected = data.is_corrected;
  if (Object.keys(annotations).length) metadata.annotations = annotations;

  return makeTrajectory({
    id: `${basename(dirname(path))}/${basename(path).replace(/\.json$/i, '')}`,
    sources: [shown],
    format: 'whowhen',
    agent: handCrafted ? 'magentic-one' : 'ag2',
    model: null,
    task: asString(data.question) ?? '',
    // Every Who&When run is a failed one; `is_correct` says so when present.
    verdict: { solved: correct ?? false, source: shown },
    steps: steps.steps,
    gold: Object.keys(gold).length ? gold : undefined,
    warnings,
    metadata,
  });
}
