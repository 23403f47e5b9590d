// analyzeWithLlm: one LLM diagnosis of a normalized run. Builds the prompt and tools, runs the loop,
// writes the profile output(s) and the conversation (`<output>.traj.json`), and returns everything a
// caller (analyze, run, the TUI) needs. Always leaves a valid output behind: a run that ends early has
// its recorded labels written as a partial diagnosis.
import path from 'node:path';
import { promises as fs } from 'node:fs';
import type { ResolvedConfig } from '../../config/resolve.js';
import { contextWindowFor } from '../../config/models.js';
import type { RunLocation } from '../../formats/types.js';
import { writeJsonAtomic } from '../../io/atomic.js';
import { fromFsError } from '../../io/errors.js';
import { connectLlm } from '../../llm/connect.js';
import { priceFor } from '../../llm/cost.js';
import type { LlmClient } from '../../llm/client.js';
import type { Usage } from '../../llm/types.js';
import type { Trajectory } from '../../model/trajectory.js';
import type { Diagnosis } from '../../profiles/diagnosis.js';
import { PROFILE_FILES, type ProfileName } from '../../profiles/schemas.js';
import { writeProfiles, type WrittenOutputs } from '../../profiles/write.js';
import { conversationDocument } from './conversation.js';
import { runLoop, type ChatModel } from './controller/loop.js';
import type { LoggedMessage } from './controller/transcript.js';
import type { DiagnosisListener, RunStatus } from './events.js';
import { diagnosisFromLabels } from './output.js';
import { RunState } from './state.js';
import type { TreeView } from './tree-adapter.js';
import { diagnosisStart } from './first-request.js';
import type { MemorySession } from '../../memory/session.js';

export { DEFAULT_PAGE_CHARS } from './first-request.js';

export interface AnalyzeLlmOptions {
  /** Resolved settings (endpoint, key, model, prices, limits, compaction). */
  config: ResolvedConfig;
  /** Profile whose contract the model answers in; its file is the primary output. */
  profile: ProfileName;
  /** Further profiles written from the same diagnosis. */
  alsoWrite?: ProfileName[];
  /** Folder the outputs go to (never the run's own directory unless the caller says so). */
  outputDir: string;
  /** The address the run was opened from, recorded in outputs. */
  address?: string;
  /** An already connected client (TUI, tests); default: connect from `config`. */
  llm?: ChatModel & Partial<Pick<LlmClient, 'settings'>>;
  memoryText?: string;
  /** Memory of this run's agent type: its lessons go into the prompt (unless memoryText is given) and
   *  lessons are extracted during and after the run, paid from the run's budget. */
  memory?: MemorySession;
  onEvent?: DiagnosisListener;
  signal?: AbortSignal;
  /** Override the model's context window (tests force compaction with a tiny one). */
  contextWindow?: number;
  pageChars?: number;
  /** Override step kinds / stages / tree (default: the tree module). */
  tree?: TreeView;
}

export interface AnalyzeLlmResult {
  status: RunStatus;
  reason: string;
  /** Profile-agnostic result (partial when status is not "completed"). */
  diagnosis: Diagnosis;
  outputs: WrittenOutputs;
  /** The conversation file (`<output>.traj.json`). */
  conversationFile: string;
  usage: Usage;
  /** USD, or null when the model's price is unknown. */
  cost: number | null;
  calls: number;
  model: string;
  compactions: number;
  conversation: LoggedMessage[];
}

export async function analyzeWithLlm(
  traj: Trajectory,
  location: RunLocation | null,
  o: AnalyzeLlmOptions,
): Promise<AnalyzeLlmResult> {
  const startedAt = new Date();
  const cfg = o.config;
  const llm: ChatModel = o.llm ?? (await connectLlm(cfg, o.signal));
  const model = llm.model;
  const secrets = [cfg.apiKey ?? ''].filter(Boolean);
  const state = new RunState();
  const emit: DiagnosisListener = o.onEvent ?? (() => undefined);
  const memoryText = o.memoryText ?? (o.memory ? await o.memory.start({ llm, emit, secrets }) : undefined);
  const {
    ctx,
    toolset,
    messages: initial,
  } = diagnosisStart({
    traj,
    location,
    profile: o.profile,
    model,
    tree: o.tree,
    state,
    pageChars: o.pageChars,
    memoryText,
  });
  const out = await runLoop({
    llm,
    ctx,
    toolset,
    initial,
    limits: cfg.limits,
    priced: priceFor(cfg.prices, model) !== null,
    contextWindow: o.contextWindow ?? contextWindowFor(cfg.contextWindows, model),
    compaction: cfg.compaction,
    emit,
    signal: o.signal,
    secrets,
    onStep: o.memory?.onStep,
  });
  if (o.memory) {
    await o.memory.finish({
      budget: out.budget,
      transcript: out.transcript,
      ctx,
      status: out.status,
      signal: o.signal ?? new AbortController().signal,
    });
  }

  const diagnosis =
    out.final ??
    diagnosisFromLabels(
      ctx,
      model,
      `Partial diagnosis: the run ended with status ${out.status} (${out.reason}); ${state.labels.size} label(s) were recorded before that.`,
    );
  try {
    await fs.mkdir(o.outputDir, { recursive: true });
  } catch (e) {
    throw fromFsError(e, o.outputDir);
  }
  const stem = PROFILE_FILES[o.profile].replace(/\.json$/, '');
  const conversationFile = path.join(o.outputDir, `${stem}.traj.json`);
  await writeJsonAtomic(
    conversationFile,
    conversationDocument({
      traj,
      address: o.address,
      model,
      profile: o.profile,
      status: out.status,
      reason: out.reason,
      startedAt,
      endedAt: new Date(),
      messages: out.transcript.messages,
      budget: out.budget,
      labels: state.labelList(),
      secrets,
    }),
  );
  const profiles = [o.profile, ...(o.alsoWrite ?? []).filter((p) => p !== o.profile)];
  const outputs = await writeProfiles(diagnosis, traj, o.outputDir, profiles, { address: o.address });
  emit({
    type: 'done',
    status: out.status,
    reason: out.reason,
    usage: out.budget.usage,
    cost: out.budget.cost,
    calls: out.budget.calls,
    labels: diagnosis.labels.filter((l) => l.verdict !== 'correct').length,
  });
  return {
    status: out.status,
    reason: out.reason,
    diagnosis,
    outputs,
    conversationFile,
    usage: out.budget.usage,
    cost: out.budget.cost,
    calls: out.budget.calls,
    model,
    compactions: out.compactions,
    conversation: out.transcript.messages,
  };
}

export { DiagnosisEventBus } from './events.js';
export type { DiagnosisEvent, DiagnosisListener, RunStatus } from './events.js';
export type { TreeView } from './tree-adapter.js';
export { initialMessages } from './prompt.js';
export { makeContext } from './context.js';
export { makeToolset } from './tools/index.js';
export { RunState } from './state.js';
