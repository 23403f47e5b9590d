// Small pure helpers of the controller: the Diagnosis written on export, tool arguments in brief.
import type { Diagnosis } from '../core/profiles/diagnosis.js';
import type { Label } from './state.js';

/** A Diagnosis (for the profile writers) from the current labels. */
export function diagnosisFromLabels(
  items: readonly Label[],
  stages: readonly { id: number; start: number; end: number; label?: string }[],
): Diagnosis {
  const machine = items.find((l) => l.source !== 'human' && l.diagnoser)?.diagnoser;
  const human = items.some((l) => l.changedByHuman || l.source === 'human');
  const diagnoser = human ? (machine ? `human-reviewed:${machine}` : 'human') : (machine ?? 'human');
  return {
    diagnoser,
    labels: items.map((l) => ({
      stepId: l.stepId,
      verdict: l.verdict,
      reasoning: l.changedByHuman ? `[human] ${l.reasoning}` : l.reasoning,
      ...(l.stageId !== undefined ? { stageId: l.stageId } : {}),
      ...(l.signal !== undefined ? { signal: l.signal } : {}),
      ...(l.confidence !== undefined ? { confidence: l.confidence } : {}),
    })),
    stages: stages.map((s) => ({
      id: s.id,
      start: s.start,
      end: s.end,
      ...(s.label ? { label: s.label } : {}),
    })),
  };
}

/** "path=src/x.py" style one-liner of a tool call's JSON arguments. */
export function briefArgs(args: string, max = 60): string {
  let text = args;
  try {
    const v = JSON.parse(args) as unknown;
    if (v && typeof v === 'object' && !Array.isArray(v)) {
      text = Object.entries(v as Record<string, unknown>)
        .map(([k, x]) => `${k}=${typeof x === 'string' ? x : JSON.stringify(x)}`)
        .join(' ');
    }
  } catch {
    // Malformed arguments are shown as sent.
  }
  text = text.replace(/\s+/g, ' ').trim();
  return text.length > max ? `${text.slice(0, max - 1)}…` : text;
}
