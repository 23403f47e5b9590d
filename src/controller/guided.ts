// The TUI's discovery fallback: when nothing was found under the roots and an LLM is available, ask it
// where the runs are (same checks as `discover`); rejected proposals show up as discovery problems.
import { promises as fs } from 'node:fs';
import type { ChatModel } from '../core/diagnosis/llm/controller/loop.js';
import type { DiscoverOptions, DiscoveredRun, DiscoveryProblem } from '../core/discovery/index.js';
import { guidedDiscover } from '../core/discovery/llm-guided.js';
import { parseAddress } from '../core/formats/open.js';
import type { Limits } from '../core/config/resolve.js';
import type { StatusLevel } from './state.js';

export interface GuidedHost {
  connect(): Promise<ChatModel>;
  limits: Limits | null;
  discover?: DiscoverOptions;
  status(text: string, level: StatusLevel): void;
  problem(p: DiscoveryProblem): void;
  found(run: DiscoveredRun): void;
}

/** Returns how many runs the LLM's proposals yielded. */
export async function guidedForRoots(roots: string[], host: GuidedHost): Promise<number> {
  const dirs: string[] = [];
  for (const r of roots) {
    const a = parseAddress(r);
    if (a.inner === undefined && (await fs.stat(a.fsPath).catch(() => null))?.isDirectory())
      dirs.push(a.fsPath);
  }
  if (!dirs.length) return 0;
  let llm: ChatModel;
  try {
    llm = await host.connect();
  } catch (e) {
    host.status(`LLM-guided discovery skipped: ${(e as Error).message.split('\n')[0]}`, 'warn');
    return 0;
  }
  let count = 0;
  for (const root of dirs) {
    host.status(
      `no runs found by markers under ${root}; asking the LLM (${llm.model}) where they are`,
      'info',
    );
    const r = await guidedDiscover(root, {
      llm,
      maxCalls: Math.min(2, host.limits?.maxCalls ?? 2),
      limits: host.limits ?? undefined,
      skip: host.discover?.skip,
      noDefaultSkip: host.discover?.noDefaultSkip,
    });
    for (const x of r.rejected) host.problem({ path: x.path, message: `LLM proposal rejected: ${x.reason}` });
    for (const x of r.notes) host.problem({ path: x.path, message: `LLM proposal: ${x.message}` });
    if (r.failure) host.status(`LLM-guided discovery: ${r.failure}`, 'warn');
    for (const run of r.runs) host.found(run);
    count += r.runs.length;
  }
  return count;
}
