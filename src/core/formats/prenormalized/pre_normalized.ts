// CodeTracer's pre-normalized form: `steps.json` (+ `task.md`, `stage_ranges.json`; `tree.md` is derived and
// not read). CodeTraceBench ships its step maps this way; their step ids are the ones its gold labels use.
import { CodetracerError } from '../../io/errors.js';
import { basename, dirname, join } from '../../io/source.js';
import {
  readHeadText,
  readJsonShared as readJson,
  readOptionalJsonShared as readOptionalJson,
} from '../../io/read.js';
import type { Trajectory } from '../../model/trajectory.js';
import { asNumber, asObj, asString, getPath, isObj, type Obj } from '../shared/access.js';
import { StepList, makeTrajectory, type StepInput } from '../shared/build.js';
import { taskFromRunDir } from '../shared/task.js';
import { UNKNOWN, verdictFromResultsJson } from '../shared/verdict.js';
import type { FormatModule, RunLocation } from '../types.js';
import { stepFromRefs } from './dispatch.js';
import { identityOf, sourceFormatOfPath, type SourceFormat } from './identity.js';
import { planIds } from './ids.js';
import { readStageRanges } from './stages.js';

const STEPS = 'steps.json';

function runDir(loc: RunLocation): string {
  return loc.kind === 'dir' ? loc.path : dirname(loc.path);
}

function refContent(ref: Obj | undefined): string | null {
  return ref ? (asString(ref.content) ?? null) : null;
}

/** The directory all ref paths share: the raw trial folder in CodeTraceBench's layout. */
function commonDir(paths: string[]): string | null {
  if (!paths.length) return null;
  let parts = dirname(paths[0]).split('/');
  for (const p of paths.slice(1)) {
    const q = dirname(p).split('/');
    let i = 0;
    while (i < parts.length && i < q.length && parts[i] === q[i]) i++;
    parts = parts.slice(0, i);
  }
  const d = parts.join('/');
  return d && d !== '.' ? d : null;
}

interface Built {
  input: StepInput;
  /** The slice was shown raw because no reader knew it. */
  rawSlice: boolean;
  problem?: string;
}

function buildStep(e: Obj, fallbackFormat: SourceFormat, agent: string | null): Built {
  const aRef = asObj(e.action_ref);
  const oRef = asObj(e.observation_ref);
  const direct = asString(e.action);
  const aContent = refContent(aRef);
  const oContent = refContent(oRef);
  const ownObservation = 'observation' in e ? (asString(e.observation) ?? null) : undefined;
  let built: Built;
  if (direct && direct.trim()) {
    built = { input: { action: direct, observation: ownObservation ?? oContent }, rawSlice: false };
  } else if (aContent && aContent.trim()) {
    const path = asString(aRef?.path) ?? '';
    const byPath = sourceFormatOfPath(path, agent);
    const r = stepFromRefs(byPath === 'unknown' ? fallbackFormat : byPath, aContent, oContent);
    const ok = r.step && r.step.action.trim() !== '';
    built = {
      input: ok ? { ...r.step! } : { action: aContent, observation: oContent },
      rawSlice: !ok,
    };
    if (r.problem) built.problem = r.problem;
    if (ownObservation !== undefined) built.input.observation = ownObservation;
  } else {
    built = {
      input: { action: '(no action recorded)', observation: ownObservation ?? oContent },
      rawSlice: false,
      problem: 'no action and no action_ref content',
    };
  }
  const thinking = asString(e.thinking);
  if (thinking && thinking.trim()) built.input.reasoning = thinking;
  const group = asNumber(e.parallel_group);
  if (group !== undefined && Number.isInteger(group)) built.input.parallelGroup = group;
  const tool = asString(e.tool_type);
  if (tool && tool.trim()) built.input.tool = tool;
  return built;
}

