// SWE-agent: one `<instance_id>.traj` JSON file per run (alone or in its instance folder).
import { CodetracerError } from '../../io/errors.js';
import { parseJsonShared, readText } from '../../io/read.js';
import { basename, join } from '../../io/source.js';
import type { FormatModule, RunLocation } from '../types.js';
import { isObj } from '../shared/access.js';
import { looksLikeSweAgentTraj, parseSweAgentFile, reportVerdict } from './parse.js';

/** The run file: the location itself, or the one `*.traj` in a folder. */
async function trajFile(loc: RunLocation): Promise<string | null> {
  if (loc.kind === 'file') return /\.(traj|json)$/.test(basename(loc.path)) ? loc.path : null;
  const entries = await loc.src.list(loc.path).catch(() => []);
  const hits = entries.filter((e) => e.kind === 'file' && e.name.endsWith('.traj'));
  return hits.length === 1 ? join(loc.path, hits[0].name) : null;
}

/** The run file and its JSON (shared: never mutate it), or undefined when there is none or it is no JSON. */
async function readTraj(loc: RunLocation): Promise<{ file: string; d: unknown } | undefined> {
  const file = await trajFile(loc).catch(() => null);
  if (!file) return undefined;
  try {
    return { file, d: parseJsonShared(await readText(loc.src, file), loc.src.display(file)) };
  } catch {
    return undefined;
  }
}

export const swe_agentFormat: FormatModule = {
  id: 'swe_agent',
  title: 'SWE-agent',
  description: [
    'SWE-agent run: `<instance_id>.traj`, a JSON file {trajectory[], history[], info{exit_status, submission,',
    'model_stats}, replay_config?} (run folders may hold args.yaml or <id>.config.yaml with the model).',
    'Step = each element of trajectory[] (ids 1..n, the CodeTraceBench convention): action = the command line the',
    'agent issued (SWE-agent tools such as open/goto/edit/create/find_file/search_dir/str_replace_editor/submit, or',
    'plain shell); reasoning = `thought` (the response text without the command); observation = the tool output;',
    '`state` gives the open file and working dir after the step. history[] is the chat with the model (demonstration',
    'messages marked is_demo are not the task). Edits come from str_replace_editor/edit tool-call arguments or 0.x',
    '`edit N:M ... end_of_edit` blocks. No per-step exit codes or timestamps. Verdict: unknown unless a SWE-bench',
    'report.json is found beside the run; exitStatus = info.exit_status (submitted, exit_cost, exit_format, ...).',
  ].join('\n'),
  fingerprints: ['*.traj', 'file:*.traj'],
  priority: 40,
  async detect(loc: RunLocation): Promise<boolean> {
    return looksLikeSweAgentTraj((await readTraj(loc))?.d);
  },
  async parse(loc: RunLocation) {
    const file = await trajFile(loc);
    if (!file) {
      throw new CodetracerError(
        'invalid_data',
        'no SWE-agent trajectory here (expected one *.traj file)',
        loc.src.display(loc.path),
      );
    }
    return [await parseSweAgentFile(loc.src, file)];
  },
  async quickCount(loc: RunLocation): Promise<number | null> {
    const d = (await readTraj(loc))?.d;
    return looksLikeSweAgentTraj(d) ? (d as { trajectory: unknown[] }).trajectory.length : null;
  },
  async quickVerdict(loc: RunLocation): Promise<boolean | null | undefined> {
    const t = await readTraj(loc);
    if (!t || !looksLikeSweAgentTraj(t.d) || !isObj(t.d)) return undefined;
    return (await reportVerdict(loc.src, t.file, t.d)).found?.solved ?? null;
  },
};
