// Pure label edits. Commands compute the next list with these, write it to disk, and only then
// dispatch it (so an edit the state shows is always an edit on disk).
import type { Diagnosis } from '../core/profiles/diagnosis.js';
import { LABEL_VERDICTS, type Label, type LabelSource, type LabelVerdict } from './state.js';

export type LabelEdit =
  | { op: 'accept'; id: string }
  | { op: 'override'; id: string; verdict?: LabelVerdict }
  | { op: 'reasoning'; id: string; text: string }
  | { op: 'add'; stepId: number; verdict?: LabelVerdict; reasoning?: string; stageId?: number }
  | { op: 'delete'; id: string };

export interface EditResult {
  items: Label[];
  /** The label the cursor should rest on afterwards (the new/edited one). */
  focusId?: string;
  /** Set when nothing changed, with why ("step 4 already has a label"). */
  noop?: string;
}

/** The verdict after `v` in the override cycle incorrect -> unuseful -> correct -> incorrect. */
export function nextVerdict(v: LabelVerdict): LabelVerdict {
  return LABEL_VERDICTS[(LABEL_VERDICTS.indexOf(v) + 1) % LABEL_VERDICTS.length];
}

const byStep = (a: Label, b: Label) => a.stepId - b.stepId || a.id.localeCompare(b.id);

/** Next free number for human label ids ("h<n>"). */
export function nextSeq(items: readonly Label[]): number {
  let max = 0;
  for (const l of items) {
    const m = /^h(\d+)$/.exec(l.id);
    if (m) max = Math.max(max, Number(m[1]));
  }
  return max + 1;
}

export function applyEdit(items: readonly Label[], edit: LabelEdit): EditResult {
  if (edit.op === 'add') {
    const existing = items.find((l) => l.stepId === edit.stepId);
    if (existing) {
      return { items: [...items], focusId: existing.id, noop: `step ${edit.stepId} already has a label` };
    }
    const label: Label = {
      id: `h${nextSeq(items)}`,
      stepId: edit.stepId,
      verdict: edit.verdict ?? 'incorrect',
      reasoning: edit.reasoning ?? '',
      source: 'human',
      accepted: true,
      changedByHuman: true,
      ...(edit.stageId !== undefined ? { stageId: edit.stageId } : {}),
    };
    return { items: [...items, label].sort(byStep), focusId: label.id };
  }
  const idx = items.findIndex((l) => l.id === edit.id);
  if (idx < 0) return { items: [...items], noop: 'no such label' };
  const cur = items[idx];
  if (edit.op === 'delete') {
    const next = items.filter((_, i) => i !== idx);
    const after = next[Math.min(idx, next.length - 1)];
    return { items: next, ...(after ? { focusId: after.id } : {}) };
  }
  let changed: Label;
  if (edit.op === 'accept') {
    if (cur.accepted) return { items: [...items], focusId: cur.id, noop: 'already accepted' };
    changed = { ...cur, accepted: true };
  } else if (edit.op === 'override') {
    changed = {
      ...cur,
      verdict: edit.verdict ?? nextVerdict(cur.verdict),
      accepted: true,
      changedByHuman: true,
    };
  } else {
    if (edit.text === cur.reasoning)
      return { items: [...items], focusId: cur.id, noop: 'reasoning unchanged' };
    changed = { ...cur, reasoning: edit.text, accepted: true, changedByHuman: true };
  }
  const next = [...items];
  next[idx] = changed;
  return { items: next, focusId: cur.id };
}

/** Machine labels of a diagnosis in the UI form. */
export function labelsFromDiagnosis(d: Diagnosis, source: Exclude<LabelSource, 'human'>): Label[] {
  const prefix = source === 'heuristic' ? 'heur' : 'llm';
  const seen = new Set<number>();
  const out: Label[] = [];
  for (const l of d.labels) {
    if (seen.has(l.stepId)) continue;
    seen.add(l.stepId);
    out.push({
      id: `${prefix}-${l.stepId}`,
      stepId: l.stepId,
      verdict: l.verdict,
      reasoning: l.reasoning,
      source,
      accepted: false,
      changedByHuman: false,
      diagnoser: d.diagnoser,
      ...(l.stageId !== undefined ? { stageId: l.stageId } : {}),
      ...(l.signal !== undefined ? { signal: l.signal } : {}),
      ...(l.confidence !== undefined ? { confidence: l.confidence } : {}),
    });
  }
  return out.sort(byStep);
}

export const sourceOfDiagnoser = (diagnoser: string): 'heuristic' | 'llm' =>
  diagnoser === 'heuristic' || diagnoser.startsWith('heuristic') ? 'heuristic' : 'llm';

/**
 * Bring a new machine diagnosis into the current labels: everything a person touched (accepted,
 * changed, added) stays as it is; untouched machine labels are replaced by the incoming ones.
 */
export function mergeMachine(items: readonly Label[], incoming: readonly Label[]): Label[] {
  const kept = items.filter((l) => l.source === 'human' || l.accepted || l.changedByHuman);
  const taken = new Set(kept.map((l) => l.stepId));
  const ids = new Set(kept.map((l) => l.id));
  const fresh = incoming
    .filter((l) => !taken.has(l.stepId))
    .map((l) => (ids.has(l.id) ? { ...l, id: `${l.id}-${l.source}` } : l));
  return [...kept, ...fresh].sort(byStep);
}

/** True when the two lists hold the same labels (ids and fields), in order. */
export function sameLabels(a: readonly Label[], b: readonly Label[]): boolean {
  if (a.length !== b.length) return false;
  return a.every((l, i) => JSON.stringify(l) === JSON.stringify(b[i]));
}
