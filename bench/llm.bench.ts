// LLM diagnosis bench: size of the first request (our estimator) for the 486-step OpenHands fixture and a
// synthetic 5,000-step run built from real steps (target < 12k tokens each), and the loop's own overhead
// per LLM call with the scripted server answering at once (target < 5 ms). Standalone:
// `npm run build && node dist/bench/llm.bench.js`.
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { resolveConfig } from '../src/core/config/resolve.js';
import { analyzeWithLlm } from '../src/core/diagnosis/llm/index.js';
import { treeView } from '../src/core/diagnosis/llm/tree-adapter.js';
import { openRun } from '../src/core/formats/open.js';
import { LlmClient } from '../src/core/llm/client.js';
import type { Step, Trajectory } from '../src/core/model/trajectory.js';
import { ScriptedLlmServer, type ScriptedReply } from '../test/helpers/scripted-llm-server.js';
import { isEntryPoint } from '../src/cli/entry.js';
import { firstRequest } from '../src/core/diagnosis/llm/first-request.js';

const TARGET_TOKENS = 12_000;
const TARGET_MS_PER_CALL = 5;

function repoRoot(): string {
  let d = path.dirname(fileURLToPath(import.meta.url));
  while (!existsSync(path.join(d, 'package.json')) && path.dirname(d) !== d) d = path.dirname(d);
  return d;
}

const FIXTURE_486 =
  'codetracebench_prenormalized/openhands/Qwen__Qwen3-Coder-480B-A35B-Instruct/openhands_480b/protocol-analysis-rs/' +
  'openhands-Qwen__Qwen3-Coder-480B-A35B-Instruct-protocol-analysis-rs-0160e7da';

function firstRequestTokens(traj: Trajectory): { tokens: number; chars: number } {
  const { messages, specs, tokens } = firstRequest(traj, null, 'detailed', 'bench');
  return {
    tokens,
    chars: messages.reduce((n, m) => n + (m.content?.length ?? 0), 0) + JSON.stringify(specs).length,
  };
}

/** n steps made by repeating real ones with fresh ids; the run's own stages are dropped so they get segmented. */
function synthetic(base: Trajectory, n: number): Trajectory {
  const steps: Step[] = [];
  for (let i = 0; i < n; i++) steps.push({ ...base.steps[i % base.steps.length], id: i + 1 });
  const { stages: _drop, ...rest } = base;
  void _drop;
  return { ...rest, id: `${base.id}-synthetic-${n}`, steps };
}

async function loadBase(root: string): Promise<{ traj: Trajectory | null; fixture486: Trajectory | null }> {
  const big = path.resolve(root, '..', 'shared', 'fixtures', FIXTURE_486);
  const fixture486 = existsSync(big) ? (await openRun(big))[0] : null;
  if (fixture486) return { traj: fixture486, fixture486 };
  const small = path.join(root, 'test', 'fixtures', 'llm', 'overfull-hbox');
  return { traj: existsSync(small) ? (await openRun(small))[0] : null, fixture486: null };
}

/** Scripted calls that exercise every read tool, then a label and the final answer. */
function script(traj: Trajectory, calls: number): ScriptedReply[] {
  const n = traj.steps.length;
  const out: ScriptedReply[] = [];
  for (let i = 0; i < calls - 2; i++) {
    const id = 1 + ((i * 97) % n);
    const pick = i % 5;
    const call =
      pick === 0
        ? { name: 'view_step', arguments: { step_id: id } }
        : pick === 1
          ? { name: 'list_steps', arguments: { from: id, to: id + 50, kind: 'change' } }
          : pick === 2
            ? { name: 'search', arguments: { pattern: 'error|fail', from: id, to: id + 400 } }
            : pick === 3
              ? { name: 'view_stage', arguments: { stage_id: 1 + (i % 10) } }
              : { name: 'overview', arguments: {} };
    out.push({ toolCalls: [call], usage: { prompt_tokens: 1000, completion_tokens: 20 } });
  }
  out.push({
    toolCalls: [{ name: 'record_label', arguments: { step_id: 1, verdict: 'unuseful', reasoning: 'bench' } }],
  });
  out.push({
    toolCalls: [
      {
        name: 'finish',
        arguments: {
          output: {
            root_cause_chain: [],
            critical_decision_points: [],
            correct_strategy: '',
            stage_labels: [],
            summary: 'bench',
          },
        },
      },
    ],
  });
  return out;
}

