// mini-SWE-agent: `*.traj.json` (any version, text or tool-calling), the terminal-bench trial layout
// (`agent-logs/mini.traj.json`, or only `sessions/agent.log`), Harbor trials and SWE-bench output folders.
import { CodetracerError } from '../../io/errors.js';
import { parseJsonShared, readText } from '../../io/read.js';
import type { FormatModule, RunLocation } from '../types.js';
import { countLogSteps, looksLikeMiniLog, parseAgentLog } from './agentlog.js';
import { resolveMini, type MiniSource } from './locate.js';
import { countTrajSteps, looksLikeMiniTraj, parseTrajFile, trajVerdict } from './traj.js';

async function safeText(loc: RunLocation, file: string): Promise<string | null> {
  try {
    return await readText(loc.src, file, { allowEmpty: true });
  } catch {
    return null;
  }
}

/** The run's source and its text (null when there is no mini-SWE-agent source or it cannot be read). */
async function loadSource(loc: RunLocation): Promise<{ found: MiniSource; text: string } | null> {
  const found = await resolveMini(loc).catch(() => null);
  if (!found) return null;
  const text = await safeText(loc, found.file);
  return text === null ? null : { found, text };
}

/** A traj source's JSON (shared: never mutate it); throws on invalid JSON. */
const trajJson = (loc: RunLocation, s: { found: MiniSource; text: string }): unknown =>
  parseJsonShared(s.text, loc.src.display(s.found.file));

export const minisweFormat: FormatModule = {
  id: 'miniswe',
  title: 'mini-SWE-agent',
  description: [
    'mini-SWE-agent run. Sources: a `*.traj.json` file {info{exit_status, submission, model_stats, config.model.model_name},',
    'messages[], trajectory_format}; in terminal-bench trials `agent-logs/mini.traj.json` (preferred) or the terminal log',
    '`sessions/agent.log`; Harbor trials `agent/mini-swe-agent.trajectory.json` (verdict verifier/reward.txt);',
    'SWE-bench output `trajs/<id>/<id>.traj.json` with the verdict in `logs/<id>/report.json`.',
    'Step = each assistant message that carries a bash action (ids 1..n, the CodeTraceBench convention): a ```bash',
    '(v2: ```mswea_bash_command) fence in the text, or bash tool_calls (v2 tool calling; one step per message, its',
    'commands joined). Action = the command; reasoning = model thinking (reasoning_content) then the THOUGHT prose.',
    'Observation = the next user message (`<returncode>N</returncode><output>…</output>`) or the tool results; after',
    'the final `echo COMPLETE_TASK_AND_SUBMIT_FINAL_OUTPUT` it is the submission (the diff). A reply without a command',
    "is not a step: the harness answers it with a format-error message and its text is put before the next step's",
    'reasoning. In agent.log each `mini-swe-agent (step N, $cost):` header starts one reply; `User:` starts its result.',
    'Verdict: terminal-bench results.json is_resolved, or SWE-bench report.json resolved; exitStatus = info.exit_status.',
  ].join('\n'),
  fingerprints: [
    'agent-logs/mini.traj.json',
    'agent/mini-swe-agent.trajectory.json',
    '*.traj.json',
    'trajs/*/*.traj.json',
    'sessions/agent.log',
    'file:*.traj.json',
    'file:mini-swe-agent.trajectory.json',
    'file:agent.log',
  ],
  priority: 40,
  async detect(loc: RunLocation): Promise<boolean> {
    const s = await loadSource(loc);
    if (!s) return false;
    if (s.found.kind === 'log') return looksLikeMiniLog(s.text);
    try {
      return looksLikeMiniTraj(trajJson(loc, s));
    } catch {
      return false;
    }
  },
  async parse(loc: RunLocation) {
    const found = await resolveMini(loc);
    if (!found) {
      throw new CodetracerError(
        'invalid_data',
        'no mini-swe-agent trajectory here (*.traj.json or sessions/agent.log)',
        loc.src.display(loc.path),
      );
    }
    if (found.kind === 'log') return [await parseAgentLog(loc.src, found.file, found.trialDir)];
    return [await parseTrajFile({ src: loc.src, file: found.file, trialDir: found.trialDir })];
  },
  async quickCount(loc: RunLocation): Promise<number | null> {
    const s = await loadSource(loc);
    if (!s) return null;
    if (s.found.kind === 'log') return countLogSteps(s.text);
    try {
      return countTrajSteps(trajJson(loc, s));
    } catch {
      return null;
    }
  },
  async quickVerdict(loc: RunLocation): Promise<boolean | null | undefined> {
    const s = await loadSource(loc);
    if (!s || s.found.kind !== 'traj') return undefined;
    const { file, trialDir } = s.found;
    return (await trajVerdict({ src: loc.src, file, trialDir }, trajJson(loc, s)))?.solved;
  },
};
