// Who&When failure-attribution runs: one JSON file per run (`history[]` + human mistake annotations).
import { parseJsonShared, readJsonShared, readText } from '../../io/read.js';
import type { FormatModule, RunLocation } from '../types.js';
import { looksLikeWhoWhen, parseWhoWhen } from './parse.js';

const MAX_DETECT_BYTES = 64 * 1024 * 1024;

export const whowhenFormat: FormatModule = {
  id: 'whowhen',
  title: 'Who&When (multi-agent failure attribution)',
  description: [
    'Who&When run: one JSON file {question, ground truth (hidden), history:[{role, name?, content}], mistake annotations',
    '(hidden)}. A multi-agent conversation on a GAIA / AssistantBench question, not a coding run; every run failed.',
    'Each history message is one step (step id = history index + 1); there are no tool results: a message that',
    "reports the result of another agent's request (WebSurfer describing a page, Computer_terminal printing code",
    'output) is the observation of that request. Hand-Crafted runs are Magentic-One teams: role is the agent and',
    'channel, e.g. "Orchestrator (thought)" (its plan / ledger), "Orchestrator (-> WebSurfer)" (an instruction to',
    'WebSurfer), "WebSurfer", "FileSurfer", "Assistant" (code writer), "ComputerTerminal"; the agent of',
    '"Orchestrator (…)" is Orchestrator. Algorithm-Generated runs are AG2/CaptainAgent group chats: name is the',
    'agent (domain experts such as Excel_Expert, and Computer_terminal which executes the code blocks others post).',
    'The task is to find the agent and the step whose mistake made the run fail.',
  ].join('\n'),
  fingerprints: ['file:*.json'],
  priority: 20,
  async detect(loc: RunLocation): Promise<boolean> {
    if (loc.kind !== 'file' || !loc.path.toLowerCase().endsWith('.json')) return false;
    const st = await loc.src.stat(loc.path).catch(() => null);
    if (!st || st.kind !== 'file' || st.size > MAX_DETECT_BYTES) return false;
    const text = await readText(loc.src, loc.path).catch(() => '');
    // Cheap text test first so generic JSON files are not parsed.
    if (
      !/"history"\s*:/.test(text) ||
      !/"(mistake_agent|mistake_step|mistake_reason|question)"\s*:/.test(text)
    ) {
      return false;
    }
    try {
      return looksLikeWhoWhen(parseJsonShared(text, loc.src.display(loc.path)));
    } catch {
      return false;
    }
  },
  async parse(loc: RunLocation) {
    return [parseWhoWhen(loc.src, loc.path, await readJsonShared(loc.src, loc.path))];
  },
};
