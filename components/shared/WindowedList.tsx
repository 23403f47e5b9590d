// A list of fixed one-line rows that mounts only the rows in view, so 100,000 items cost what 40 do.
// The slice happens before React sees the rows; rows are keyed by index so a scroll by one remounts one.
import { memo, useRef, type ReactNode } from 'react';
import { Box } from 'ink';
import { windowFor, type WindowRange } from './window.js';

export interface WindowedListProps {
  count: number;
  cursor: number;
  height: number;
  /** Renders the row at `index`; called only for rows in view. */
  renderRow: (index: number, selected: boolean) => ReactNode;
  /** Seen by tests and the status bar. */
  onWindow?: (w: WindowRange) => void;
}

function WindowedListImpl({ count, cursor, height, renderRow, onWindow }: WindowedListProps) {
  // The previous offset makes the window sticky: it moves only when the cursor nears an edge.
  const prev = useRef(0);
  const w = windowFor(count, cursor, height, prev.current);
  prev.current = w.offset;
  onWindow?.(w);
  const rows: ReactNode[] = [];
  for (let i = w.offset; i < w.end; i++) {
    rows.push(
      <Box key={i} height={1} flexShrink={0} overflowY="hidden">
        {renderRow(i, i === cursor)}
      </Box>,
    );
  }
  return (
    <Box flexDirection="column" height={height} overflowY="hidden">
      {rows}
    </Box>
  );
}

export const WindowedList = memo(WindowedListImpl);
