// A diagnosis's events as short progress lines (stderr, terminals only).
import type { DiagnosisEvent } from '../core/diagnosis/llm/events.js';
import { formatCost } from '../core/llm/cost.js';
import type { Style } from './style.js';

function short(s: string, max: number): string {
  const t = s.replace(/\s+/g, ' ').trim();
  return t.length > max ? t.slice(0, max - 1) + '…' : t;
}

export function progressLine(e: DiagnosisEvent, st: Style): string | null {
  switch (e.type) {
    case 'tool_call':
      return st.dim(`  [${e.call}] ${e.name} ${short(e.arguments, 80)}`);
    case 'tool_result':
      return e.ok ? null : st.yellow(`      ${short(e.preview, 100)}`);
    case 'label':
      return st.cyan(`  label: step ${e.label.stepId} ${e.label.verdict}: ${short(e.label.reasoning, 80)}`);
    case 'retry':
      return st.yellow(`  retry in ${(e.delayMs / 1000).toFixed(1)} s: ${short(e.reason, 100)}`);
    case 'compaction':
      return st.dim(`  context compacted (tier ${e.tier}): ${e.tokensBefore} → ${e.tokensAfter} tokens`);
    case 'budget_warning':
      return st.yellow(`  ${short(e.message, 140)}`);
    case 'error':
      return st.red(`  ${short(e.message, 160)}`);
    case 'memory':
      return e.warning
        ? st.yellow(`  ${short(e.warning, 160)}`)
        : st.dim(`  memory: ${e.stored} lesson(s) stored (${e.phase})`);
    case 'done':
      return st.dim(
        `  ${e.status}: ${e.calls} calls, ${e.usage.input + e.usage.output} tokens${e.usage.estimated ? ' (partly estimated)' : ''}, cost ${formatCost(e.cost)}`,
      );
    default:
      return null;
  }
}
