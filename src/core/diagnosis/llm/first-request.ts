// What a diagnosis starts from: the tree, the tool context, the tools and the first messages. Built without
// contacting the LLM, so `run --dry-run` and the bench measure exactly what analyzeWithLlm sends first.
import { estimateRequest } from '../../compaction/estimate.js';
import { getFormat } from '../../formats/registry.js';
import type { RunLocation } from '../../formats/types.js';
import type { Trajectory } from '../../model/trajectory.js';
import type { ProfileName } from '../../profiles/schemas.js';
import { makeContext } from './context.js';
import { initialMessages } from './prompt.js';
import { RunState } from './state.js';
import { makeToolset } from './tools/index.js';
import { treeView, type TreeView } from './tree-adapter.js';

export const DEFAULT_PAGE_CHARS = 8000;

export interface StartOptions {
  traj: Trajectory;
  location: RunLocation | null;
  profile: ProfileName;
  model: string;
  tree?: TreeView;
  state?: RunState;
  pageChars?: number;
  memoryText?: string;
}

/** The tree view and the read-only tools' context over a run (shared by diagnosis and Ask). */
export function runContext(o: Pick<StartOptions, 'traj' | 'location' | 'tree' | 'state' | 'pageChars'>) {
  const tree = o.tree ?? treeView(o.traj);
  const ctx = makeContext({
    traj: o.traj,
    kindOf: tree.kindOf,
    stages: tree.stages,
    treeMd: tree.treeMd,
    location: o.location,
    state: o.state ?? new RunState(),
    pageChars: o.pageChars ?? DEFAULT_PAGE_CHARS,
  });
  return { tree, ctx };
}

export function diagnosisStart(o: StartOptions) {
  const { tree, ctx } = runContext(o);
  const toolset = makeToolset(o.profile, o.model);
  const messages = initialMessages({
    ctx,
    profile: o.profile,
    formatDescription: getFormat(o.traj.format)?.description ?? '',
    memoryText: o.memoryText,
  });
  return { tree, ctx, toolset, messages };
}

/** The first request and its estimated size in tokens. */
export function firstRequest(
  traj: Trajectory,
  location: RunLocation | null,
  profile: ProfileName,
  model: string,
) {
  const { tree, ctx, toolset, messages } = diagnosisStart({ traj, location, profile, model });
  const specs = toolset.specs;
  return { tree, ctx, messages, specs, tokens: estimateRequest(messages, specs) };
}
