// Labels of the open run grouped by stage: verdict, step, source (heuristic / LLM / human), reasoning.
import { useCallback, useMemo } from 'react';
import { Text } from 'ink';
import type { Label } from '../../src/controller/state.js';
import type { LabeledStage } from '../../src/core/tree/index.js';
import { useAppState } from '../hooks/useStore.js';
import { useViewport } from '../hooks/useViewport.js';
import { selLabels, selLoaded } from '../selectors.js';
import { VERDICT_BADGE } from '../shared/glyphs.js';
import { Pane, paneBodyRows } from '../shared/Pane.js';
import { WindowedList } from '../shared/WindowedList.js';
import { useTheme } from '../theme-context.js';
import { keyFor } from '../layout/hints.js';
import type { PaneSize } from './TimelinePane.js';

type Entry =
  | { kind: 'stage'; stage: LabeledStage | null; stageId: number | null }
  | { kind: 'label'; label: Label; index: number };

function stageOf(stages: readonly LabeledStage[], l: Label): LabeledStage | null {
  if (l.stageId !== undefined) return stages.find((s) => s.id === l.stageId) ?? null;
  return stages.find((s) => l.stepId >= s.start && l.stepId <= s.end) ?? null;
}

export function groupLabels(items: readonly Label[], stages: readonly LabeledStage[]): Entry[] {
  const out: Entry[] = [];
  let prev: number | null | undefined = undefined;
  items.forEach((label, index) => {
    const st = stageOf(stages, label);
    const id = st?.id ?? null;
    if (id !== prev) {
      out.push({ kind: 'stage', stage: st, stageId: id });
      prev = id;
    }
    out.push({ kind: 'label', label, index });
  });
  return out;
}

const SOURCE: Record<Label['source'], string> = { heuristic: 'heur', llm: 'LLM ', human: 'human' };

export function LabelsPane({ width, height, focused }: PaneSize) {
  const t = useTheme();
  const labels = useAppState(selLabels);
  const loaded = useAppState(selLoaded);
  const bodyRows = paneBodyRows(height);
  useViewport('labels', bodyRows);
  const items = labels.items;
  const entries = useMemo(() => groupLabels(items, loaded?.stages ?? []), [items, loaded?.stages]);
  const cursorItem = Math.min(labels.cursor, items.length - 1);
  const cursorLine = Math.max(
    0,
    entries.findIndex((e) => e.kind === 'label' && e.index === cursorItem),
  );

  const renderRow = useCallback(
    (i: number) => {
      const e = entries[i];
      if (e.kind === 'stage') {
        const s = e.stage;
        return (
          <Text color={t.muted} bold wrap="truncate-end">
            {s ? `Stage ${s.id} · steps ${s.start}–${s.end} · ${s.label}` : 'Outside any stage'}
          </Text>
        );
      }
      const l = e.label;
      const sel = e.index === cursorItem;
      const flags = `${l.accepted ? '✓' : ' '}${l.changedByHuman ? '*' : ' '}`;
      return (
        <Text
          wrap="truncate-end"
          inverse={sel && !t.color}
          backgroundColor={sel && t.color ? t.selection : undefined}
        >
          <Text color={t.verdict[l.verdict]} bold={l.verdict === 'incorrect'}>
            {' '}
            {VERDICT_BADGE[l.verdict]}
          </Text>
          <Text color={sel && t.color ? t.selectionText : t.text}>{` ${String(l.stepId).padStart(4)} `}</Text>
          <Text color={sel && t.color ? t.selectionText : t.muted}>{SOURCE[l.source].padEnd(5)} </Text>
          <Text color={t.accent}>{flags} </Text>
          <Text color={sel && t.color ? t.selectionText : t.text}>{l.reasoning.replace(/\s+/g, ' ')}</Text>
        </Text>
      );
    },
    [entries, cursorItem, t],
  );

  const origin = labels.origin ? ` · from ${labels.origin}` : '';
  const info = `${items.length}${origin}${labels.saveError ? ' · NOT SAVED' : ''}`;
  return (
    <Pane title="Labels" info={info} focused={focused} width={width} height={height}>
      {labels.saveError ? (
        <Text color={t.status.error} wrap="truncate-end">
          {labels.saveError}
        </Text>
      ) : null}
      {items.length === 0 ? (
        <Text color={t.muted} wrap="wrap">
          No labels. {keyFor('diagnosis.start')} diagnoses the run; {keyFor('labels.add')} adds a label to the
          selected step.
        </Text>
      ) : (
        <WindowedList
          count={entries.length}
          cursor={cursorLine}
          height={bodyRows - (labels.saveError ? 1 : 0)}
          renderRow={renderRow}
        />
      )}
    </Pane>
  );
}
