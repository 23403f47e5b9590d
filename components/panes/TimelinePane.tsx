// The steps of the open run, one fixed-height row each, windowed: only the rows in view are mounted.
import { useCallback, useMemo } from 'react';
import { Text } from 'ink';
import type { Label } from '../../src/controller/state.js';
import type { Step } from '../../src/core/model/trajectory.js';
import { firstLine } from '../../src/core/formats/shared/text.js';
import { useAppState } from '../hooks/useStore.js';
import { useViewport } from '../hooks/useViewport.js';
import { selLabels, selLoaded, selSearch, selTimeline, selectTimelineRows, stepById } from '../selectors.js';
import { Pane, paneBodyCols, paneBodyRows } from '../shared/Pane.js';
import { WindowedList } from '../shared/WindowedList.js';
import { useTheme } from '../theme-context.js';
import { TimelineRowView } from './TimelineRowView.js';

/** First line of the action without a leading "tool: " (the tool has its own column). */
function actionText(step: Step): string {
  const line = firstLine(step.action, 400);
  const prefix = step.tool ? `${step.tool}: ` : '';
  return prefix && line.startsWith(prefix) ? line.slice(prefix.length).trimStart() : line;
}

export interface PaneSize {
  width: number;
  height: number;
  focused: boolean;
}

export function TimelinePane({ width, height, focused }: PaneSize) {
  const t = useTheme();
  const loaded = useAppState(selLoaded);
  const timeline = useAppState(selTimeline);
  const labels = useAppState(selLabels);
  const search = useAppState(selSearch);
  const runPath = useAppState((s) => s.selectedRun);
  const bodyRows = paneBodyRows(height);
  const bodyCols = paneBodyCols(width);
  useViewport('timeline', bodyRows);

  const rows = useAppState(selectTimelineRows);
  const traj = loaded?.traj ?? null;
  const labelByStep = useMemo(() => {
    const m = new Map<number, Label>();
    for (const l of labels.items) if (!m.has(l.stepId) || l.verdict !== 'correct') m.set(l.stepId, l);
    return m;
  }, [labels.items]);
  const matched = useMemo(() => {
    const m = new Set<number>();
    if (search.run === runPath) for (const x of search.matches) m.add(x.stepId);
    return m;
  }, [search, runPath]);
  const idWidth = String(traj?.steps.length ?? 1).length;
  const cursor = Math.min(timeline.cursor, Math.max(0, rows.length - 1));

  const renderRow = useCallback(
    (i: number, selected: boolean) => {
      const row = rows[i];
      const step = traj ? stepById(traj, row.stepId) : null;
      return (
        <TimelineRowView
          row={row}
          tool={step?.tool ?? step?.agentName ?? row.kind}
          action={step ? actionText(step) : row.label}
          label={labelByStep.get(row.stepId) ?? null}
          selected={selected}
          matched={matched.has(row.stepId)}
          tree={timeline.mode === 'tree'}
          idWidth={idWidth}
          width={bodyCols}
        />
      );
    },
    [rows, traj, labelByStep, matched, timeline.mode, idWidth, bodyCols],
  );

  const searchInfo =
    search.run === runPath && search.query
      ? search.matches.length
        ? ` · match ${search.current + 1}/${search.matches.length}`
        : ` · no match for "${search.query}"`
      : '';
  const info = (rows.length ? `${cursor + 1}/${rows.length} · ${timeline.mode}` : timeline.mode) + searchInfo;
  return (
    <Pane title="Timeline" info={info} focused={focused} width={width} height={height}>
      {!runPath ? (
        <Text color={t.muted}>No run open. Pick one in Runs and press Enter.</Text>
      ) : !loaded || loaded.status === 'loading' ? (
        <Text color={t.muted}>Loading {runPath} …</Text>
      ) : loaded.status === 'error' && !traj ? (
        <Text color={t.status.error} wrap="wrap">
          {loaded.error ?? 'could not read the run'}
        </Text>
      ) : rows.length === 0 ? (
        <Text color={t.muted}>This run has no steps.</Text>
      ) : (
        <WindowedList count={rows.length} cursor={cursor} height={bodyRows} renderRow={renderRow} />
      )}
    </Pane>
  );
}
