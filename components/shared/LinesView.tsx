// A window of pre-wrapped lines: only `height` lines from `offset` reach Ink.
import { memo } from 'react';
import { Box, Text } from 'ink';
import type { Theme } from '../../themes/index.js';
import type { Line, Tone } from '../content/lines.js';
import { useTheme } from '../theme-context.js';

export function toneColor(t: Theme, tone: Tone): string | undefined {
  switch (tone) {
    case 'heading':
    case 'accent':
      return t.accent;
    case 'muted':
      return t.muted;
    case 'added':
      return t.diff.added;
    case 'removed':
      return t.diff.removed;
    case 'hunk':
      return t.diff.hunk;
    case 'error':
      return t.status.error;
    default:
      return t.text;
  }
}

function LinesViewImpl({
  lines,
  offset,
  height,
}: {
  lines: readonly Line[];
  offset: number;
  height: number;
}) {
  const t = useTheme();
  const shown = lines.slice(offset, offset + height);
  return (
    <Box flexDirection="column" height={height} overflowY="hidden">
      {shown.map((l, i) => (
        <Text
          key={offset + i}
          color={toneColor(t, l.tone)}
          bold={l.tone === 'heading'}
          dimColor={!t.color && l.tone === 'muted'}
          wrap="truncate-end"
        >
          {l.text || ' '}
        </Text>
      ))}
    </Box>
  );
}

export const LinesView = memo(LinesViewImpl);

/** Clamp a requested scroll so the last page is full. */
export function clampScroll(scroll: number, total: number, height: number): number {
  return Math.max(0, Math.min(scroll, total - height));
}
