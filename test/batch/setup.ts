// Shared setup for the batch tests: a root folder holding copies of MIT test fixtures (plus one run packed
// as a CodeTraceBench-style .tar.zst artifact), a manifest over them, a scripted LLM diagnosis, and helpers
// to check every output against its run.
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { openRun } from '../../src/core/formats/open.js';
// validateOutputs opens runs, so the formats must be registered (the CLI's entry point does it too).
import '../../src/core/init.js';
import { PROFILE_FILES, PROFILE_NAMES } from '../../src/core/profiles/schemas.js';
import { validateProfileFile } from '../../src/core/profiles/validate.js';
import { entriesOf, hasZstdCli, makeTar, zstdCli, zstdRaw } from '../helpers/archives.js';
import { callTool, type ReceivedRequest, type ScriptedReply } from '../helpers/scripted-llm-server.js';

const FIXTURES = path.resolve(import.meta.dirname, '../fixtures');

/** Runs copied into the root, by traj_id, and how the manifest row points at each. */
const RUNS: { id: string; from: string; field: 'path' | 'source_relpath' }[] = [
  { id: 'overfull-hbox-ea068f9e', from: 'openhands/ctb/ea068f9e', field: 'source_relpath' },
  { id: 'openhands-0a4d7803', from: 'openhands/ctb/0a4d7803', field: 'source_relpath' },
  { id: 'prove-plus-comm', from: 'atif/prove-plus-comm__YDACMLN', field: 'path' },
  { id: 'hello-world', from: 'claude_code/hello-world.1-of-1.2025-11-09__14-07-43', field: 'path' },
  {
    id: 'pydicom-1458',
    from: 'swe_agent/gpt4__swe-bench-dev-easy_first_only__default__t-0.00__p-0.95__c-3.00__install-1',
    field: 'source_relpath',
  },
  { id: 'astropy-12907', from: 'miniswe/swebench/astropy__astropy-12907', field: 'source_relpath' },
  { id: 'django-11163', from: 'miniswe/swebench/django__django-11163', field: 'path' },
  {
    id: 'build-initramfs',
    from: 'prenormalized/build-initramfs-qemu/terminus2-OpenAI__GPT-5-build-initramfs-qemu-b10ea365',
    field: 'source_relpath',
  },
];
/** The run packed as an archive (artifact_path), like CodeTraceBench's bench_artifacts/full/. */
export const ARCHIVED = { id: 'regex-log', from: 'atif/regex-log__XYfBZFy' };
/** Rows carry gold fields with this text; no LLM request may ever contain it. */
export const GOLD_MARKER = 'GOLD-ONLY-7f3a';

export const ALL_IDS = [...RUNS.map((r) => r.id), ARCHIVED.id];

export interface BatchRoot {
  tmp: string;
  root: string;
  manifest: string;
  rows: Record<string, unknown>[];
}

function goldFields(): Record<string, unknown> {
  return {
    solved: false,
    step_count: 3,
    stages: [{ stage_id: 1, start_step_id: 1, end_step_id: 2 }],
    incorrect_stages: [{ stage_id: 1, incorrect_step_ids: [1], unuseful_step_ids: [] }],
    note: GOLD_MARKER,
  };
}

export async function makeBatchRoot(): Promise<BatchRoot> {
  const tmp = mkdtempSync(path.join(os.tmpdir(), 'ct-batch-'));
  const root = path.join(tmp, 'root');
  const rows: Record<string, unknown>[] = [];
  for (const r of RUNS) {
    const rel = `runs/${r.id}`;
    cpSync(path.join(FIXTURES, r.from), path.join(root, rel), { recursive: true });
    rows.push({ traj_id: r.id, ...goldFields(), [r.field]: r.field === 'path' ? path.join(root, rel) : rel });
  }
  const tar = await makeTar(entriesOf(path.join(FIXTURES, ARCHIVED.from), 'regex-log__XYfBZFy'));
  const rel = `bench_artifacts/full/${ARCHIVED.id}.tar.zst`;
  mkdirSync(path.dirname(path.join(root, rel)), { recursive: true });
  writeFileSync(path.join(root, rel), hasZstdCli ? zstdCli(tar) : zstdRaw(tar));
  rows.push({ traj_id: ARCHIVED.id, ...goldFields(), artifact_path: rel });
  const manifest = path.join(tmp, 'manifest.jsonl');
  writeFileSync(manifest, rows.map((r) => JSON.stringify(r)).join('\n') + '\n');
  return { tmp, root, manifest, rows };
}

export function llmEnv(url: string): Record<string, string> {
  return { CODETRACER_API_BASE: url, CODETRACER_API_KEY: 'sk-batch-test', CODETRACER_MODEL: 'gpt-4.1-mini' };
}

/**
 * A three-call diagnosis for any run: view step 1, label it, finish with that label in the stage the
 * view named. Stateless (decided from the conversation), so runs can interleave freely.
 */
export function scriptedDiagnosis(req: ReceivedRequest): ScriptedReply {
  const msgs = (req.body?.messages ?? []) as { role: string; content?: unknown }[];
  const turns = msgs.filter((m) => m.role === 'assistant').length;
  if (turns === 0) return callTool('view_step', { step_id: 1 });
  if (turns === 1) {
    return callTool('record_label', {
      step_id: 1,
      verdict: 'incorrect',
      reasoning: 'scripted: step 1 is labelled',
      deviation_type: 'wrong_target',
    });
  }
  const text = msgs.map((m) => (typeof m.content === 'string' ? m.content : '')).join('\n');
  const stage = Number(/stage (\d+) \(steps/.exec(text)?.[1] ?? 1);
  const entry = {
    stage_id: stage,
    incorrect_step_ids: [1],
    unuseful_step_ids: [],
    reasoning: 'scripted: step 1 is labelled',
  };
  return callTool('finish', {
    output: {
      root_cause_chain: ['scripted'],
      critical_decision_points: [],
      correct_strategy: 'scripted',
      stage_labels: [entry],
      summary: 'scripted diagnosis',
    },
  });
}

export interface SummaryDoc {
  runs: {
    traj_id: string;
    status: string;
    steps: number | null;
    labels: number | null;
    error: string | null;
    resumed?: boolean;
    cost: number | null;
  }[];
  problems: { where: string; reason: string }[];
  finished: boolean;
  interrupted: boolean;
}

export function readSummary(out: string): SummaryDoc {
  return JSON.parse(readFileSync(path.join(out, 'summary.json'), 'utf8'));
}

/** Every profile file of every completed run, validated against the run parsed from its address. */
export async function validateOutputs(b: BatchRoot, out: string, ids: string[]): Promise<string[]> {
  const errors: string[] = [];
  for (const id of ids) {
    const row = b.rows.find((r) => r.traj_id === id)!;
    const rel = (row.path ?? row.source_relpath ?? row.artifact_path) as string;
    const [traj] = await openRun(path.resolve(b.root, rel));
    const dir = path.join(out, id);
    const sidecar = JSON.parse(readFileSync(path.join(dir, 'codetracer_run.json'), 'utf8'));
    for (const p of PROFILE_NAMES) {
      const file = path.join(dir, PROFILE_FILES[p]);
      if (!existsSync(file)) {
        errors.push(`${id}: ${PROFILE_FILES[p]} missing`);
        continue;
      }
      const r = await validateProfileFile(file, traj, { profile: p, stages: sidecar.stages });
      if (!r.valid) errors.push(`${id}: ${PROFILE_FILES[p]}: ${r.errors[0]}`);
    }
  }
  return errors;
}
