// The diagnosis live: streamed thoughts, tool calls and results, tokens, cost against the limit.
import { useMemo } from 'react';
import { Box, Text } from 'ink';
import type { DiagnosisLive } from '../../src/controller/state.js';
import { logLines } from '../content/reasoning-lines.js';
import { useAppState } from '../hooks/useStore.js';
import { useViewport } from '../hooks/useViewport.js';
import { selDiagnosis } from '../selectors.js';
import { LinesView, clampScroll } from '../shared/LinesView.js';
import { Pane, paneBodyCols, paneBodyRows } from '../shared/Pane.js';
import { useTheme } from '../theme-context.js';
import { keyFor } from '../layout/hints.js';
import type { PaneSize } from './TimelinePane.js';

export function formatTokens(n: number): string {
  return n >= 1_000_000 ? `${(n / 1e6).toFixed(1)}M` : n >= 10_000 ? `${Math.round(n / 1000)}k` : String(n);
}

export function costText(d: Pick<DiagnosisLive, 'cost' | 'costLimit'>): string {
  const c = d.cost === null ? 'cost unknown' : `$${d.cost.toFixed(d.cost < 1 ? 3 : 2)}`;
  return d.costLimit ? `${c} / $${d.costLimit.toFixed(2)}` : c;
}

function summary(d: DiagnosisLive): string {
  const parts = [
    d.status,
    d.mode === 'heuristic' ? 'heuristic' : (d.model ?? d.mode ?? ''),
    `${formatTokens(d.tokens.input)} in / ${formatTokens(d.tokens.output)} out`,
    costText(d),
    `${d.calls} calls`,
    `${d.labelsRecorded} labels`,
    d.compactions ? `${d.compactions} compactions` : '',
  ];
  return parts.filter(Boolean).join(' · ');
}

export function ReasoningPane({ width, height, focused }: PaneSize) {
  const t = useTheme();
  const d = useAppState(selDiagnosis);
  const scroll = useAppState((s) => s.reasoningScroll);
  const follow = useAppState((s) => s.reasoningFollow);
  const llm = useAppState((s) => s.llm);
  const bodyRows = paneBodyRows(height) - 1;
  const cols = paneBodyCols(width);
  useViewport('reasoning', bodyRows);
  const lines = useMemo(() => logLines(d.log, cols), [d.log, cols]);
  const offset = follow ? Math.max(0, lines.length - bodyRows) : clampScroll(scroll, lines.length, bodyRows);
  const statusColor = d.status === 'failed' ? t.status.error : d.status === 'running' ? t.accent : t.muted;
  return (
    <Pane
      title="Reasoning"
      info={follow ? 'following' : `${offset + 1}/${lines.length}`}
      focused={focused}
      width={width}
      height={height}
    >
      {d.status === 'none' ? (
        <Text color={t.muted} wrap="wrap">
          {llm.available
            ? `No diagnosis yet. Press ${keyFor('diagnosis.start')} to diagnose this run with ${llm.model ?? 'the configured model'}.`
            : `${llm.reason ?? 'No LLM configured'}. Press ${keyFor('diagnosis.start')} to diagnose with the heuristic diagnoser.`}
        </Text>
      ) : (
        <>
          <Box height={1} flexShrink={0}>
            <Text color={statusColor} wrap="truncate-end">
              {summary(d)}
            </Text>
          </Box>
          <LinesView lines={lines} offset={offset} height={bodyRows} />
        </>
      )}
    </Pane>
  );
}