async function loopOverhead(traj: Trajectory, calls: number) {
  const server = await ScriptedLlmServer.start({ script: script(traj, calls) });
  const tmp = mkdtempSync(path.join(os.tmpdir(), 'ct-llm-bench-'));
  try {
    const model = 'gpt-4.1-mini';
    const cfg = await resolveConfig({
      flags: { apiBase: server.url, apiKey: 'bench-key', model },
      env: {},
      confCwd: false,
    });
    const llm = new LlmClient({
      apiBase: server.url,
      apiKey: 'bench-key',
      model,
      timeoutMs: 10_000,
      maxRetries: 0,
      retryBaseMs: 10,
      retryMaxMs: 10,
      retryAfterCapMs: 10,
      prices: cfg.prices,
      stream: true,
      streamUsage: true,
    });
    let chatMs = 0;
    const timed = {
      model,
      chat: async (...a: Parameters<LlmClient['chat']>) => {
        const r = await llm.chat(...a);
        chatMs += r.durationMs;
        return r;
      },
    };
    // Step kinds, stages and tree are computed once per run before the loop: not loop overhead.
    const ts = performance.now();
    const tree = treeView(traj);
    const setupMs = performance.now() - ts;
    const t0 = performance.now();
    const r = await analyzeWithLlm(traj, null, {
      config: cfg,
      llm: timed,
      profile: 'detailed',
      outputDir: tmp,
      tree,
    });
    const totalMs = performance.now() - t0;
    return {
      status: r.status,
      calls: r.calls,
      treeSetupMs: Math.round(setupMs),
      msPerCallTotal: +(totalMs / r.calls).toFixed(2),
      // Loop only = everything but waiting for the server: prompt, tools, compaction checks, outputs.
      msPerCallLoopOnly: +((totalMs - chatMs) / r.calls).toFixed(2),
      loadAverage: os.loadavg()[0].toFixed(1),
      targetMs: TARGET_MS_PER_CALL,
      meetsTarget: (totalMs - chatMs) / r.calls < TARGET_MS_PER_CALL,
    };
  } finally {
    await server.close();
    rmSync(tmp, { recursive: true, force: true });
  }
}

export async function benchLlm(): Promise<Record<string, unknown>> {
  const root = repoRoot();
  const { traj, fixture486 } = await loadBase(root);
  const out: Record<string, unknown> = {};
  if (fixture486) {
    const f = firstRequestTokens(fixture486);
    out.fixture486 = {
      steps: fixture486.steps.length,
      firstRequestTokens: f.tokens,
      targetTokens: TARGET_TOKENS,
      meetsTarget: f.tokens < TARGET_TOKENS,
    };
  } else out.fixture486 = 'skipped (../shared/fixtures not found)';
  if (!traj) return { ...out, synthetic5000: 'skipped (no source run)' };
  const syn = synthetic(traj, 5000);
  const f = firstRequestTokens(syn);
  out.synthetic5000 = {
    steps: syn.steps.length,
    builtFrom: traj.id,
    firstRequestTokens: f.tokens,
    targetTokens: TARGET_TOKENS,
    meetsTarget: f.tokens < TARGET_TOKENS,
  };
  out.loopOverhead5000 = await loopOverhead(syn, 60);
  return out;
}

if (isEntryPoint(import.meta.url)) {
  benchLlm()
    .then((r) => console.log(JSON.stringify(r, null, 2)))
    .catch((e) => {
      console.error(e);
      process.exit(1);
    });
}
