// The replay plan (environment, restore actions, verify command, strategy) shown while the status bar
// asks for confirmation. Nothing runs before "y".
import { useMemo } from 'react';
import { Box, Text } from 'ink';
import { blockLines, type Line } from '../content/lines.js';
import { LinesView } from '../shared/LinesView.js';
import { useTheme } from '../theme-context.js';

export function ReplayPlan({ lines, width, height }: { lines: string[]; width: number; height: number }) {
  const t = useTheme();
  const inner = Math.max(10, width - 4);
  const shown = useMemo<Line[]>(
    () => lines.flatMap((l) => (l ? blockLines(l, inner, 'text', 10, true) : [{ text: '', tone: 'text' }])),
    [lines, inner],
  );
  const body = Math.max(1, height - 3);
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
          Replay plan
        </Text>
        <Text color={t.muted}>y run · n or Esc cancel</Text>
      </Box>
      <LinesView lines={shown} offset={0} height={body} />
    </Box>
  );
}
