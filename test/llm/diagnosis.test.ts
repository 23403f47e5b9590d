// End-to-end diagnoses through the real openai SDK against the scripted loopback server.
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { analyzeWithLlm, type AnalyzeLlmOptions } from '../../src/core/diagnosis/llm/index.js';
import type { DiagnosisEvent } from '../../src/core/diagnosis/llm/events.js';
import { openRun } from '../../src/core/formats/open.js';
import { PROFILE_FILES, PROFILE_NAMES, type ProfileName } from '../../src/core/profiles/schemas.js';
import { validateProfileFile } from '../../src/core/profiles/validate.js';
import { loadPredictions } from '../../src/core/profiles/load.js';
import {
  callTool,
  type ScriptStep,
  type ScriptedFault,
  type ScriptedReply,
} from '../helpers/scripted-llm-server.js';
import { harness, type Harness } from './setup.js';
import { LABEL_REASON, finalOutput, happyPath } from './script.js';

let h: Harness | null = null;
afterEach(async () => {
  await h?.close();
  h = null;
});

async function run(
  script: ScriptStep[],
  over: Parameters<typeof harness>[1] = {},
  opts: Partial<AnalyzeLlmOptions> = {},
) {
  h = await harness({ script }, over);
  const events: DiagnosisEvent[] = [];
  const result = await analyzeWithLlm(h.traj, h.location, {
    config: h.config,
    llm: h.llm,
    profile: 'tracebench',
    outputDir: h.outDir,
    onEvent: (e) => events.push(e),
    ...opts,
  });
  return { result, events, h };
}

/** The tool messages the model was sent back, from the requests the server received. */
function toolReplies(hh: Harness): string[] {
  const last = hh.server.chatRequests[hh.server.chatRequests.length - 1];
  return last.body.messages
    .filter((m: { role: string }) => m.role === 'tool')
    .map((m: { content: string }) => m.content);
}

describe.each(PROFILE_NAMES)('full diagnosis, profile %s', (profile: ProfileName) => {
  it('completes, writes a valid output, the conversation and the profile contract', async () => {
    const { result, h } = await run(happyPath(profile), {}, { profile });
    expect(result.status).toBe('completed');
    expect(result.calls).toBe(4);
    const file = path.join(h.outDir, PROFILE_FILES[profile]);
    expect(result.outputs.files[profile]).toBe(file);
    const check = await validateProfileFile(file, h.traj);
    expect(check.errors).toEqual([]);
    const loaded = await loadPredictions(file);
    expect(loaded.diagnosis.labels.filter((l) => l.verdict === 'incorrect').map((l) => l.stepId)).toEqual([
      2,
    ]);
    expect(loaded.diagnosis.diagnoser).toBe('gpt-4.1-mini');
    expect(result.diagnosis.labels[0]).toMatchObject({
      stepId: 2,
      verdict: 'incorrect',
      reasoning: LABEL_REASON,
    });

    // The first request states the output contract with its field names.
    const first = h.server.chatRequests[0].body;
    const system = first.messages[0].content as string;
    const fields = {
      tracebench: ['incorrect_step_ids', 'unuseful_step_ids', 'stage_id'],
      detailed: ['root_cause_chain', 'critical_decision_points', 'should_have'],
      rl_feedback: ['reward_signal', 'deviation_type', 'impact_severity'],
    }[profile];
    for (const f of fields) expect(system).toContain(f);
    expect(first.messages[1].content).toContain('overfull hbox');
    expect(first.tools.map((t: { function: { name: string } }) => t.function.name)).toEqual([
      'overview',
      'list_steps',
      'search',
      'view_step',
      'view_stage',
      'read_file',
      'record_label',
      'finish',
    ]);

    // The conversation is a trajectory CodeTracer opens: one step per tool call.
    expect(result.conversationFile).toBe(
      path.join(h.outDir, PROFILE_FILES[profile].replace('.json', '.traj.json')),
    );
    const [conv] = await openRun(result.conversationFile);
    expect(conv.format).toBe('codetracer_conversation');
    expect(conv.steps.map((s) => s.tool)).toEqual([
      'overview',
      'view_stage',
      'view_step',
      'record_label',
      'finish',
    ]);
    expect(conv.steps[1].parallelGroup).toBe(conv.steps[2].parallelGroup);
    expect(conv.steps[2].observation).toContain('pdflatex');
    expect(conv.steps[0].reasoning).toContain('Start with the overview.');
    const doc = JSON.parse(readFileSync(result.conversationFile, 'utf8'));
    expect(doc).toMatchObject({ status: 'completed', n_calls: 4, model: 'gpt-4.1-mini', profile });
    expect(doc.total_prompt_tokens).toBeGreaterThan(0);
    expect(doc.cost_usd).toBeGreaterThan(0);
  });
});

