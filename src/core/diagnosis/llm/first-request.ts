// The first request a diagnosis would send, built without contacting the LLM: for `run --dry-run` and the
// bench that keeps its size in check.
import { estimateRequest } from '../../compaction/estimate.js';
import { getFormat } from '../../formats/registry.js';
import type { RunLocation } from '../../formats/types.js';
import type { Trajectory } from '../../model/trajectory.js';
import type { ProfileName } from '../../profiles/schemas.js';
import { makeContext } from './context.js';
import { DEFAULT_PAGE_CHARS } from './index.js';
import { initialMessages } from './prompt.js';
import { RunState } from './state.js';
import { makeToolset } from './tools/index.js';
import { treeView } from './tree-adapter.js';

export function firstRequest(
  traj: Trajectory,
  location: RunLocation | null,
  profile: ProfileName,
  model: string,
) {
  const tree = treeView(traj);
  const ctx = makeContext({
    traj,
    kindOf: tree.kindOf,
    stages: tree.stages,
    treeMd: tree.treeMd,
    location,
    state: new RunState(),
    pageChars: DEFAULT_PAGE_CHARS,
  });
  const messages = initialMessages({
    ctx,
    profile,
    formatDescription: getFormat(traj.format)?.description ?? '',
  });
  const specs = makeToolset(profile, model).specs;
  return { tree, ctx, messages, specs, tokens: estimateRequest(messages, specs) };
}
