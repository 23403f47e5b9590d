// Memory in a diagnosis against the scripted LLM server: lessons extracted during the run (every N
// steps, beside the diagnosis) and after it, paid from the run's budget; given to the next run's prompt;
// duplicates merged; task-specific and garbage answers stored as nothing, with a warning.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { analyzeWithLlm } from '../../src/core/diagnosis/llm/index.js';
import type { DiagnosisEvent } from '../../src/core/diagnosis/llm/events.js';
import { openMemory, storeFor } from '../../src/core/memory/open.js';
import { DEFAULT_MEMORY_SETTINGS, type MemorySettings } from '../../src/core/memory/settings.js';
import { headerText } from '../../src/core/memory/types.js';
import { harness, KEY, type Harness } from '../llm/setup.js';
import { happyPath } from '../llm/script.js';
import { isExtraction, lessonsReply, routed, systemPromptOf } from './scripted.js';

let h: Harness | null = null;
let dataDir = '';
afterEach(async () => {
  await h?.close();
  h = null;
  if (dataDir) rmSync(dataDir, { recursive: true, force: true });
  dataDir = '';
});

const STRATEGY = 'Check whether the agent ran the expensive build before reading its inputs.';
const PATTERN = 'The agent declares success without re-running the check that failed.';
const settings = (over: Partial<MemorySettings> = {}): MemorySettings => ({
  ...DEFAULT_MEMORY_SETTINGS,
  everySteps: 0,
  everyTokens: 0,
  ...over,
});

async function diagnose(
  hh: Harness,
  s: MemorySettings,
  over: { limits?: { maxCalls?: number } } = {},
): Promise<{ r: Awaited<ReturnType<typeof analyzeWithLlm>>; events: DiagnosisEvent[] }> {
  const events: DiagnosisEvent[] = [];
  const memory = openMemory(hh.traj, s, { CODETRACER_DATA_DIR: dataDir });
  const config = over.limits ? { ...hh.config, limits: { ...hh.config.limits, ...over.limits } } : hh.config;
  const r = await analyzeWithLlm(hh.traj, hh.location, {
    config,
    llm: hh.llm,
    profile: 'detailed',
    outputDir: hh.outDir,
    memory,
    onEvent: (e) => events.push(e),
  });
  return { r, events };
}

const memoryEvents = (events: DiagnosisEvent[]) =>
  events.filter((e): e is Extract<DiagnosisEvent, { type: 'memory' }> => e.type === 'memory');