describe('events', () => {
  it('streams deltas as events in order, one call after another', async () => {
    const { events } = await run(happyPath('tracebench'));
    const types = events.map((e) => e.type);
    expect(types[0]).toBe('step_start');
    expect(types[types.length - 1]).toBe('done');
    // Within call 1: reasoning deltas, then text deltas, then the tool call and its result.
    const c1 = events.filter((e) => 'call' in e && e.call === 1).map((e) => e.type);
    const firstText = c1.indexOf('text_delta');
    expect(c1.indexOf('reasoning_delta')).toBeLessThan(firstText);
    expect(c1.lastIndexOf('reasoning_delta')).toBeLessThan(firstText);
    expect(c1.indexOf('tool_call')).toBeGreaterThan(c1.lastIndexOf('text_delta'));
    expect(c1.indexOf('tool_result')).toBeGreaterThan(c1.indexOf('tool_call'));
    const reasoning = events.filter(
      (e): e is Extract<DiagnosisEvent, { type: 'reasoning_delta' }> =>
        e.type === 'reasoning_delta' && e.call === 1,
    );
    expect(reasoning.map((e) => e.text).join('')).toBe('Start with the overview.');
    const label = events.find((e) => e.type === 'label');
    expect(label).toMatchObject({ label: { stepId: 2, verdict: 'incorrect' }, total: 1 });
    const starts = events.filter((e) => e.type === 'step_start').map((e) => (e as { call: number }).call);
    expect(starts).toEqual([1, 2, 3, 4]);
    const done = events[events.length - 1] as Extract<DiagnosisEvent, { type: 'done' }>;
    expect(done).toMatchObject({ status: 'completed', calls: 4, labels: 1 });
    expect(done.cost).toBeGreaterThan(0);
  });
});

describe('faults', () => {
  const withFault = (fault: ScriptStep, at = 1): ScriptStep[] => {
    const s: ScriptStep[] = happyPath('tracebench');
    s.splice(at, 0, fault);
    return s;
  };

  it('429 with retry-after: retried, the run completes', async () => {
    const { result, events } = await run(withFault({ type: 'status', status: 429, retryAfter: '0.2' }));
    expect(result.status).toBe('completed');
    const retry = events.find((e) => e.type === 'retry') as Extract<DiagnosisEvent, { type: 'retry' }>;
    expect(retry.delayMs).toBe(200);
    expect(retry.reason).toMatch(/429/);
  });

  it('500: retried, the run completes', async () => {
    const { result, h } = await run(withFault({ type: 'status', status: 500 }, 2));
    expect(result.status).toBe('completed');
    expect(h.server.chatRequests).toHaveLength(5);
  });

  it('a hang: the request times out, is retried, and the run completes', async () => {
    const { result, events } = await run(withFault({ type: 'hang' }, 1), { timeoutMs: 300 });
    expect(result.status).toBe('completed');
    expect((events.find((e) => e.type === 'retry') as { reason: string }).reason).toMatch(/timed out/);
  });

  it('a stream cut mid-way: retried, the run completes', async () => {
    const cut: ScriptStep = {
      type: 'cut',
      reply: { text: 'half of a thought that never', chunkChars: 3 },
      afterChunks: 4,
    };
    const { result, events } = await run(withFault(cut, 2));
    expect(result.status).toBe('completed');
    expect(events.some((e) => e.type === 'retry')).toBe(true);
  });

  it('malformed tool-call JSON: an error result, the loop continues', async () => {
    const bad = { toolCalls: [{ name: 'view_step', arguments: '{"step_id": 2,, }' }] };
    const { result, h } = await run(withFault(bad, 1));
    expect(result.status).toBe('completed');
    expect(toolReplies(h).some((c) => c.includes('not valid JSON'))).toBe(true);
  });

  it('an unknown tool: an error result naming the tools, the loop continues', async () => {
    const { result, h } = await run(withFault(callTool('run_shell', { cmd: 'ls' }), 1));
    expect(result.status).toBe('completed');
    expect(toolReplies(h).find((c) => c.includes('unknown tool'))).toContain('view_step');
  });

  it('a step id that does not exist: an error with the valid range, nothing recorded', async () => {
    const s = withFault(callTool('view_step', { step_id: 999 }), 1);
    s.splice(2, 0, callTool('record_label', { step_id: 999, verdict: 'incorrect', reasoning: 'x' }));
    const { result, h } = await run(s);
    expect(result.status).toBe('completed');
    const replies = toolReplies(h);
    expect(replies.filter((c) => c.includes('step 999 does not exist (valid ids: 1-6)'))).toHaveLength(2);
    expect(result.diagnosis.labels.map((l) => l.stepId)).toEqual([2]);
  });

  it('a server that keeps failing: the run ends with status error and the labels so far are saved', async () => {
    const s: ScriptStep[] = happyPath('tracebench').slice(0, 3);
    s.push({ type: 'status', status: 503 }, { type: 'status', status: 503 }, { type: 'status', status: 503 });
    const { result, h, events } = await run(s, { maxRetries: 2 });
    expect(result.status).toBe('error');
    expect(result.reason).toMatch(/503/);
    expect(events.some((e) => e.type === 'error' && e.fatal)).toBe(true);
    const loaded = await loadPredictions(path.join(h.outDir, PROFILE_FILES.tracebench));
    expect(loaded.diagnosis.labels.map((l) => [l.stepId, l.verdict])).toEqual([[2, 'incorrect']]);
    expect(result.diagnosis.summary).toMatch(/status error/);
  });
});

