// SWE-agent `<instance>.traj` (JSON: trajectory[], history[], info) -> Trajectory.
// Step = each element of `trajectory[]` (CodeTraceBench convention), in order, ids 1..n.
import { CodetracerError } from '../../io/errors.js';
import type { FileSource } from '../../io/source.js';
import { basename, dirname } from '../../io/source.js';
import { parseJsonShared, readText } from '../../io/read.js';
import type { ToolCall } from '../../model/trajectory.js';
import type { Trajectory } from '../../model/trajectory.js';
import {
  asArray,
  asNumber,
  asObj,
  asString,
  firstString,
  isObj,
  parseMaybeJson,
  type Obj,
} from '../shared/access.js';
import { makeTrajectory, StepList, type StepInput } from '../shared/build.js';
import { arrayElementLines } from '../shared/json_spans.js';
import { verdictFromSweReport } from '../shared/verdict.js';
import { joinNonEmpty } from '../shared/text.js';
import { editsFromCommand, editsFromToolCall, type EditContext } from './edits.js';
import { modelOf, replayConfig, taskOf } from './meta.js';

/** SWE-agent's own commands (tools bundles); any other first word is a plain shell command. */
const SWE_COMMANDS = new Set([
  'open',
  'goto',
  'scroll_up',
  'scroll_down',
  'create',
  'edit',
  'insert',
  'append',
  'submit',
  'search_dir',
  'search_file',
  'find_file',
  'str_replace_editor',
  'filemap',
  'view_image',
  'skip',
  'exit_forfeit',
  'exit_cost',
  'exit_context',
  'exit_format',
  'exit_api',
  'exit_error',
]);

/** Is this parsed JSON a SWE-agent trajectory? */
export function looksLikeSweAgentTraj(d: unknown): boolean {
  if (!isObj(d) || !Array.isArray(d.trajectory)) return false;
  if (Array.isArray(d.messages) || 'schema_version' in d) return false;
  const items = d.trajectory;
  if (items.length === 0) return isObj(d.info) || Array.isArray(d.history);
  return items.every((t) => isObj(t) && ('action' in t || 'observation' in t || 'response' in t));
}

function stateOf(item: Obj): EditContext {
  const s = asObj(parseMaybeJson(typeof item.state === 'string' ? item.state.trim() : item.state));
  const open = asString(s?.open_file);
  return {
    openFile: open && open !== 'n/a' && open !== 'None' ? open : null,
    workingDir: asString(s?.working_dir) ?? null,
  };
}

/** Tool calls of a history message: a list, or (as some versions saved it) a JSON string of one. */
function toolCallsOf(m: Obj | undefined): ToolCall[] {
  const raw = parseMaybeJson(m?.tool_calls);
  const out: ToolCall[] = [];
  for (const tc of asArray(raw)) {
    if (!isObj(tc)) continue;
    const fn = asObj(tc.function);
    const name = asString(fn?.name) ?? asString(tc.name);
    if (!name) continue;
    const call: ToolCall = { name, arguments: parseMaybeJson(fn?.arguments ?? tc.arguments) ?? {} };
    const id = asString(tc.id);
    if (id) call.id = id;
    out.push(call);
  }
  return out;
}

function thinkingOf(m: Obj | undefined): string | null {
  if (!m) return null;
  const parts = asArray(m.thinking_blocks).map((b) => asString(asObj(b)?.thinking) ?? '');
  return joinNonEmpty([...parts, asString(m.reasoning_content)]);
}

const norm = (s: string): string => s.trim().replace(/\r\n/g, '\n');

/** History assistant messages, matched to trajectory items in order by their action text. */
function matchHistory(items: Obj[], history: Obj[]): (Obj | undefined)[] {
  const acts = history.filter(
    (m) => m.role === 'assistant' && m.is_demo !== true && typeof m.action === 'string',
  );
  let at = 0;
  return items.map((item) => {
    const want = norm(asString(item.action) ?? '');
    for (let j = at; j < acts.length; j++) {
      if (norm(asString(acts[j].action) ?? '') === want) {
        at = j + 1;
        return acts[j];
      }
    }
    return undefined;
  });
}