async function parsePreNormalized(loc: RunLocation): Promise<Trajectory> {
  const { src } = loc;
  const dir = runDir(loc);
  const stepsPath = join(dir, STEPS);
  const shown = src.display(stepsPath);
  const data = await readJson(src, stepsPath);
  if (!Array.isArray(data))
    throw new CodetracerError('invalid_data', 'steps.json is not a JSON array of steps', shown);
  const warnings: string[] = [];
  const entries = data.filter(isObj);
  if (entries.length < data.length)
    warnings.push(`${shown}: ${data.length - entries.length} entries are not objects; skipped`);

  const trajId = basename(dir);
  const refPaths = entries
    .map((e) => asString(getPath(e, 'action_ref.path')))
    .filter((p): p is string => !!p);
  const who = identityOf(trajId, basename(dirname(dir)) || null, refPaths);
  const plan = planIds(
    entries.map((e) => asNumber(e.step_id)),
    shown,
  );
  warnings.push(...plan.warnings);

  const steps = new StepList();
  let rawSlices = 0;
  plan.order.forEach((entryIndex, k) => {
    const b = buildStep(entries[entryIndex], who.sourceFormat, who.agent);
    b.input.raw = { file: shown, eventStart: entryIndex };
    const step = steps.push(b.input);
    step.id = plan.ids[k];
    if (b.rawSlice) rawSlices++;
    if (b.problem) warnings.push(`${shown}: step ${step.id}: ${b.problem}`);
  });
  if (rawSlices) {
    warnings.push(
      `${shown}: ${rawSlices} of ${steps.length} steps show their raw ${who.sourceFormat} slice (no reader for it)`,
    );
  }

  const stagesPath = join(dir, 'stage_ranges.json');
  const stageData = await readOptionalJson(src, stagesPath);
  const stagePlan =
    stageData === null
      ? { stages: [], warnings: [] }
      : readStageRanges(stageData, plan.ids, src.display(stagesPath));
  warnings.push(...stagePlan.warnings);

  const metadata: Record<string, unknown> = { sourceFormat: who.sourceFormat, trajId };
  const root = commonDir(refPaths);
  if (root) metadata.rawRoot = root;

  return makeTrajectory({
    id: trajId,
    sources: [shown],
    format: 'pre_normalized',
    agent: who.agent,
    model: who.model,
    task: (await taskFromRunDir(src, dir)) ?? '',
    verdict: { ...((await verdictFromResultsJson(src, dir)) ?? UNKNOWN) },
    steps: steps.steps,
    stages: stagePlan.stages,
    warnings,
    metadata,
  });
}

export const pre_normalizedFormat: FormatModule = {
  id: 'pre_normalized',
  title: 'Pre-normalized steps (CodeTracer / CodeTraceBench)',
  description: [
    'Pre-normalized trajectory (CodeTracer / CodeTraceBench step map). Layout: steps.json, task.md, stage_ranges.json',
    '(and tree.md, derived). steps.json = [{step_id, action?, observation?, thinking?, parallel_group?, tool_type?,',
    'action_ref{path,line_start,line_end,content}, observation_ref{...}}]. step_id is kept as the step id: it is the',
    'id CodeTraceBench labels use. When an entry has no action, action_ref.content is a raw slice of the agent log',
    '(mini-SWE-agent mini.traj.json message or sessions/agent.log block, OpenHands events/N.json event, Terminus-2',
    "episode-N/response.txt) and is read as that agent's raw parser reads it; observation_ref.content is the",
    'matching observation (next user message, the cause-linked observation event, next episode prompt).',
    'stage_ranges.json = [{stage|stage_id, start_step_id, end_step_id}] (inclusive); ranges past the last step are',
    'dropped. The folder name is the traj_id `<agent>-<Org__Model>-<task>-<hash>`, giving agent and model.',
  ].join('\n'),
  fingerprints: ['steps.json', 'file:steps.json'],
  priority: 100,
  async detect(loc: RunLocation): Promise<boolean> {
    if (loc.kind === 'file' && basename(loc.path) !== STEPS) return false;
    const p = join(runDir(loc), STEPS);
    const st = await loc.src.stat(p).catch(() => null);
    if (st?.kind !== 'file') return false;
    const head = ((await readHeadText(loc.src, p, 8192)) ?? '').trimStart().slice(0, 4096);
    if (!head.startsWith('[')) return false;
    return /^\[\s*\]$/.test(head.trim()) || /"(step_id|action_ref|action)"\s*:/.test(head);
  },
  parse: async (loc: RunLocation) => [await parsePreNormalized(loc)],
  // One step per object entry (parse keeps every entry, renumbering bad ids); the parsed steps.json is
  // shared with the parse that may follow, so no step is built here.
  async quickCount(loc: RunLocation): Promise<number | null> {
    try {
      const data = await readJson(loc.src, join(runDir(loc), STEPS));
      return Array.isArray(data) ? data.filter(isObj).length : null;
    } catch {
      return null;
    }
  },
};
