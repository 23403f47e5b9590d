// OpenHands (v0.x) event streams: the file store of a trial dir, JSON event lists and output.jsonl.
import { basename, join } from '../../io/source.js';
import type { Trajectory } from '../../model/trajectory.js';
import type { FormatModule, RunLocation } from '../types.js';
import { detectOpenHands } from './detect.js';
import { hasSources, isStepAction } from './events.js';
import {
  countJsonlRuns,
  loadDir,
  loadJsonFile,
  loadJsonl,
  loadSession,
  locateStore,
  type LoadedRun,
} from './layouts.js';
import { assemble, FORMAT_ID } from './meta.js';
import { buildSteps } from './pairing.js';

const DESCRIPTION = `OpenHands (v0.x, CodeActAgent and others) event stream.
Layouts: (1) a trial directory (terminal-bench / CodeTraceBench) with results.json (instruction, is_resolved)
and the OpenHands file store sessions/sessions/<session-id>/events/<event-id>.json, one event per file
(event_cache/<start>-<end>.json chunks fill gaps), or a flat sessions/*.json event list; (2) a JSON file holding
the event list (an array, or an object with "history"); (3) an evaluation output.jsonl with one run per line
(instance_id, instruction, history, metadata.agent_class / llm_config.model, test_result.git_patch; "#N" picks
line N).
Events: {id, timestamp, source: agent|user|environment, message, action + args | observation + content + extras,
cause (the id of the action an observation answers), tool_call_metadata (the LLM response: text, tool call, usage)}.
Action kinds: run (shell command), run_ipython, read / edit / write (file editor: view, create, str_replace,
insert, undo_edit, LLM edit), browse, browse_interactive, think, finish, delegate, call_tool_mcp, task_tracking,
condensation, recall, message, system.
Steps (CodeTraceBench step ids): every action whose source is the agent, in event-id order, except system,
message and null actions. Event ids are NOT step ids (step 3 may be event 25). A step's observation is the
content of the events whose cause is the action's id (command output ends with OpenHands' exit-code note;
the exit code is also on the step). Reasoning = the LLM's thinking and text for that call (args.thought).
Agent chat messages are not steps: their text is prepended to the next step's reasoning, and the agent's last
message is metadata.finalMessage; a user reply to an agent message stays with it ("[user message]"). Other
user messages and stray tool-call errors ("[error]") are appended to the observation of the step they follow. Tool calls of one LLM response share a parallel group.
Verdict: results.json is_resolved (trial dir), or the record's test_result report (output.jsonl); the finish
action's task_completed is only the agent's own claim (metadata.taskCompleted).`;

async function loadRuns(loc: RunLocation): Promise<LoadedRun[]> {
  if (loc.kind === 'dir') return [await loadDir(loc.src, loc.path)];
  if (basename(loc.path).toLowerCase().endsWith('.jsonl')) return loadJsonl(loc.src, loc.path, loc.index);
  return [await loadJsonFile(loc.src, loc.path)];
}

async function parse(loc: RunLocation): Promise<Trajectory[]> {
  const runs = await loadRuns(loc);
  const out: Trajectory[] = [];
  for (const run of runs) out.push(await assemble(loc.src, run, buildSteps(run.events)));
  return out;
}

async function countRuns(loc: RunLocation): Promise<number> {
  if (loc.kind === 'file' && basename(loc.path).toLowerCase().endsWith('.jsonl')) {
    return countJsonlRuns(loc.src, loc.path);
  }
  return 1;
}

/** Runs smaller than this are counted exactly by reading them; larger ones are not counted. */
const QUICK_COUNT_BYTES = 8 * 1024 * 1024;

function countSteps(run: LoadedRun): number {
  const events = run.events.map((r) => r.event);
  const sourced = hasSources(events);
  return events.filter((e) => isStepAction(e, sourced)).length;
}

/**
 * Exact step count for small runs. Counting event files is not exact (observations, messages and
 * user/environment events are files too), so large runs return null instead of a guess.
 */
async function quickCount(loc: RunLocation): Promise<number | null> {
  try {
    if (loc.kind === 'dir') {
      const store = await locateStore(loc.src, loc.path);
      if (!store) return null;
      let bytes = 0;
      for (const sub of ['events', 'event_cache']) {
        const entries = await loc.src.list(join(store.sessions[0], sub)).catch(() => []);
        bytes += entries.reduce((n, e) => n + e.size, 0);
      }
      if (bytes > QUICK_COUNT_BYTES) return null;
      const { events } = await loadSession(loc.src, store.sessions[0], []);
      const sourced = hasSources(events.map((r) => r.event));
      return events.filter((r) => isStepAction(r.event, sourced)).length;
    }
    const st = await loc.src.stat(loc.path);
    if (!st || st.size > QUICK_COUNT_BYTES) return null;
    if (basename(loc.path).toLowerCase().endsWith('.jsonl')) {
      if (loc.index === undefined && (await countJsonlRuns(loc.src, loc.path)) !== 1) return null;
      const [run] = await loadJsonl(loc.src, loc.path, loc.index ?? 0);
      return countSteps(run);
    }
    return countSteps(await loadJsonFile(loc.src, loc.path));
  } catch {
    return null;
  }
}

export const openhandsFormat: FormatModule = {
  id: FORMAT_ID,
  title: 'OpenHands',
  description: DESCRIPTION,
  fingerprints: [
    'sessions/sessions/*/events',
    'sessions/sessions/*/event_cache',
    'sessions/*/events',
    'sessions/*/event_cache',
    'events',
    'event_cache',
    // The flat layout (sessions/*.json) is fingerprinted by its folder, so the trial dir stays the run.
    'sessions',
    'file:*.jsonl',
    'file:*.json',
  ],
  // Above the terminal-bench formats: an OpenHands trial also holds agent.cast / agent.log / commands.txt,
  // while detection here requires the OpenHands event store itself.
  priority: 55,
  detect: detectOpenHands,
  parse,
  countRuns,
  quickCount,
};