function stepOf(item: Obj, hist: Obj | undefined, raw: StepInput['raw']): StepInput {
  const action = (asString(item.action) ?? '').replace(/\s+$/, '');
  const calls = toolCallsOf(hist);
  const first = action.trimStart().split(/\s/, 1)[0] ?? '';
  const tool = calls[0]?.name ?? (SWE_COMMANDS.has(first) ? first : action.trim() ? 'bash' : undefined);
  const ctx = stateOf(item);
  const edits = calls.length
    ? calls.flatMap((c) => editsFromToolCall(c.name, c.arguments, ctx))
    : editsFromCommand(action, ctx);
  const thought = asString(item.thought)?.trim() || null;
  const response = asString(item.response)?.trim() || null;
  const step: StepInput = {
    actor: 'agent',
    action: action.trim() ? action : response ? `(no action) ${response}` : '(no action)',
    toolCalls: calls.length ? calls : action.trim() ? [{ name: tool ?? 'bash', arguments: action }] : [],
    observation: asString(item.observation) ?? null,
    // Thought is the response minus the command; without one the whole response is the reasoning.
    reasoning: joinNonEmpty([thinkingOf(hist), thought ?? (response !== action.trim() ? response : null)]),
    raw,
  };
  if (tool) step.tool = tool;
  if (edits.length) step.edits = edits;
  return step;
}

export async function parseSweAgentFile(src: FileSource, file: string): Promise<Trajectory> {
  const shown = src.display(file);
  const text = await readText(src, file);
  const d = parseJsonShared(text, shown);
  if (!isObj(d) || !Array.isArray(d.trajectory)) {
    throw new CodetracerError('invalid_data', 'not a SWE-agent trajectory (no "trajectory" array)', shown);
  }
  const items = d.trajectory.map((t) => (isObj(t) ? t : {}));
  const lines = arrayElementLines(text, 'trajectory');
  const hist = matchHistory(items, asArray(d.history).filter(isObj));
  const steps = new StepList();
  items.forEach((item, i) => {
    steps.push(stepOf(item, hist[i], { file: shown, ...(lines[i] ?? {}), eventStart: i, eventEnd: i }));
  });

  const info = asObj(d.info) ?? {};
  const exitStatus = asString(info.exit_status) ?? null;
  const { stem, instanceId, found } = await reportVerdict(src, file, d);
  const execTimes = items.map((t) => asNumber(t.execution_time)).filter((n): n is number => n !== undefined);
  const metadata: Record<string, unknown> = {
    exitStatus,
    submission: asString(info.submission) ?? null,
    modelStats: asObj(info.model_stats) ?? null,
    instanceId,
  };
  const version = asString(info.swe_agent_version);
  if (version) metadata.sweAgentVersion = version;
  if (execTimes.length) metadata.executionSeconds = execTimes.reduce((a, b) => a + b, 0);
  const warnings = d.trajectory.some((t) => !isObj(t))
    ? [`${shown}: trajectory entries that are not objects were read as empty steps`]
    : [];

  return makeTrajectory({
    id: instanceId,
    sources: [shown],
    format: 'swe_agent',
    agent: 'SWE-agent',
    model: await modelOf(src, file, stem, d),
    task: taskOf(d),
    verdict: found ? { ...found, exitStatus } : { solved: null, exitStatus },
    steps: steps.steps,
    warnings,
    metadata,
  });
}

/** The instance id and the SWE-bench report verdict of a parsed .traj (what the parse uses; no steps built). */
export async function reportVerdict(src: FileSource, file: string, d: Obj) {
  const stem = basename(file).replace(/\.traj(\.json)?$|\.json$/, '');
  const instanceId = firstString(replayConfig(d), 'problem_statement.id') ?? stem;
  return { stem, instanceId, found: await verdictFromSweReport(src, dirname(file), instanceId) };
}
