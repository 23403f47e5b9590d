// One timeline line: stage band, step id, change/explore glyph, tool, first line of the action, badge.
// Memoized and free of hooks beyond the theme, so scrolling re-renders only rows whose props changed.
import { memo, useEffect } from 'react';
import { Box, Text } from 'ink';
import type { Label, TimelineRow } from '../../src/controller/state.js';
import { stageColor } from '../../themes/index.js';
import { useTheme } from '../theme-context.js';
import { BADGE_WIDTH, KIND_GLYPH, VERDICT_BADGE } from '../shared/glyphs.js';

export interface TimelineRowViewProps {
  row: TimelineRow;
  tool: string;
  action: string;
  label: Label | null;
  selected: boolean;
  /** A search match lies in this step. */
  matched: boolean;
  tree: boolean;
  idWidth: number;
  width: number;
}

const TOOL_WIDTH = 10;
const MAX_INDENT = 12;

/** Rows currently mounted: the windowing guard test reads it (no timing involved). */
export const timelineRowStats = { mounted: 0, peak: 0 };

function TimelineRowViewImpl(p: TimelineRowViewProps) {
  const t = useTheme();
  useEffect(() => {
    timelineRowStats.mounted++;
    timelineRowStats.peak = Math.max(timelineRowStats.peak, timelineRowStats.mounted);
    return () => {
      timelineRowStats.mounted--;
    };
  }, []);
  const { row } = p;
  const indent = p.tree ? Math.min(row.depth, MAX_INDENT) : 0;
  const branch = p.tree
    ? '  '.repeat(indent) + (row.depth > MAX_INDENT ? '…' : '') + (row.last ? '└ ' : '├ ')
    : '';
  const tool = p.tool.length > TOOL_WIDTH ? p.tool.slice(0, TOOL_WIDTH - 1) + '…' : p.tool.padEnd(TOOL_WIDTH);
  // Fixed columns: band, match mark, id, glyph, tool, badge + edited mark; the action takes the rest.
  const fixed = 1 + 1 + p.idWidth + 1 + 2 + TOOL_WIDTH + 1 + BADGE_WIDTH + 2;
  const room = Math.max(4, p.width - fixed - branch.length);
  // Only the selected row is padded (its highlight spans the row); padding every row costs Ink work.
  const cut = p.action.length > room ? p.action.slice(0, room - 1) + '…' : p.action;
  const action = p.selected ? cut.padEnd(room) : cut;
  const sel = p.selected;
  const bg = sel && t.color ? t.selection : undefined;
  const fg = sel && t.color ? t.selectionText : undefined;
  const kindColor = row.nodeType === 'change' ? t.kind.change : t.kind.explore;
  const badge = p.label ? VERDICT_BADGE[p.label.verdict] : ' '.repeat(BADGE_WIDTH);
  // Two text nodes: the short one with the glyphs, and the action (usually plain ASCII). Ink measures
  // every text node on every frame, and a line with any non-ASCII glyph takes string-width's slow path
  // (~70 µs for a 100-column row against ~0.3 µs), so the long part is kept apart from the glyphs.
  return (
    <Box width={p.width} height={1} overflowY="hidden">
      <Text inverse={sel && !t.color} backgroundColor={bg} color={fg}>
        <Text color={stageColor(t, row.stageId)} backgroundColor={undefined}>
          {row.stageId === null ? ' ' : '▌'}
        </Text>
        <Text color={fg ?? (p.matched ? t.accent : t.muted)} bold={p.matched}>
          {p.matched ? '•' : ' '}
          {String(row.stepId).padStart(p.idWidth)}{' '}
        </Text>
        <Text color={fg ?? t.muted}>{branch}</Text>
        <Text color={fg ?? kindColor}>{KIND_GLYPH[row.nodeType]} </Text>
        <Text color={fg ?? t.muted}>{tool} </Text>
        <Text
          color={p.label ? t.verdict[p.label.verdict] : undefined}
          bold={p.label?.verdict === 'incorrect'}
        >
          {badge}
        </Text>
        <Text color={fg ?? t.accent}>{p.label?.changedByHuman ? '* ' : '  '}</Text>
      </Text>
      <Text
        wrap="truncate-end"
        inverse={sel && !t.color}
        backgroundColor={bg}
        color={fg ?? t.text}
        bold={sel}
      >
        {action}
      </Text>
    </Box>
  );
}

export const TimelineRowView = memo(TimelineRowViewImpl);
