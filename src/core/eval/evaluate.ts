// Scoring predictions against gold: matching runs, then the metrics of metrics.ts per label kind,
// stage-level accuracy (CodeTraceBench ranges) and Who&When step / agent accuracy.
import type { GoldItem } from './gold.js';
import { normalizeAgent } from './gold.js';
import {
  aggregateBoth,
  counts,
  prf,
  stageAt,
  type Aggregate,
  type Convention,
  type Counts,
  type PRF,
} from './metrics.js';
import { normName, type PredEntry } from './predictions.js';

export interface EvalOptions {
  /** Who&When: a first predicted step within ±tolerance of the gold step counts as near. */
  tolerance: number;
}

export const DEFAULT_TOLERANCE = 3;

export interface RunResult {
  id: string;
  kind: GoldItem['kind'];
  status: 'ok' | 'missing' | 'invalid';
  predPath?: string;
  error?: string;
  diagnoser?: string;
  pred: { incorrect: number[]; unuseful: number[] };
  gold: { incorrect: number[]; unuseful: number[] | null };
  /** Official-convention scores of this run. */
  incorrect: Counts & PRF;
  unuseful: (Counts & PRF) | null;
  stage: { pred: number | null; gold: number | null; match: boolean } | null;
  whowhen: {
    pred: number | null;
    gold: number;
    exact: boolean;
    near: boolean;
    agentPred: string | null;
    agentGold: string | null;
    agentMatch: boolean | null;
  } | null;
}

export interface EvalReport {
  runs: RunResult[];
  incorrect: Record<Convention, Aggregate>;
  /** Over runs whose gold annotates unuseful steps; null when none does. */
  unuseful: Record<Convention, Aggregate> | null;
  stage: { n: number; firstErrorAccuracy: number; set: PRF; totals: Counts } | null;
  whowhen: {
    n: number;
    withPrediction: number;
    stepAccuracy: number;
    tolerance: number;
    nearAccuracy: number;
    agentN: number;
    agentAccuracy: number | null;
  } | null;
  /** Gold runs with no prediction (scored as empty predictions). */
  missing: string[];
  /** Gold runs whose prediction could not be read (scored as empty), with the reason. */
  invalid: { id: string; path: string; error: string }[];
  /** Predictions that match no gold run. */
  unknown: string[];
  diagnosers: string[];
  warnings: string[];
}

type Tier = 1 | 2 | 3;

/** The best prediction for a gold run: exact source path, then equal names, then a name suffix. */
function candidates(g: GoldItem, entries: PredEntry[]): { tier: Tier; entry: PredEntry }[] {
  const paths = new Set(g.aliases.filter((a) => a.startsWith('/')));
  const names = new Set([g.id, ...g.aliases].map(normName).filter(Boolean));
  const idNorm = normName(g.id);
  const out: { tier: Tier; entry: PredEntry }[] = [];
  for (const e of entries) {
    const en = e.names.map(normName);
    if (e.sources.some((s) => paths.has(s))) out.push({ tier: 1, entry: e });
    else if (en.some((n) => names.has(n))) out.push({ tier: 2, entry: e });
    else if (idNorm.length >= 3 && en.some((n) => n.endsWith('-' + idNorm))) out.push({ tier: 3, entry: e });
  }
  return out;
}

function pickPrediction(g: GoldItem, entries: PredEntry[], warnings: string[]): PredEntry | undefined {
  const c = candidates(g, entries);
  if (!c.length) return undefined;
  const best = Math.min(...c.map((x) => x.tier));
  const top = c.filter((x) => x.tier === best).map((x) => x.entry);
  const valid = top.filter((e) => e.prediction);
  const pool = valid.length ? valid : top;
  if (valid.length > 1) {
    warnings.push(
      `${g.id}: ${valid.length} predictions match (${valid.map((e) => e.path).join(', ')}); using the first`,
    );
  }
  return pool[0];
}

const sorted = (xs: Iterable<number>) => [...new Set(xs)].sort((a, b) => a - b);
const withPrf = (c: Counts): Counts & PRF => ({ ...c, ...prf(c, 'official') });