describe('memory during and after a diagnosis', () => {
  it('extracts online every N steps beside the run and once after it; both are paid from its budget', async () => {
    dataDir = mkdtempSync(path.join(os.tmpdir(), 'ct-memdata-'));
    // The calls after the trigger answer slowly, so the online extraction is asked while they are open.
    const slow = happyPath('detailed').map((r, i) => (i >= 2 ? { ...r, delayMs: 250 } : r));
    h = await harness({
      fallback: routed(slow, [
        lessonsReply([{ kind: 'strategy', text: STRATEGY }]),
        // After the run: one generic lesson, one that names a file of this task (dropped).
        lessonsReply(
          [
            { kind: 'failure_pattern', text: PATTERN },
            { kind: 'pitfall', text: 'The agent should have opened synonyms.txt before compiling.' },
          ],
          true,
        ),
      ]),
    });
    const { r, events } = await diagnose(h, settings({ everySteps: 2 }));
    expect(r.status).toBe('completed');
    const reqs = h.server.chatRequests;
    const extraction = reqs.map((q, i) => (isExtraction(q) ? i : -1)).filter((i) => i >= 0);
    expect(extraction).toHaveLength(2);
    // The online one was asked while the diagnosis still had calls to make.
    const lastDiagnosis = Math.max(...reqs.map((q, i) => (isExtraction(q) ? -1 : i)));
    expect(extraction[0]).toBeLessThan(lastDiagnosis);
    expect(extraction[1]).toBe(reqs.length - 1);
    // Every call, extraction included, is in the run's budget and its usage events.
    expect(r.calls).toBe(reqs.length);
    expect(events.filter((e) => e.type === 'usage')).toHaveLength(reqs.length);
    const mem = memoryEvents(events);
    expect(mem.filter((e) => !e.warning).map((e) => [e.phase, e.stored])).toEqual([
      ['online', 1],
      ['final', 1],
    ]);
    expect(mem.some((e) => /names a file.*dropped/.test(e.warning ?? ''))).toBe(true);
    // The extraction request is generic: the lessons it was given and the diagnosis notes, no gold.
    const ask = reqs[extraction[1]].body.messages[1].content as string;
    expect(ask).toContain(STRATEGY);
    expect(ask).toContain('The diagnosis ended (completed)');

    const entries = await storeFor(h.traj, settings(), { CODETRACER_DATA_DIR: dataDir }).entries();
    expect(entries.map((e) => [e.kind, e.text, e.source])).toEqual([
      ['strategy', STRATEGY, h.traj.id],
      ['failure_pattern', PATTERN, h.traj.id],
    ]);
  });

  it('the next run of the agent type gets the lessons in its prompt, and a repeated lesson merges', async () => {
    dataDir = mkdtempSync(path.join(os.tmpdir(), 'ct-memdata-'));
    h = await harness({
      fallback: routed(happyPath('detailed'), [
        lessonsReply([
          { kind: 'strategy', text: STRATEGY },
          { kind: 'failure_pattern', text: PATTERN },
        ]),
      ]),
    });
    await diagnose(h, settings());
    // No lesson yet in the first run's prompt.
    expect(systemPromptOf(h.server.chatRequests[0])).not.toContain('Prior knowledge');
    await h.close();

    h = await harness({
      fallback: routed(happyPath('detailed'), [
        // The same lesson again, differently cased and punctuated: merged, not added.
        lessonsReply([{ kind: 'failure_pattern', text: PATTERN.toLowerCase().replace('.', '!') }]),
      ]),
    });
    const { events } = await diagnose(h, settings());
    const prompt = systemPromptOf(h.server.chatRequests[0]);
    expect(prompt).toContain('Prior knowledge from earlier diagnoses of this agent type:');
    expect(prompt).toContain(headerText(storeFor(h.traj, settings(), {}).key));
    expect(prompt).toContain(`- ${STRATEGY}`);
    expect(prompt).toContain(`- ${PATTERN}`);
    expect(memoryEvents(events).find((e) => e.phase === 'final' && !e.warning)?.stored).toBe(1);

    const entries = await storeFor(h.traj, settings(), { CODETRACER_DATA_DIR: dataDir }).entries();
    expect(entries.map((e) => e.text)).toEqual([STRATEGY, PATTERN]);
    // The pattern was learned again (being shown to a run does not count).
    expect(entries.map((e) => e.uses)).toEqual([0, 1]);
    // The store's bookkeeping (ids, source runs) never reaches the prompt.
    for (const e of entries) expect(prompt).not.toContain(e.id);
    expect(prompt).not.toContain('"source"');
  });

  it('by tokens: at most one extraction in flight, however many steps pass while it runs', async () => {
    dataDir = mkdtempSync(path.join(os.tmpdir(), 'ct-memdata-'));
    // Every step passes the token threshold; the online extraction answers slowly.
    const slowLesson = { ...lessonsReply([{ kind: 'strategy', text: STRATEGY }]), delayMs: 600 };
    h = await harness({ fallback: routed(happyPath('detailed'), [slowLesson, lessonsReply([])]) });
    const { r, events } = await diagnose(h, settings({ everyTokens: 1 }));
    expect(r.status).toBe('completed');
    const reqs = h.server.chatRequests;
    const extraction = reqs.filter(isExtraction);
    // One online (started after step 1, still running through steps 2 and 3) and the final one.
    expect(extraction).toHaveLength(2);
    expect(extraction[1].at - extraction[0].at).toBeGreaterThanOrEqual(550);
    expect(memoryEvents(events).map((e) => [e.phase, e.stored])).toEqual([
      ['online', 1],
      ['final', 0],
    ]);
  });

  it('a garbage extraction answer stores nothing and warns; the diagnosis is unaffected', async () => {
    dataDir = mkdtempSync(path.join(os.tmpdir(), 'ct-memdata-'));
    h = await harness({
      fallback: routed(happyPath('detailed'), [
        { text: 'I would rather not answer in JSON. {lessons: [oops' },
        { text: '{"lessons": [{"kind": "gossip", "text": "not a kind we know of"}, 42]}' },
      ]),
    });
    const { r, events } = await diagnose(h, settings({ everySteps: 2 }));
    expect(r.status).toBe('completed');
    expect(r.diagnosis.labels.some((l) => l.stepId === 2 && l.verdict === 'incorrect')).toBe(true);
    const warnings = memoryEvents(events)
      .map((e) => e.warning)
      .filter(Boolean);
    expect(warnings).toEqual([
      'memory: the answer was not JSON of the form {"lessons": [...]}; nothing stored',
      'memory: a lesson without a valid kind and text was skipped',
      'memory: a lesson without a valid kind and text was skipped',
    ]);
    expect(await storeFor(h.traj, settings(), { CODETRACER_DATA_DIR: dataDir }).entries()).toEqual([]);
  });

  it('a lesson that echoes the API key is stored redacted', async () => {
    dataDir = mkdtempSync(path.join(os.tmpdir(), 'ct-memdata-'));
    h = await harness({
      fallback: routed(happyPath('detailed'), [
        lessonsReply([
          { kind: 'agent_quirk', text: `The agent printed its credentials (${KEY}) to the log.` },
        ]),
      ]),
    });
    const { r } = await diagnose(h, settings());
    expect(r.status).toBe('completed');
    const s = storeFor(h.traj, settings(), { CODETRACER_DATA_DIR: dataDir });
    expect((await s.entries()).map((e) => e.text)).toEqual([
      'The agent printed its credentials ([REDACTED]) to the log.',
    ]);
    expect(readFileSync(s.file, 'utf8')).not.toContain(KEY);
  });

  it('no extraction once the run has used its budget (the call limit here)', async () => {
    dataDir = mkdtempSync(path.join(os.tmpdir(), 'ct-memdata-'));
    h = await harness({ fallback: routed(happyPath('detailed').slice(0, 3).concat(happyPath('detailed'))) });
    const { r, events } = await diagnose(h, settings(), { limits: { maxCalls: 3 } });
    expect(r.status).toBe('limits_exceeded');
    expect(h.server.chatRequests.some(isExtraction)).toBe(false);
    expect(memoryEvents(events).map((e) => e.warning)).toEqual([
      expect.stringMatching(/^memory extraction skipped: LLM call limit reached/),
    ]);
  });
});
