// The LLM path of the controller against the scripted OpenAI-compatible server (real SDK, streaming):
// a diagnosis streams into the Reasoning state, labels arrive live, pause holds the next call, abort
// ends it, ask answers with the read-only tools. Plus the coalescing guarantee of the bridge.
import { afterEach, describe, expect, it } from 'vitest';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { createTuiServices, type TuiServices } from '../../src/controller/index.js';
import { logText, selectDiagnosis, selectLabels } from '../../src/controller/selectors.js';
import type { DiagnosisEvent } from '../../src/core/diagnosis/llm/events.js';
import { callTool, type ScriptStep } from '../helpers/scripted-llm-server.js';
import { harness, type Harness } from '../llm/setup.js';
import { LABEL_REASON, happyPath } from '../llm/script.js';
import { waitFor } from './helpers.js';

let h: Harness | null = null;
let s: TuiServices | null = null;
afterEach(async () => {
  await s?.dispose();
  await h?.close();
  s = null;
  h = null;
});

async function setup(script: ScriptStep[], frameMs = 16): Promise<TuiServices> {
  h = await harness({ script });
  s = createTuiServices({
    roots: [h.runDir],
    // Memory off: these tests count the diagnosis's own requests (memory is tested in test/memory).
    config: { ...h.config, memory: { ...h.config.memory, enabled: false } },
    llm: h.llm,
    env: { HOME: h.tmp, XDG_CACHE_HOME: path.join(h.tmp, 'cache') },
    cwd: h.tmp,
    watch: false,
    store: { frameMs },
  });
  await s.start();
  await s.commands.selectRun(h.runDir);
  return s;
}

describe('LLM diagnosis through the controller', () => {
  it('streams reasoning, tool calls, usage and labels; writes the outputs; ends done', async () => {
    const svc = await setup(happyPath('detailed'));
    expect(svc.store.getState().llm).toMatchObject({ available: true, model: 'gpt-4.1-mini' });
    await svc.commands.run('diagnosis.start');
    svc.store.flush();
    const st = svc.store.getState();
    const d = selectDiagnosis(st);
    expect(d).toMatchObject({
      status: 'done',
      mode: 'llm',
      model: 'gpt-4.1-mini',
      costLimit: 3,
      labelsRecorded: 1,
    });
    expect(logText(d.log, ['reasoning'])).toBe('Start with the overview.Stage 1 holds the first compile.');
    expect(logText(d.log, ['text'])).toBe('Looking at the run.Done.');
    expect(d.log.filter((e) => e.kind === 'tool_call').map((e) => e.text)).toEqual([
      'overview ',
      'view_stage stage_id=1',
      'view_step step_id=2',
      expect.stringMatching(/^record_label step_id=2 verdict=incorrect/),
      expect.stringMatching(/^finish output=/),
    ]);
    expect(d.calls).toBe(4);
    expect(d.tokens.input).toBeGreaterThan(0);
    expect(d.cost).toBeGreaterThan(0);
    expect(selectLabels(st).map((l) => [l.stepId, l.verdict, l.source, l.reasoning])).toEqual([
      [2, 'incorrect', 'llm', LABEL_REASON],
    ]);
    expect(st.runs[0].diagnosis).toBe('done');
    for (const f of ['codetracer_analysis.json', 'codetracer_labels.json', 'codetracer_rl_feedback.json']) {
      expect(existsSync(path.join(h!.runDir, 'codetracer', f))).toBe(true);
    }
  });

  it('a long stream re-renders at most about once per frame, and its text is exact', async () => {
    const long = Array.from({ length: 1000 }, (_, i) => `r${i % 10}`).join('');
    const script = happyPath('detailed');
    script[0] = { ...(script[0] as object), reasoning: long, chunkChars: 2 };
    const svc = await setup(script);
    let notifies = 0;
    const off = svc.store.subscribe(() => notifies++);
    let deltas = 0;
    svc.controller.on('diagnosis:event', (e) => {
      if (e.event.type === 'reasoning_delta') deltas++;
    });
    const t0 = performance.now();
    await svc.commands.startDiagnosis();
    const ms = performance.now() - t0;
    svc.store.flush();
    off();
    expect(deltas).toBeGreaterThanOrEqual(1000);
    expect(logText(selectDiagnosis(svc.store.getState()).log, ['reasoning'])).toBe(
      long + 'Stage 1 holds the first compile.',
    );
    // One notify per 16 ms frame at most, plus the final flush.
    expect(notifies).toBeLessThanOrEqual(Math.ceil(ms / 16) + 2);
    expect(notifies).toBeLessThan(deltas / 10);
  });

  it('pause holds the next LLM call and the stream into the UI; resume finishes the run', async () => {
    const svc = await setup(happyPath('detailed'));
    // Pause as soon as the first call has answered.
    svc.controller.on('diagnosis:event', (e) => {
      if (e.event.type === 'usage' && e.event.call === 1) svc.commands.togglePause();
    });
    const running = svc.commands.startDiagnosis();
    await waitFor(() => svc.store.getState().diagnosis[h!.runDir]?.status === 'paused', 10_000, 'paused');
    const requestsAtPause = h!.server.requests.length;
    const shownAtPause = selectDiagnosis(svc.store.getState()).log.length;
    await new Promise((r) => setTimeout(r, 300));
    expect(h!.server.requests.length).toBe(requestsAtPause);
    expect(requestsAtPause).toBe(1);
    expect(selectDiagnosis(svc.store.getState()).log.length).toBe(shownAtPause);
    expect(svc.store.getState().runs[0].diagnosis).toBe('paused');
    svc.commands.togglePause();
    await running;
    expect(selectDiagnosis(svc.store.getState()).status).toBe('done');
    expect(h!.server.requests.length).toBe(4);
  });

  it('abort while paused ends the run and keeps the labels recorded so far', async () => {
    const svc = await setup(happyPath('detailed'));
    svc.controller.on('diagnosis:event', (e) => {
      if (e.event.type === 'label') svc.commands.togglePause();
    });
    const running = svc.commands.startDiagnosis();
    await waitFor(() => svc.store.getState().diagnosis[h!.runDir]?.status === 'paused', 10_000, 'paused');
    await svc.commands.run('diagnosis.abort');
    await running;
    const d = selectDiagnosis(svc.store.getState());
    expect(d.status).toBe('failed');
    expect(d.message).toMatch(/^aborted/);
    expect(selectLabels(svc.store.getState()).map((l) => l.stepId)).toEqual([2]);
    expect(h!.server.requests.length).toBe(3);
    expect(svc.controller.isDiagnosing(h!.runDir)).toBe(false);
  });

  it('q while a diagnosis runs asks first', async () => {
    const svc = await setup(happyPath('detailed'));
    svc.controller.on('diagnosis:event', (e) => {
      if (e.event.type === 'usage' && e.event.call === 1) svc.commands.togglePause();
    });
    const running = svc.commands.startDiagnosis();
    await waitFor(() => svc.store.getState().diagnosis[h!.runDir]?.status === 'paused', 10_000, 'paused');
    const { routeKey } = await import('../../src/controller/keymap.js');
    await svc.commands.handle(routeKey(svc.store.getState(), 'q', {}));
    expect(svc.store.getState().overlays.at(-1)).toMatchObject({ kind: 'confirm', target: 'quit' });
    await svc.commands.handle(routeKey(svc.store.getState(), 'y', {}));
    await running;
    expect(svc.store.getState().quitting).toBe(true);
  });
});

