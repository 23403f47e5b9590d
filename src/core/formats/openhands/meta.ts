// Run-level facts around the steps: verdict, task, agent, model and metadata, from the run's own files
// (trial `results.json`, terminal-bench `run_metadata.json`) or the output.jsonl record.
import type { Trajectory, Verdict } from '../../model/trajectory.js';
import { readOptionalJson } from '../../io/read.js';
import { dirname, join, type FileSource } from '../../io/source.js';
import { asBool, asObj, asString, getPath, type Obj } from '../shared/access.js';
import { makeTrajectory } from '../shared/build.js';
import { taskFromRunDir } from '../shared/task.js';
import { taskFromPrompt } from '../shared/task_prompt.js';
import { verdictFromResultsJson, verdictFromSweReport } from '../shared/verdict.js';
import type { LoadedRun } from './layouts.js';
import type { BuiltSteps } from './pairing.js';

export const FORMAT_ID = 'openhands';

/** SWE-bench style evaluation results inside an output.jsonl record (`test_result.report.resolved` ...). */
function verdictFromRecord(record: Obj, shown: string): Verdict | null {
  for (const p of ['test_result.report.resolved', 'test_result.resolved', 'report.resolved', 'resolved']) {
    const v = getPath(record, p);
    if (v === undefined || v === null) continue;
    const solved = asBool(v);
    if (solved !== undefined) return { solved, source: `${shown} (${p})` };
  }
  return null;
}

/** terminal-bench writes `run_metadata.json` (agent_name, model_name) at the run root above the trials. */
async function runMetadata(src: FileSource, runDir: string): Promise<Obj | null> {
  for (const d of [runDir, dirname(runDir), dirname(dirname(runDir))]) {
    const m = asObj(await readOptionalJson(src, join(d, 'run_metadata.json')));
    if (m) return m;
  }
  return null;
}

export async function assemble(src: FileSource, run: LoadedRun, built: BuiltSteps): Promise<Trajectory> {
  const rec = run.record;
  const warnings = [...run.warnings];
  const metadata: Record<string, unknown> = { layout: run.layout, eventCount: built.eventCount };
  if (run.sessionId) metadata.sessionId = run.sessionId;
  if (run.line !== undefined) metadata.line = run.line;

  let verdict: Verdict | null = null;
  let task: string | null = null;
  let agentClass = asString(getPath(rec, 'metadata.agent_class')) ?? asString(built.system?.agent_class);
  let model = asString(getPath(rec, 'metadata.llm_config.model'));

  if (run.runDir) {
    verdict = await verdictFromResultsJson(src, run.runDir);
    task = await taskFromRunDir(src, run.runDir);
    const results = asObj(await readOptionalJson(src, join(run.runDir, 'results.json')));
    const taskId = asString(results?.task_id);
    if (taskId) metadata.taskId = taskId;
    const rm = await runMetadata(src, run.runDir);
    model ??= asString(rm?.model_name);
    const agentName = asString(rm?.agent_name);
    if (agentName) metadata.harnessAgent = agentName;
  }
  if (rec) {
    const shown = run.file
      ? `${src.display(run.file)}${run.line !== undefined ? `:${run.line}` : ''}`
      : 'record';
    verdict ??= verdictFromRecord(rec, shown);
    const instanceId = asString(rec.instance_id);
    if (instanceId) {
      metadata.instanceId = instanceId;
      if (!verdict && run.file) verdict = await verdictFromSweReport(src, dirname(run.file), instanceId);
    }
    const instruction = asString(rec.instruction) ?? asString(getPath(rec, 'instance.problem_statement'));
    if (!task && instruction) task = taskFromPrompt(instruction);
    const error = asString(rec.error);
    if (error) metadata.error = error;
    const patch = asString(getPath(rec, 'test_result.git_patch'));
    if (patch) metadata.gitPatch = patch;
    const cost = getPath(rec, 'metrics.accumulated_cost');
    if (typeof cost === 'number') metadata.accumulatedCost = cost;
  }
  if (!task && built.firstUserMessage) task = taskFromPrompt(built.firstUserMessage);
  model ??= built.responseModel ?? undefined;

  if (!verdict) {
    const error = asString(metadata.error);
    verdict = error ? { solved: null, exitStatus: error } : { solved: null };
  }
  if (agentClass) metadata.agentClass = agentClass;
  const version = asString(built.system?.openhands_version);
  if (version) metadata.openhandsVersion = version;
  if (built.finalMessage) metadata.finalMessage = built.finalMessage;
  if (built.taskCompleted !== undefined && built.taskCompleted !== null)
    metadata.taskCompleted = built.taskCompleted;
  if (built.userMessages.length) metadata.userMessages = built.userMessages;
  if (built.earlyErrors.length) metadata.earlyErrors = built.earlyErrors;
  metadata.stepKinds = built.stepKinds;
  // CodeTraceBench trials: its published step maps count shell steps only; this maps their ids to ours.
  if (run.layout === 'file-store' && built.runStepIds.length) metadata.ctbRunStepIds = built.runStepIds;
  if (!built.steps.length) warnings.push('no agent action in the event stream (0 steps)');

  return makeTrajectory({
    id: run.id,
    sources: run.sources,
    format: FORMAT_ID,
    agent: agentClass ? `OpenHands ${agentClass}` : 'OpenHands',
    model: model ?? null,
    task,
    verdict,
    steps: built.steps,
    warnings,
    metadata,
  });
}
