import { describe, expect, it } from 'vitest';
import { aggregate, aggregateBoth, counts, prf, stageAt } from '../../src/core/eval/metrics.js';

// Four hand-computed runs:
//   A pred {1,2,3}  gold {2,3,4,5}  tp 2: P 2/3, R 1/2, F1 4/7
//   B pred {}       gold {}         official 0/0/0, emptyAgree 1/1/1
//   C pred {7}      gold {}         0/0/0 in both
//   D pred {}       gold {9}        0/0/0 in both
const A = counts([1, 2, 3, 3], [2, 3, 4, 5]);
const B = counts([], []);
const C = counts([7], []);
const D = counts([], [9]);

describe('per-run precision / recall / F1', () => {
  it('counts deduplicate ids', () => {
    expect(A).toEqual({ tp: 2, pred: 3, gold: 4 });
  });
  it('non-empty sets', () => {
    const r = prf(A, 'official');
    expect(r.precision).toBeCloseTo(2 / 3, 12);
    expect(r.recall).toBeCloseTo(0.5, 12);
    expect(r.f1).toBeCloseTo(4 / 7, 12);
    expect(prf(A, 'emptyAgree')).toEqual(r);
  });
  it('two empty sets: 0 officially, 1 when empty sets agree', () => {
    expect(prf(B, 'official')).toEqual({ precision: 0, recall: 0, f1: 0 });
    expect(prf(B, 'emptyAgree')).toEqual({ precision: 1, recall: 1, f1: 1 });
  });
  it('one empty side scores 0 under both conventions', () => {
    for (const conv of ['official', 'emptyAgree'] as const) {
      expect(prf(C, conv)).toEqual({ precision: 0, recall: 0, f1: 0 });
      expect(prf(D, conv)).toEqual({ precision: 0, recall: 0, f1: 0 });
    }
  });
});

describe('aggregates', () => {
  const both = aggregateBoth([A, B, C, D]);
  it('macro averages per-run values', () => {
    expect(both.official.macro.precision).toBeCloseTo(1 / 6, 12);
    expect(both.official.macro.recall).toBeCloseTo(1 / 8, 12);
    expect(both.official.macro.f1).toBeCloseTo(1 / 7, 12);
    expect(both.emptyAgree.macro.precision).toBeCloseTo(5 / 12, 12);
    expect(both.emptyAgree.macro.recall).toBeCloseTo(3 / 8, 12);
    expect(both.emptyAgree.macro.f1).toBeCloseTo(11 / 28, 12);
  });
  it('micro uses summed counts (tp 2, predicted 4, gold 5) and is the same in both conventions here', () => {
    expect(both.official.totals).toEqual({ tp: 2, pred: 4, gold: 5 });
    expect(both.official.micro.precision).toBeCloseTo(0.5, 12);
    expect(both.official.micro.recall).toBeCloseTo(0.4, 12);
    expect(both.official.micro.f1).toBeCloseTo(4 / 9, 12);
    expect(both.emptyAgree.micro).toEqual(both.official.micro);
  });
  it('micro differs only when every set is empty; no runs scores 0', () => {
    expect(aggregate([B, B], 'official').micro.f1).toBe(0);
    expect(aggregate([B, B], 'emptyAgree').micro.f1).toBe(1);
    expect(aggregate([], 'emptyAgree')).toMatchObject({ n: 0, micro: { f1: 0 }, macro: { f1: 0 } });
  });
  it('stageAt finds the inclusive range', () => {
    const st = [
      { id: 1, start: 1, end: 10 },
      { id: 2, start: 11, end: 20 },
    ];
    expect([stageAt(10, st), stageAt(11, st), stageAt(21, st)]).toEqual([1, 2, null]);
  });
});
