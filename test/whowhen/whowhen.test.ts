import { afterAll, describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fsSource } from '../../src/core/io/source.js';
import type { RunLocation } from '../../src/core/formats/types.js';
import { whowhenFormat } from '../../src/core/formats/whowhen/index.js';
import { detectFormat } from '../../src/core/formats/registry.js';
import { TrajectorySchema } from '../../src/core/model/trajectory.js';

const FIX = path.resolve('test/fixtures/whowhen');
const fileLoc = (p: string): RunLocation => ({ src: fsSource, path: p, kind: 'file' });

const cases = [
  { file: 'Hand-Crafted/1.json', steps: 29, mistakeStep: 12, agent: 'WebSurfer' },
  { file: 'Hand-Crafted/30.json', steps: 121, mistakeStep: 82, agent: 'Assistant' },
  { file: 'Algorithm-Generated/1.json', steps: 6, mistakeStep: 0, agent: 'Excel_Expert' },
  {
    file: 'Algorithm-Generated/47.json',
    steps: 6,
    mistakeStep: 1,
    agent: 'Mesopotamian_Number_Systems_Expert',
  },
];

describe('Who&When fixtures', () => {
  for (const c of cases) {
    it(`${c.file}: ${c.steps} steps, mistake at history[${c.mistakeStep}] by ${c.agent}`, async () => {
      const loc = fileLoc(path.join(FIX, c.file));
      expect(await whowhenFormat.detect(loc)).toBe(true);
      expect((await detectFormat(loc))?.id).toBe('whowhen');
      const [t] = await whowhenFormat.parse(loc);
      expect(() => TrajectorySchema.parse(t)).not.toThrow();
      expect(t.steps.length).toBe(c.steps);
      expect(t.steps.map((s) => s.id)).toEqual(t.steps.map((_, i) => i + 1));
      expect(t.gold).toMatchObject({
        mistakeStep: c.mistakeStep,
        mistakeStepId: c.mistakeStep + 1,
        mistakeAgent: c.agent,
      });
      expect(t.gold?.mistakeReason).toBeTruthy();
      expect(t.verdict.solved).toBe(false);
      expect(t.task.trim()).not.toBe('');
      expect(t.steps.every((s) => s.action.trim() !== '')).toBe(true);
      expect(t.metadata.agents).toContain(c.agent);
      expect(t.warnings).toEqual([]);
      // The annotated agent speaks at the annotated step.
      const at = t.steps[c.mistakeStep];
      expect(at.agentName?.replace(/\s*\(.*\)$/, '')).toBe(c.agent);
    });
  }

  it('Hand-Crafted: roles are agents, the human asks, gold answer is hidden', async () => {
    const [t] = await whowhenFormat.parse(fileLoc(path.join(FIX, 'Hand-Crafted/1.json')));
    expect(t.id).toBe('Hand-Crafted/1');
    expect(t.agent).toBe('magentic-one');
    expect(t.steps[0]).toMatchObject({ actor: 'user' });
    expect(t.steps[0].agentName).toBeUndefined();
    expect(t.steps[1]).toMatchObject({ actor: 'agent', agentName: 'Orchestrator (thought)' });
    expect(t.steps[3]).toMatchObject({ actor: 'agent', agentName: 'Orchestrator (-> WebSurfer)' });
    expect(t.metadata.agents).toEqual(['Orchestrator', 'WebSurfer']);
    expect(t.task).toMatch(/^Where can I take martial arts classes/);
    expect(t.metadata.annotations).toEqual({
      groundTruth: 'Renzo Gracie Jiu-Jitsu Wall Street',
      isCorrected: false,
    });
    expect(JSON.stringify(t.steps)).not.toContain('Renzo Gracie Jiu-Jitsu Wall Street');
  });

  it('Algorithm-Generated: name is the agent, Computer_terminal output is environment', async () => {
    const [t] = await whowhenFormat.parse(fileLoc(path.join(FIX, 'Algorithm-Generated/1.json')));
    expect(t.agent).toBe('ag2');
    expect(t.steps.map((s) => [s.actor, s.agentName])).toEqual([
      ['agent', 'Excel_Expert'],
      ['environment', 'Computer_terminal'],
      ['agent', 'BusinessLogic_Expert'],
      ['environment', 'Computer_terminal'],
      ['agent', 'DataVerification_Expert'],
      ['agent', 'DataVerification_Expert'],
    ]);
    expect(Object.keys(t.metadata.systemPrompts as object)).toContain('Excel_Expert');
    expect(t.metadata.questionId).toBe('4d51c4bf-4b0e-4f3d-897b-3f6687a7d9f2');
  });
});

describe('Who&When detection is strict', () => {
  const tmp = mkdtempSync(path.join(tmpdir(), 'ct-whowhen-'));
  afterAll(() => rmSync(tmp, { recursive: true, force: true }));
  const write = (name: string, v: unknown): RunLocation => {
    const p = path.join(tmp, name);
    writeFileSync(p, typeof v === 'string' ? v : JSON.stringify(v));
    return fileLoc(p);
  };

  it('rejects generic JSON with a history', async () => {
    expect(await whowhenFormat.detect(write('a.json', { history: [{ role: 'user', content: 'hi' }] }))).toBe(
      false,
    );
    expect(await whowhenFormat.detect(write('b.json', { history: [], question: 'q' }))).toBe(false);
    expect(await whowhenFormat.detect(write('c.json', { history: ['x'], mistake_step: '0' }))).toBe(false);
    expect(
      await whowhenFormat.detect(
        write('d.json', '{"history": [{"role": "user", "content": "x"}], "question": '),
      ),
    ).toBe(false);
    expect(
      await whowhenFormat.detect(
        write('e.txt', { history: [{ role: 'user', content: 'x' }], question: 'q' }),
      ),
    ).toBe(false);
  });

  it('accepts a minimal run and fills blank messages', async () => {
    const loc = write('min.json', {
      question: 'What is 2+2?',
      history: [
        { role: 'user', content: 'What is 2+2?' },
        { role: 'assistant', name: 'Math_Expert', content: '   ' },
      ],
      mistake_agent: 'Math_Expert',
      mistake_step: '7',
      is_correct: false,
    });
    expect(await whowhenFormat.detect(loc)).toBe(true);
    const [t] = await whowhenFormat.parse(loc);
    expect(t.steps[1].action).toBe('(empty message)');
    expect(t.steps[0].actor).toBe('user');
    expect(t.gold).toMatchObject({ mistakeStep: 7, mistakeStepId: 8 });
    expect(t.warnings[0]).toMatch(/mistake_step 7 is outside history \(0\.\.1\)/);
  });
});
