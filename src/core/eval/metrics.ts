// Set-based precision / recall / F1 over step ids, per trajectory and aggregated.
//
// Two conventions for empty sets, both reported:
//  - official (CodeTraceBench README, upstream-spec §14.2): P = 0 when nothing is predicted, R = 0 when
//    the gold is empty, F1 = 0 when P + R = 0. A clean run predicted clean therefore scores 0.
//  - emptyAgree: the same, except that an empty prediction on an empty gold scores P = R = F1 = 1.
// Macro = mean of the per-trajectory values (F1 is the mean of per-trajectory F1s, not F1 of the means).
// Micro = from summed counts; with these definitions it differs between conventions only when both
// summed sets are empty, because a both-empty trajectory adds nothing to the counts.

export type Convention = 'official' | 'emptyAgree';

export interface Counts {
  tp: number;
  /** |predicted| */
  pred: number;
  /** |gold| */
  gold: number;
}

export interface PRF {
  precision: number;
  recall: number;
  f1: number;
}

export function counts(pred: Iterable<number>, gold: Iterable<number>): Counts {
  const p = new Set(pred);
  const g = new Set(gold);
  let tp = 0;
  for (const x of p) if (g.has(x)) tp++;
  return { tp, pred: p.size, gold: g.size };
}

export function prf(c: Counts, convention: Convention): PRF {
  if (convention === 'emptyAgree' && c.pred === 0 && c.gold === 0) return { precision: 1, recall: 1, f1: 1 };
  const precision = c.pred > 0 ? c.tp / c.pred : 0;
  const recall = c.gold > 0 ? c.tp / c.gold : 0;
  const f1 = precision + recall > 0 ? (2 * precision * recall) / (precision + recall) : 0;
  return { precision, recall, f1 };
}

export interface Aggregate {
  /** Trajectories counted. */
  n: number;
  micro: PRF;
  macro: PRF;
  totals: Counts;
}

export function aggregate(per: Counts[], convention: Convention): Aggregate {
  const totals = per.reduce((a, c) => ({ tp: a.tp + c.tp, pred: a.pred + c.pred, gold: a.gold + c.gold }), {
    tp: 0,
    pred: 0,
    gold: 0,
  });
  const n = per.length;
  const scores = per.map((c) => prf(c, convention));
  const mean = (k: keyof PRF) => (n ? scores.reduce((s, x) => s + x[k], 0) / n : 0);
  return {
    n,
    micro: n ? prf(totals, convention) : { precision: 0, recall: 0, f1: 0 },
    macro: { precision: mean('precision'), recall: mean('recall'), f1: mean('f1') },
    totals,
  };
}

/** Both conventions at once. */
export function aggregateBoth(per: Counts[]): Record<Convention, Aggregate> {
  return { official: aggregate(per, 'official'), emptyAgree: aggregate(per, 'emptyAgree') };
}

export interface Range {
  id: number;
  start: number;
  end: number;
}

/** The id of the stage whose inclusive range holds the step, or null. */
export function stageAt(stepId: number, stages: Range[]): number | null {
  return stages.find((s) => stepId >= s.start && stepId <= s.end)?.id ?? null;
}