describe('ask about the run', () => {
  it('answers with read-only tools, streamed into the chat', async () => {
    const svc = await setup([
      callTool('view_step', { step_id: 2 }, { text: 'Let me check. ' }),
      { text: 'Step 2 ran pdflatex before any substitution.' },
    ]);
    await svc.commands.ask('Why did it fail?');
    svc.store.flush();
    const chat = svc.store.getState().ask[h!.runDir];
    expect(chat.streaming).toBe(false);
    expect(chat.error).toBeNull();
    expect(chat.messages).toEqual([
      { role: 'user', text: 'Why did it fail?', tools: [] },
      {
        role: 'assistant',
        text: 'Let me check. \nStep 2 ran pdflatex before any substitution.',
        tools: ['view_step step_id=2'],
      },
    ]);
    const offered = (h!.server.requests[0].body.tools as { function: { name: string } }[]).map(
      (t) => t.function.name,
    );
    expect(offered).toContain('view_step');
    expect(offered).not.toContain('record_label');
    expect(offered).not.toContain('finish');
    // The second question carries the first exchange as plain turns.
    h!.server.push({ text: 'Yes, at step 2.' });
    await svc.commands.ask('Is that the first mistake?');
    const sent = h!.server.requests[2].body.messages as { role: string; content: string }[];
    expect(sent.slice(-3).map((m) => [m.role, m.content])).toEqual([
      ['user', 'Why did it fail?'],
      ['assistant', 'Step 2 ran pdflatex before any substitution.'],
      ['user', 'Is that the first mistake?'],
    ]);
    expect(svc.store.getState().ask[h!.runDir].messages.at(-1)?.text).toBe('Yes, at step 2.');
  });
});

describe('bridge coalescing (no network)', () => {
  it('1,000 deltas emitted in a burst: one or two notifies, exact text', async () => {
    h = await harness({ script: [] });
    s = createTuiServices({ roots: [], config: h.config, watch: false, env: {}, cwd: h.tmp });
    const svc = s;
    let notifies = 0;
    svc.store.subscribe(() => notifies++);
    svc.controller.emit('diagnosis:started', { path: 'r', mode: 'llm', model: 'm', costLimit: 1 });
    let expected = '';
    for (let i = 0; i < 1000; i++) {
      const text = `tok${i} `;
      expected += text;
      const event: DiagnosisEvent = { type: 'reasoning_delta', call: 1, text };
      svc.controller.emit('diagnosis:event', { path: 'r', event });
    }
    svc.controller.emit('diagnosis:status', { path: 'r', status: 'done' });
    await new Promise((r) => setTimeout(r, 50));
    expect(notifies).toBeLessThanOrEqual(2);
    const d = svc.store.getState().diagnosis.r;
    expect(logText(d.log)).toBe(expected);
    expect(d.log).toHaveLength(1);
    expect(d.status).toBe('done');
  });
});
