import { describe, expect, it } from 'vitest';
import { applyEdit, labelsFromDiagnosis, mergeMachine, nextVerdict } from '../../src/controller/labels.js';
import type { Label } from '../../src/controller/state.js';

const m = (id: string, stepId: number, over: Partial<Label> = {}): Label => ({
  id,
  stepId,
  verdict: 'incorrect',
  reasoning: 'machine says so',
  source: 'llm',
  accepted: false,
  changedByHuman: false,
  ...over,
});

describe('label edits', () => {
  const items = [m('llm-2', 2), m('llm-5', 5, { verdict: 'unuseful' })];

  it('accept marks accepted without a change; twice is a no-op', () => {
    const r = applyEdit(items, { op: 'accept', id: 'llm-2' });
    expect(r.items[0]).toMatchObject({ accepted: true, changedByHuman: false, verdict: 'incorrect' });
    expect(items[0].accepted).toBe(false);
    expect(applyEdit(r.items, { op: 'accept', id: 'llm-2' }).noop).toBe('already accepted');
  });

  it('override cycles incorrect -> unuseful -> correct -> incorrect and marks the change', () => {
    expect(['incorrect', 'unuseful', 'correct'].map((v) => nextVerdict(v as Label['verdict']))).toEqual([
      'unuseful',
      'correct',
      'incorrect',
    ]);
    const r = applyEdit(items, { op: 'override', id: 'llm-5' });
    expect(r.items[1]).toMatchObject({
      verdict: 'correct',
      accepted: true,
      changedByHuman: true,
      source: 'llm',
    });
  });

  it('add: one label per step, ids h1, h2 ..., sorted by step', () => {
    const r = applyEdit(items, { op: 'add', stepId: 3 });
    expect(r.items.map((l) => l.id)).toEqual(['llm-2', 'h1', 'llm-5']);
    expect(r.items[1]).toMatchObject({
      source: 'human',
      accepted: true,
      changedByHuman: true,
      verdict: 'incorrect',
    });
    expect(r.focusId).toBe('h1');
    expect(applyEdit(r.items, { op: 'add', stepId: 4 }).focusId).toBe('h2');
    expect(applyEdit(r.items, { op: 'add', stepId: 2 })).toMatchObject({
      noop: 'step 2 already has a label',
      focusId: 'llm-2',
    });
  });

  it('reasoning edit and delete', () => {
    const r = applyEdit(items, { op: 'reasoning', id: 'llm-5', text: 'it re-read the same file' });
    expect(r.items[1]).toMatchObject({ reasoning: 'it re-read the same file', changedByHuman: true });
    const d = applyEdit(r.items, { op: 'delete', id: 'llm-2' });
    expect(d.items.map((l) => l.id)).toEqual(['llm-5']);
    expect(d.focusId).toBe('llm-5');
    expect(applyEdit(items, { op: 'delete', id: 'nope' }).noop).toBe('no such label');
  });
});

describe('machine labels', () => {
  it('from a Diagnosis: one per step, source and diagnoser kept', () => {
    const ls = labelsFromDiagnosis(
      {
        diagnoser: 'heuristic',
        labels: [
          { stepId: 4, verdict: 'unuseful', reasoning: 'repeat', signal: 'repeated-read', confidence: 0.6 },
          { stepId: 2, verdict: 'incorrect', reasoning: 'bad edit' },
          { stepId: 4, verdict: 'incorrect', reasoning: 'dup' },
        ],
        stages: [],
      },
      'heuristic',
    );
    expect(ls.map((l) => [l.id, l.stepId, l.verdict, l.signal])).toEqual([
      ['heur-2', 2, 'incorrect', undefined],
      ['heur-4', 4, 'unuseful', 'repeated-read'],
    ]);
    expect(ls[1]).toMatchObject({
      source: 'heuristic',
      diagnoser: 'heuristic',
      confidence: 0.6,
      accepted: false,
    });
  });

  it('merge keeps what a person touched, replaces the rest', () => {
    const cur = [
      m('heur-1', 1, { source: 'heuristic', accepted: true }),
      m('heur-2', 2, { source: 'heuristic' }),
      m('h1', 3, { source: 'human', accepted: true, changedByHuman: true }),
      m('heur-6', 6, { source: 'heuristic', changedByHuman: true, verdict: 'correct' }),
    ];
    const merged = mergeMachine(cur, [m('llm-1', 1), m('llm-2', 2), m('llm-4', 4), m('llm-6', 6)]);
    expect(merged.map((l) => l.id)).toEqual(['heur-1', 'llm-2', 'h1', 'llm-4', 'heur-6']);
  });
});
