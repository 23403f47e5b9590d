// The Memory view: lessons learned for the open run's agent type (see `codetracer memory`). j/k scroll.
import { useMemo } from 'react';
import { Box, Text } from 'ink';
import { blockLines, type Line } from '../content/lines.js';
import { LinesView, clampScroll } from '../shared/LinesView.js';
import { useTheme } from '../theme-context.js';

export function MemoryOverlay({
  agent,
  lines,
  scroll,
  width,
  height,
}: {
  agent: string;
  lines: string[];
  scroll: number;
  width: number;
  height: number;
}) {
  const t = useTheme();
  const inner = Math.max(10, width - 4);
  const wrapped = useMemo<Line[]>(
    () => lines.flatMap((l) => (l ? blockLines(l, inner, 'text', 20, true) : [{ text: '', tone: 'text' }])),
    [lines, inner],
  );
  // Border (2) and the title line.
  const body = Math.max(1, height - 3);
  const offset = clampScroll(scroll, wrapped.length, body);
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
          Memory: {agent}
        </Text>
        <Text color={t.muted}>
          {wrapped.length > body
            ? `j/k scroll (${offset + 1}-${Math.min(wrapped.length, offset + body)}/${wrapped.length}) · `
            : ''}
          Esc or M close
        </Text>
      </Box>
      <LinesView lines={wrapped} offset={offset} height={body} />
    </Box>
  );
}
