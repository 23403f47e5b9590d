// The frame the full-body overlays share (Help, Memory, Replay plan): a focused border, a title on the
// left, a hint on the right and pre-wrapped lines below. Given `scroll`, the lines scroll and the hint
// says which of them show; without it they show from the top.
import { useMemo } from 'react';
import { Box, Text } from 'ink';
import { blockLines, type Line } from '../content/lines.js';
import { useTheme } from '../theme-context.js';
import { LinesView, clampScroll } from './LinesView.js';

/** Columns inside an overlay frame of `width` (border and padding on each side). */
export const overlayInnerWidth = (width: number): number => Math.max(10, width - 4);

/** Text lines word-wrapped to the inside of an overlay frame of `width`, each to at most `max` rows;
 * empty lines stay as blank rows. */
export function useOverlayProse(lines: readonly string[], width: number, max: number): Line[] {
  const inner = overlayInnerWidth(width);
  return useMemo<Line[]>(
    () => lines.flatMap((l) => (l ? blockLines(l, inner, 'text', max, true) : [{ text: '', tone: 'text' }])),
    [lines, inner, max],
  );
}

export function OverlayFrame({
  title,
  hint,
  lines,
  scroll,
  width,
  height,
}: {
  title: string;
  hint: string;
  lines: readonly Line[];
  scroll?: number;
  width: number;
  height: number;
}) {
  const t = useTheme();
  // Border (2) and the title line.
  const body = Math.max(1, height - 3);
  const offset = scroll === undefined ? 0 : clampScroll(scroll, lines.length, body);
  const position =
    scroll !== undefined && lines.length > body
      ? `j/k scroll (${offset + 1}-${Math.min(lines.length, offset + body)}/${lines.length}) · `
      : '';
  return (
    <Box
      flexDirection="column"
      width={width}
      height={height}
      borderStyle={t.color ? 'round' : 'double'}
      borderColor={t.borderFocus}
      paddingX={1}
    >
      <Box height={1} justifyContent="space-between">
        <Text color={t.accent} bold>
          {title}
        </Text>
        <Text color={t.muted}>
          {position}
          {hint}
        </Text>
      </Box>
      <LinesView lines={lines} offset={offset} height={body} />
    </Box>
  );
}
