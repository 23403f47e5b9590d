// What the controller knows about one run: which steps the model has seen, and the labels it recorded.
import type { DeviationType, ImpactSeverity } from '../../profiles/schemas.js';

export interface RecordedLabel {
  stepId: number;
  verdict: 'incorrect' | 'unuseful';
  reasoning: string;
  stageId?: number;
  deviationType?: DeviationType;
  correctAlternative?: string;
  impactSeverity?: ImpactSeverity;
  /** LLM call number that recorded it. */
  call: number;
}

export class RunState {
  /** Steps shown to the model in full (view_step) or as a row of view_stage. */
  readonly viewed = new Set<number>();
  readonly labels = new Map<number, RecordedLabel>();
  /** Malformed calls, unknown tools, replies without a tool call. */
  toolErrors = 0;
  /** Final answers sent back as invalid. */
  outputRejections = 0;
  call = 0;

  markViewed(ids: Iterable<number>): void {
    for (const id of ids) this.viewed.add(id);
  }

  labelList(): RecordedLabel[] {
    return [...this.labels.values()].sort((a, b) => a.stepId - b.stepId);
  }

  /** "Labels so far" as text, for the model (after compaction) and summaries. */
  labelsText(): string {
    const ls = this.labelList();
    if (!ls.length) return 'Labels recorded so far: none.';
    const lines = ls.map((l) => `- step ${l.stepId}: ${l.verdict} — ${oneLine(l.reasoning, 200)}`);
    return `Labels recorded so far (${ls.length}):\n${lines.join('\n')}`;
  }
}

function oneLine(s: string, max: number): string {
  const t = s.replace(/\s+/g, ' ').trim();
  return t.length > max ? t.slice(0, max - 1) + '…' : t;
}
