// Step ids given by a pre-normalized source are kept (gold labels name them); bad ones are reported.

export interface IdPlan {
  /** Source entry index for each step, in step order. */
  order: number[];
  /** The id of each step, parallel to `order`. */
  ids: number[];
  warnings: string[];
}

function listSome(xs: number[]): string {
  return xs.length > 10 ? `${xs.slice(0, 10).join(', ')}, … (${xs.length} in all)` : xs.join(', ');
}

/**
 * Keep the source ids when they are distinct positive integers (sorted, gaps reported); otherwise number the
 * entries 1..n in file order and say why.
 */
export function planIds(raw: (number | undefined)[], shown: string): IdPlan {
  const n = raw.length;
  const bad = raw.flatMap((v, i) => (v === undefined || !Number.isInteger(v) || v < 1 ? [i] : []));
  const seen = new Map<number, number>();
  const dups: number[] = [];
  raw.forEach((v) => {
    if (v === undefined) return;
    seen.set(v, (seen.get(v) ?? 0) + 1);
    if (seen.get(v) === 2) dups.push(v);
  });
  if (bad.length || dups.length) {
    const why = [
      bad.length ? `missing or invalid step_id at entries ${listSome(bad.map((i) => i + 1))}` : '',
      dups.length ? `duplicate step_id ${listSome(dups)}` : '',
    ]
      .filter(Boolean)
      .join('; ');
    return {
      order: raw.map((_, i) => i),
      ids: raw.map((_, i) => i + 1),
      warnings: [`${shown}: ${why}; steps numbered 1..${n} in file order`],
    };
  }
  const ids = raw as number[];
  const order = ids.map((_, i) => i).sort((a, b) => ids[a] - ids[b]);
  const warnings: string[] = [];
  if (order.some((v, i) => v !== i))
    warnings.push(`${shown}: entries are not in step_id order; sorted by step_id`);
  const sorted = order.map((i) => ids[i]);
  const max = sorted[sorted.length - 1] ?? 0;
  if (max !== n) {
    const present = new Set(sorted);
    const missing: number[] = [];
    for (let k = 1; k <= max; k++) if (!present.has(k)) missing.push(k);
    warnings.push(`${shown}: step ids skip ${listSome(missing)} (ids kept as given)`);
  }
  return { order, ids: sorted, warnings };
}