describe('abort', () => {
  it('aborting mid-stream ends the run as aborted with partial labels saved', async () => {
    const s: ScriptStep[] = happyPath('tracebench').slice(0, 3);
    s.push({
      type: 'cut',
      reply: { reasoning: 'thinking about the next step for a long while', chunkChars: 2 },
      afterChunks: 6,
    });
    const ctrl = new AbortController();
    const { result, h } = await run(
      s,
      { timeoutMs: 10_000 },
      {
        signal: ctrl.signal,
        onEvent: (e) => {
          if (e.type === 'reasoning_delta' && e.call === 4) ctrl.abort();
        },
      },
    );
    expect(result.status).toBe('aborted');
    expect(h.server.chatRequests).toHaveLength(4);
    const loaded = await loadPredictions(path.join(h.outDir, PROFILE_FILES.tracebench));
    expect(loaded.diagnosis.labels.map((l) => l.stepId)).toEqual([2]);
  });
});

describe('limits', () => {
  const endless = (): ScriptStep[] =>
    Array.from({ length: 40 }, (_, i) => callTool('view_step', { step_id: (i % 6) + 1 }));

  it('the cost limit stops a run, after one budget warning', async () => {
    // gpt-4.1-mini: 100k prompt tokens = $0.04 per call; limit $0.10 → stops after 3 calls.
    const script = endless().map((s) => ({
      ...(s as object),
      usage: { prompt_tokens: 100_000, completion_tokens: 10 },
    }));
    const { result, events } = await run(script as ScriptStep[], { limits: { costUsd: 0.1 } });
    expect(result.status).toBe('limits_exceeded');
    expect(result.reason).toMatch(/cost limit/);
    expect(result.calls).toBe(3);
    expect(events.filter((e) => e.type === 'budget_warning')).toHaveLength(1);
    expect(result.cost).toBeGreaterThanOrEqual(0.1);
  });

  it('an unknown model has cost "unknown" and the token limit stops it instead', async () => {
    const script = endless().map((s) => ({
      ...(s as object),
      usage: { prompt_tokens: 5_000, completion_tokens: 10 },
    }));
    const { result } = await run(script as ScriptStep[], {
      model: 'local-llama',
      limits: { tokenLimit: 12_000, costUsd: 0.000001 },
    });
    expect(result.status).toBe('limits_exceeded');
    expect(result.reason).toMatch(/token limit/);
    expect(result.cost).toBeNull();
    expect(result.calls).toBe(3);
  });

  it('the call limit stops a run and saves the labels so far', async () => {
    const s: ScriptStep[] = [...happyPath('tracebench').slice(0, 3), ...endless()];
    const { result, h } = await run(s, { limits: { maxCalls: 5 } });
    expect(result.status).toBe('limits_exceeded');
    expect(result.reason).toMatch(/call limit/);
    expect(result.calls).toBe(5);
    const loaded = await loadPredictions(path.join(h.outDir, PROFILE_FILES.tracebench));
    expect(loaded.diagnosis.labels.map((l) => l.stepId)).toEqual([2]);
  });

  it('the wall-clock limit stops a run, even in the middle of a call', async () => {
    const slow = endless().map((s) => ({ ...(s as object), delayMs: 150 }));
    const t0 = Date.now();
    const { result } = await run(slow as ScriptStep[], { limits: { wallClockMs: 500 } });
    expect(result.status).toBe('limits_exceeded');
    expect(result.reason).toMatch(/wall-clock/);
    expect(Date.now() - t0).toBeLessThan(3_000);
  });
});

