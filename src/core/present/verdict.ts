import type { Verdict } from '../model/trajectory.js';

/** "solved", "failed", "unknown", with the raw reward or exit status when there is one. */
export function verdictText(v: Verdict): string {
  const base = v.solved === true ? 'solved' : v.solved === false ? 'failed' : 'unknown';
  const extra: string[] = [];
  if (v.reward !== undefined && v.reward !== null) extra.push(`reward ${v.reward}`);
  if (v.exitStatus) extra.push(v.exitStatus);
  return extra.length ? `${base} (${extra.join(', ')})` : base;
}
