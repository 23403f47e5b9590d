// What a batch shows while it runs: one line rewritten in place on a terminal, a plain line per finished
// run otherwise, and the table at the end.
import { formatCost } from '../llm/cost.js';
import type { SummaryEntry } from './summary.js';

export interface ProgressCounts {
  total: number;
  done: number;
  failed: number;
  running: number;
  cost: number;
  elapsedS: number;
}

function clock(s: number): string {
  if (!Number.isFinite(s)) return '?';
  const t = Math.round(s);
  const m = Math.floor(t / 60);
  return m ? `${m}m${String(t % 60).padStart(2, '0')}s` : `${t}s`;
}

/** ETA from the pace so far (finished runs per second); unknown before the first finishes. */
export function statusLine(c: ProgressCounts): string {
  const finished = c.done + c.failed;
  const left = c.total - finished;
  const eta = finished ? clock((c.elapsedS / finished) * left) : '?';
  return (
    `${finished}/${c.total} finished: ${c.done} done, ${c.failed} failed, ${c.running} running, ` +
    `cost ${formatCost(c.cost)}, ${clock(c.elapsedS)} elapsed, ETA ${eta}`
  );
}

export function entryLine(e: SummaryEntry, n: number, total: number): string {
  const parts: string[] = [e.status];
  if (e.steps !== null) parts.push(`${e.steps} steps`);
  if (e.labels !== null) parts.push(`${e.labels} labels`);
  if (e.cost !== null) parts.push(formatCost(e.cost));
  parts.push(`${e.duration_s.toFixed(1)} s`);
  return `[${n}/${total}] ${e.traj_id}: ${parts.join(', ')}${e.error ? ` — ${e.error}` : ''}`;
}

export function summaryTable(runs: SummaryEntry[]): string {
  const head = ['traj_id', 'status', 'steps', 'labels', 'cost', 'time'];
  const rows = runs.map((r) => [
    r.traj_id.length > 60 ? r.traj_id.slice(0, 59) + '…' : r.traj_id,
    r.resumed ? `${r.status} (resumed)` : r.status,
    r.steps === null ? '-' : String(r.steps),
    r.labels === null ? '-' : String(r.labels),
    r.cost === null ? '-' : formatCost(r.cost),
    `${r.duration_s.toFixed(1)}s`,
  ]);
  const width = head.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
  const line = (cells: string[]) =>
    cells
      .map((c, i) => (i >= 2 ? c.padStart(width[i]) : c.padEnd(width[i])))
      .join('  ')
      .trimEnd();
  return [line(head), ...rows.map(line)].join('\n') + '\n';
}