describe('controller checks', () => {
  it('refuses a label on a step that was never viewed', async () => {
    const s: ScriptStep[] = [
      callTool('record_label', { step_id: 3, verdict: 'unuseful', reasoning: 'guess' }),
      callTool('record_label', { step_id: 3, verdict: 'correct', reasoning: 'guess' }),
      ...happyPath('tracebench').slice(1),
    ];
    const { result, h } = await run(s);
    expect(result.status).toBe('completed');
    const replies = toolReplies(h);
    expect(replies[0]).toContain('you have not viewed step 3');
    expect(replies[1]).toContain('not allowed');
    expect(result.diagnosis.labels.map((l) => l.stepId)).toEqual([2]);
  });

  it('sends an invalid final answer back, then ends as invalid_output with the labels as a valid output', async () => {
    const bad = callTool('finish', {
      output: [{ stage_id: 1, incorrect_step_ids: [2], unuseful_step_ids: [5], reasoning: 'x' }],
    });
    const wrongStage = callTool('finish', {
      output: [{ stage_id: 2, incorrect_step_ids: [2], unuseful_step_ids: [], reasoning: 'x' }],
    });
    const s: ScriptStep[] = [
      ...happyPath('tracebench').slice(0, 3),
      bad,
      wrongStage,
      callTool('finish', { output: 'not json' }),
    ];
    const { result, h } = await run(s, { limits: { maxOutputRetries: 2 } });
    expect(result.status).toBe('invalid_output');
    const replies = toolReplies(h);
    expect(replies.some((c) => c.includes('labelled step(s) 5 were never viewed'))).toBe(true);
    expect(replies.some((c) => c.includes('outside stage 2'))).toBe(true);
    const file = path.join(h.outDir, PROFILE_FILES.tracebench);
    expect((await validateProfileFile(file, h.traj)).valid).toBe(true);
    expect(JSON.parse(readFileSync(file, 'utf8'))[0].incorrect_step_ids).toEqual([2]);
  });

  it('a reply without tool calls is nudged, and the run still finishes', async () => {
    const s: ScriptStep[] = [{ text: 'I think step 2 is wrong.' }, ...happyPath('tracebench')];
    const { result, h } = await run(s);
    expect(result.status).toBe('completed');
    const msgs = h.server.chatRequests[1].body.messages;
    expect(msgs[msgs.length - 1]).toMatchObject({ role: 'user' });
    expect(msgs[msgs.length - 1].content).toMatch(/Use the tools/);
  });

  it('writes no output into the run directory', async () => {
    const { h } = await run(happyPath('tracebench'));
    expect(existsSync(path.join(h.runDir, 'codetracer_labels.json'))).toBe(false);
  });
});