export function evaluate(gold: GoldItem[], entries: PredEntry[], opts: EvalOptions): EvalReport {
  const warnings: string[] = [];
  const used = new Set<PredEntry>();
  const runs: RunResult[] = [];
  const missing: string[] = [];
  const invalid: EvalReport['invalid'] = [];
  const diagnosers = new Set<string>();

  for (const g of gold) {
    const e = pickPrediction(g, entries, warnings);
    for (const c of candidates(g, entries)) used.add(c.entry);
    const labels = e?.prediction?.diagnosis.labels ?? [];
    const pInc = sorted(labels.filter((l) => l.verdict === 'incorrect').map((l) => l.stepId));
    const pUnu = sorted(labels.filter((l) => l.verdict === 'unuseful').map((l) => l.stepId));
    const status: RunResult['status'] = !e ? 'missing' : e.prediction ? 'ok' : 'invalid';
    if (status === 'missing') missing.push(g.id);
    if (status === 'invalid') invalid.push({ id: g.id, path: e!.path, error: e!.error ?? 'unreadable' });
    if (e?.prediction) diagnosers.add(e.prediction.diagnosis.diagnoser);

    const r: RunResult = {
      id: g.id,
      kind: g.kind,
      status,
      ...(e ? { predPath: e.prediction?.file ?? e.path } : {}),
      ...(e?.error ? { error: e.error } : {}),
      ...(e?.prediction ? { diagnoser: e.prediction.diagnosis.diagnoser } : {}),
      pred: { incorrect: pInc, unuseful: pUnu },
      gold: { incorrect: g.incorrect, unuseful: g.unuseful },
      incorrect: withPrf(counts(pInc, g.incorrect)),
      unuseful: g.unuseful ? withPrf(counts(pUnu, g.unuseful)) : null,
      stage: null,
      whowhen: null,
    };
    if (g.stages?.length && g.incorrect.length) {
      const goldStage = stageAt(g.incorrect[0], g.stages) ?? g.incorrectStageIds?.[0] ?? null;
      const predStage = pInc.length ? stageAt(pInc[0], g.stages) : null;
      r.stage = { pred: predStage, gold: goldStage, match: predStage !== null && predStage === goldStage };
    }
    if (g.mistake) {
      const first = pInc[0] ?? null;
      const agents = g.mistake.agentsByStep;
      const agentPred = first !== null && agents ? (agents[first] ?? null) : null;
      const agentGold = g.mistake.agent ?? null;
      r.whowhen = {
        pred: first,
        gold: g.mistake.stepId,
        exact: first === g.mistake.stepId,
        near: first !== null && Math.abs(first - g.mistake.stepId) <= opts.tolerance,
        agentPred,
        agentGold,
        agentMatch:
          agentGold && agents
            ? agentPred !== null && normalizeAgent(agentPred) === normalizeAgent(agentGold)
            : null,
      };
    }
    runs.push(r);
  }

  const unknown = entries.filter((e) => !used.has(e) && e.prediction).map((e) => e.path);
  const unreadable = entries.filter((e) => !used.has(e) && !e.prediction).length;
  if (unreadable)
    warnings.push(`${unreadable} file(s) under --pred are not predictions and match no gold run (ignored)`);

  const withUnuseful = runs.filter((r) => r.unuseful);
  return {
    runs,
    incorrect: aggregateBoth(runs.map((r) => r.incorrect)),
    unuseful: withUnuseful.length ? aggregateBoth(withUnuseful.map((r) => r.unuseful!)) : null,
    stage: stageSummary(gold, runs),
    whowhen: whowhenSummary(runs, opts.tolerance),
    missing,
    invalid,
    unknown,
    diagnosers: [...diagnosers].sort(),
    warnings,
  };
}

function stageSummary(gold: GoldItem[], runs: RunResult[]): EvalReport['stage'] {
  const scored = runs.filter((r) => r.stage);
  if (!scored.length) return null;
  const byId = new Map(gold.map((g) => [g.id, g]));
  const per: Counts[] = [];
  for (const r of scored) {
    const g = byId.get(r.id)!;
    const stages = g.stages ?? [];
    const predSet = r.pred.incorrect.map((s) => stageAt(s, stages)).filter((x): x is number => x !== null);
    const goldSet = [
      ...(g.incorrectStageIds ?? []),
      ...g.incorrect.map((s) => stageAt(s, stages)).filter((x): x is number => x !== null),
    ];
    per.push(counts(predSet, goldSet));
  }
  const agg = aggregateBoth(per).official;
  return {
    n: scored.length,
    firstErrorAccuracy: scored.filter((r) => r.stage!.match).length / scored.length,
    set: agg.micro,
    totals: agg.totals,
  };
}

function whowhenSummary(runs: RunResult[], tolerance: number): EvalReport['whowhen'] {
  const w = runs.filter((r) => r.whowhen).map((r) => r.whowhen!);
  if (!w.length) return null;
  const agentScored = w.filter((x) => x.agentMatch !== null);
  return {
    n: w.length,
    withPrediction: w.filter((x) => x.pred !== null).length,
    stepAccuracy: w.filter((x) => x.exact).length / w.length,
    tolerance,
    nearAccuracy: w.filter((x) => x.near).length / w.length,
    agentN: agentScored.length,
    agentAccuracy: agentScored.length
      ? agentScored.filter((x) => x.agentMatch).length / agentScored.length
      : null,
  };
}
