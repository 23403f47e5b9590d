// Plain-text report of an evaluation: the summary table and optional one line per run.
import type { EvalReport, RunResult } from './evaluate.js';
import type { Aggregate } from './metrics.js';

const f3 = (x: number) => x.toFixed(3);
const pad = (s: string, n: number) => (s.length >= n ? s : s + ' '.repeat(n - s.length));
const lpad = (s: string, n: number) => (s.length >= n ? s : ' '.repeat(n - s.length) + s);

function metricRows(label: string, official: Aggregate, agree: Aggregate): string[] {
  const row = (avg: 'micro' | 'macro') =>
    pad(label, 11) +
    pad(avg, 7) +
    [official[avg].precision, official[avg].recall, official[avg].f1].map((x) => lpad(f3(x), 7)).join('') +
    '   ' +
    [agree[avg].precision, agree[avg].recall, agree[avg].f1].map((x) => lpad(f3(x), 7)).join('');
  return [row('micro'), row('macro')];
}

export function renderSummary(r: EvalReport): string {
  const byKind = (k: RunResult['kind']) => r.runs.filter((x) => x.kind === k).length;
  const ok = r.runs.filter((x) => x.status === 'ok').length;
  const kinds = [
    byKind('codetracebench') ? `${byKind('codetracebench')} CodeTraceBench` : '',
    byKind('whowhen') ? `${byKind('whowhen')} Who&When` : '',
  ].filter(Boolean);
  const out: string[] = [];
  out.push(
    `Evaluated ${r.runs.length} run(s) (${kinds.join(', ') || 'none'}); predictions: ${ok} read, ` +
      `${r.missing.length} missing, ${r.invalid.length} unreadable` +
      (r.diagnosers.length ? `; diagnoser: ${r.diagnosers.join(', ')}` : ''),
  );
  out.push('');
  out.push(pad('', 18) + pad('official (empty set -> 0)', 24) + '   ' + 'empty sets agree (-> 1)');
  out.push(
    pad('labels', 11) +
      pad('avg', 7) +
      ['P', 'R', 'F1'].map((x) => lpad(x, 7)).join('') +
      '   ' +
      ['P', 'R', 'F1'].map((x) => lpad(x, 7)).join(''),
  );
  out.push(...metricRows(`incorrect`, r.incorrect.official, r.incorrect.emptyAgree));
  if (r.unuseful) out.push(...metricRows('unuseful', r.unuseful.official, r.unuseful.emptyAgree));
  const t = r.incorrect.official.totals;
  out.push(
    `(incorrect over ${r.incorrect.official.n} run(s): ${t.tp} hit, ${t.pred} predicted, ${t.gold} gold` +
      (r.unuseful
        ? `; unuseful over ${r.unuseful.official.n} run(s) that annotate it`
        : '; no gold annotates unuseful steps') +
      ')',
  );
  if (r.stage) {
    out.push('');
    out.push(
      `stage     first-error stage accuracy ${f3(r.stage.firstErrorAccuracy)} over ${r.stage.n} run(s); ` +
        `stage-set micro P ${f3(r.stage.set.precision)} R ${f3(r.stage.set.recall)} F1 ${f3(r.stage.set.f1)}`,
    );
  }
  if (r.whowhen) {
    const w = r.whowhen;
    out.push('');
    out.push(
      `Who&When  step accuracy ${f3(w.stepAccuracy)}; within ±${w.tolerance}: ${f3(w.nearAccuracy)}; ` +
        `agent accuracy ${w.agentAccuracy === null ? 'n/a' : f3(w.agentAccuracy)}` +
        ` (${w.n} run(s), ${w.withPrediction} with a predicted incorrect step)`,
    );
  }
  const list = (title: string, xs: string[]) => {
    if (!xs.length) return;
    out.push('', `${title} (${xs.length}):`);
    for (const x of xs.slice(0, 50)) out.push(`  ${x}`);
    if (xs.length > 50) out.push(`  … ${xs.length - 50} more (--json lists all)`);
  };
  list('missing predictions, scored as empty', r.missing);
  list(
    'unreadable predictions, scored as empty',
    r.invalid.map((x) => `${x.id}: ${x.error}`),
  );
  list('predictions matching no gold run', r.unknown);
  return out.join('\n') + '\n';
}

const ids = (xs: number[]) => (xs.length ? xs.join(',') : '-');

export function renderRun(x: RunResult): string {
  const parts = [x.id, x.status];
  const i = x.incorrect;
  parts.push(
    `incorrect pred [${ids(x.pred.incorrect)}] gold [${ids(x.gold.incorrect)}] P ${f3(i.precision)} R ${f3(i.recall)} F1 ${f3(i.f1)}`,
  );
  if (x.unuseful && x.gold.unuseful) {
    const u = x.unuseful;
    parts.push(`unuseful pred [${ids(x.pred.unuseful)}] gold [${ids(x.gold.unuseful)}] F1 ${f3(u.f1)}`);
  }
  if (x.stage)
    parts.push(`stage ${x.stage.pred ?? '-'} vs ${x.stage.gold ?? '-'} ${x.stage.match ? 'ok' : 'miss'}`);
  if (x.whowhen) {
    const w = x.whowhen;
    parts.push(`step ${w.pred ?? '-'} vs ${w.gold} ${w.exact ? 'exact' : w.near ? 'near' : 'miss'}`);
    if (w.agentMatch !== null)
      parts.push(`agent ${w.agentPred ?? '-'} vs ${w.agentGold} ${w.agentMatch ? 'ok' : 'miss'}`);
  }
  if (x.error) parts.push(`(${x.error})`);
  return parts.join('  ') + '\n';
}