describe('compaction', () => {
  // Window just large enough for the first request; a few viewed steps overflow it.
  async function tinyWindow(): Promise<number> {
    const { estimateRequest } = await import('../../src/core/compaction/estimate.js');
    const { initialMessages, makeContext, makeToolset, RunState } =
      await import('../../src/core/diagnosis/llm/index.js');
    const { treeView } = await import('../../src/core/diagnosis/llm/tree-adapter.js');
    const hh = await harness({});
    const tv = treeView(hh.traj);
    const ctx = makeContext({
      traj: hh.traj,
      kindOf: tv.kindOf,
      stages: tv.stages,
      treeMd: null,
      location: null,
      state: new RunState(),
      pageChars: 8000,
    });
    const first = estimateRequest(
      initialMessages({ ctx, profile: 'tracebench', formatDescription: '' }),
      makeToolset('tracebench', 'm').specs,
    );
    await hh.close();
    return Math.ceil((first + 1400) / 0.75);
  }
  const isSummaryRequest = (body: { tools?: unknown[] }) => !body.tools;
  const viewAll = (): ScriptedReply[] =>
    [1, 2, 3, 4, 5, 6].map((id) => callTool('view_step', { step_id: id }));

  it('tier 1: the older turns are summarised by the LLM; task message and labels survive', async () => {
    const window = await tinyWindow();
    let summaries = 0;
    const replies: (ScriptedReply | ScriptedFault)[] = [
      ...happyPath('tracebench').slice(1, 3),
      ...viewAll(),
      happyPath('tracebench')[3],
    ];
    const script: ScriptStep[] = Array.from({ length: 20 }, () => (req): ScriptedReply | ScriptedFault => {
      if (isSummaryRequest(req.body)) {
        summaries++;
        return { text: 'Viewed stage 1 and step 2; step 2 compiled too early (labelled incorrect).' };
      }
      return replies.shift() ?? { type: 'status', status: 400, message: 'script exhausted' };
    });
    const { result, events, h } = await run(script, {}, { contextWindow: window });
    expect(result.status).toBe('completed');
    expect(summaries).toBeGreaterThanOrEqual(1);
    const comp = events.filter((e) => e.type === 'compaction') as Extract<
      DiagnosisEvent,
      { type: 'compaction' }
    >[];
    expect(comp.length).toBeGreaterThanOrEqual(1);
    expect(comp[0].tier).toBe(1);
    expect(comp[0].tokensAfter).toBeLessThan(comp[0].tokensBefore);
    const firstTask = h.server.chatRequests[0].body.messages[1].content;
    const last = h.server.chatRequests[h.server.chatRequests.length - 1].body.messages;
    expect(last[0].role).toBe('system');
    expect(last[1].content).toBe(firstTask);
    const note = last.find((m: { content?: string }) => m.content?.startsWith('[Compacted context'));
    expect(note.content).toContain('step 2: incorrect');
    // Every tool result still follows its assistant tool call.
    assertPaired(last);
    // Summary calls count in the run's usage.
    expect(result.calls).toBe(h.server.chatRequests.length);
  });

  it('tier 2: when the summary fails, the oldest turns are dropped with a note', async () => {
    const window = await tinyWindow();
    const replies: (ScriptedReply | ScriptedFault)[] = [
      ...happyPath('tracebench').slice(1, 3),
      ...viewAll(),
      happyPath('tracebench')[3],
    ];
    const script: ScriptStep[] = Array.from(
      { length: 30 },
      () =>
        (req): ScriptedReply | ScriptedFault =>
          isSummaryRequest(req.body) ? { text: '' } : (replies.shift() ?? { type: 'status', status: 400 }),
    );
    const { result, events, h } = await run(script, {}, { contextWindow: window });
    expect(result.status).toBe('completed');
    const comp = events.filter((e) => e.type === 'compaction') as Extract<
      DiagnosisEvent,
      { type: 'compaction' }
    >[];
    expect(comp.length).toBeGreaterThanOrEqual(1);
    expect(comp.every((c) => c.tier === 2)).toBe(true);
    expect(comp[0].note).toMatch(/empty summary/);
    const firstTask = h.server.chatRequests[0].body.messages[1].content;
    const last = h.server.chatRequests[h.server.chatRequests.length - 1].body.messages;
    expect(last[1].content).toBe(firstTask);
    expect(last.some((m: { content?: string }) => m.content?.startsWith('[Context window'))).toBe(true);
    assertPaired(last);
  });
});

function assertPaired(
  messages: { role: string; tool_calls?: { id: string }[]; tool_call_id?: string }[],
): void {
  const open = new Set<string>();
  for (const m of messages) {
    if (m.role === 'assistant') for (const c of m.tool_calls ?? []) open.add(c.id);
    if (m.role === 'tool') expect(open.has(m.tool_call_id!)).toBe(true);
  }
}
