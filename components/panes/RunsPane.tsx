// Discovered runs: verdict, format, steps, agent/model, diagnosis state; filtered as you type.
import path from 'node:path';
import { memo, useCallback } from 'react';
import { Box, Text } from 'ink';
import type { DiagnosisStatus, RunEntry } from '../../src/controller/state.js';
import { useAppState } from '../hooks/useStore.js';
import { useViewport } from '../hooks/useViewport.js';
import { selectFilteredRuns } from '../selectors.js';
import { Pane, paneBodyCols, paneBodyRows } from '../shared/Pane.js';
import { WindowedList } from '../shared/WindowedList.js';
import { useTheme } from '../theme-context.js';
import { keysFor } from '../layout/hints.js';
import type { PaneSize } from './TimelinePane.js';

const DIAG_GLYPH: Record<DiagnosisStatus, string> = {
  none: ' ',
  running: '◐',
  paused: '‖',
  done: '●',
  failed: '!',
};

/** A run's path as people typed it: relative to the current folder when it lies under it. */
export function displayPath(p: string, cwd = process.cwd()): string {
  if (!path.isAbsolute(p)) return p;
  const rel = path.relative(cwd, p);
  return rel && !rel.startsWith('..') && !path.isAbsolute(rel) ? rel : p;
}

/** Keep the end of a long path: the run's own folder name is the useful part. */
export function tailCut(s: string, n: number): string {
  if (n <= 1) return s.slice(-n);
  return s.length <= n ? s : '…' + s.slice(s.length - n + 1);
}

function RunRow({
  run,
  selected,
  open,
  width,
}: {
  run: RunEntry;
  selected: boolean;
  open: boolean;
  width: number;
}) {
  const t = useTheme();
  const v = run.verdict === true ? '✓' : run.verdict === false ? '✗' : '?';
  const vColor =
    run.verdict === true ? t.verdict.correct : run.verdict === false ? t.verdict.incorrect : t.muted;
  const who = [run.agent, run.model].filter(Boolean).join('/');
  const steps = run.steps === null ? '   -' : String(run.steps).padStart(4);
  const fmt = run.format.slice(0, 10).padEnd(10);
  const labels = run.labelCount ? `${run.labelCount}L` : '';
  const fixed = 2 + 2 + 11 + 5 + 4;
  const room = Math.max(6, width - fixed);
  const name = tailCut(who ? `${displayPath(run.path)}  ${who}` : displayPath(run.path), room).padEnd(room);
  const sel = selected;
  return (
    <Text
      wrap="truncate-end"
      inverse={sel && !t.color}
      backgroundColor={sel && t.color ? t.selection : undefined}
    >
      <Text color={sel && t.color ? t.selectionText : t.accent}>{open ? '▶' : ' '}</Text>
      <Text color={vColor}>{v} </Text>
      <Text color={sel && t.color ? t.selectionText : t.muted}>{fmt} </Text>
      <Text color={sel && t.color ? t.selectionText : t.text}>{steps} </Text>
      <Text color={run.diagnosis === 'failed' ? t.status.error : t.accent}>{DIAG_GLYPH[run.diagnosis]} </Text>
      <Text color={run.error ? t.status.error : sel && t.color ? t.selectionText : t.text} bold={open}>
        {name}
      </Text>
      <Text color={t.verdict.unuseful}>{labels ? ` ${labels}` : ''}</Text>
    </Text>
  );
}

const MemoRunRow = memo(RunRow);

export function RunsPane({ width, height, focused }: PaneSize) {
  const t = useTheme();
  const runs = useAppState((s) => s.runs);
  const shown = useAppState(selectFilteredRuns);
  const filter = useAppState((s) => s.runsFilter);
  const cursor = useAppState((s) => s.runsCursor);
  const open = useAppState((s) => s.selectedRun);
  const discovery = useAppState((s) => s.discovery);
  const editingFilter = useAppState((s) => s.editing?.target === 'filter');
  const bodyRows = paneBodyRows(height) - 1;
  const cols = paneBodyCols(width);
  useViewport('runs', bodyRows);
  const c = Math.min(cursor, Math.max(0, shown.length - 1));
  const renderRow = useCallback(
    (i: number, selected: boolean) => (
      <MemoRunRow run={shown[i]} selected={selected} open={shown[i].path === open} width={cols} />
    ),
    [shown, open, cols],
  );
  const scanning = discovery.status === 'running' ? ' · scanning…' : '';
  const info = `${shown.length}${filter ? `/${runs.length}` : ''} runs${scanning}`;
  return (
    <Pane title="Runs" info={info} focused={focused} width={width} height={height}>
      <Box height={1} flexShrink={0}>
        <Text color={filter || editingFilter ? t.accent : t.muted} wrap="truncate-end">
          {editingFilter
            ? `filter: ${filter}`
            : filter
              ? `filter: ${filter}  (${keysFor('runs.filter', 'runs')} to change)`
              : `${keysFor('runs.filter', 'runs')} filter · ${keysFor('nav.open', 'runs')} open · ? help`}
        </Text>
      </Box>
      {shown.length === 0 ? (
        <Text color={t.muted} wrap="wrap">
          {discovery.status === 'running' || discovery.status === 'idle'
            ? 'Looking for runs…'
            : runs.length
              ? 'No run matches the filter.'
              : `No runs found under ${discovery.roots.join(', ') || 'the given paths'}.`}
        </Text>
      ) : (
        <WindowedList count={shown.length} cursor={c} height={bodyRows} renderRow={renderRow} />
      )}
    </Pane>
  );
}
