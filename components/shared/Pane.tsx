// A bordered pane with a title; the focused pane gets the focus colour (or a double border without colour).
import type { ReactNode } from 'react';
import { Box, Text } from 'ink';
import { useTheme } from '../theme-context.js';

export interface PaneProps {
  title: string;
  /** Shown right of the title in muted text (counts, position). */
  info?: string;
  focused: boolean;
  width?: number | string;
  height?: number;
  flexGrow?: number;
  children: ReactNode;
}

export function Pane({ title, info, focused, width, height, flexGrow, children }: PaneProps) {
  const t = useTheme();
  return (
    <Box
      flexDirection="column"
      borderStyle={focused ? (t.color ? 'round' : 'double') : 'round'}
      borderColor={focused ? t.borderFocus : t.border}
      width={width}
      height={height}
      flexGrow={flexGrow}
      flexShrink={1}
      overflowY="hidden"
    >
      <Box height={1} flexShrink={0} overflowY="hidden">
        <Text bold={focused} color={focused ? t.accent : t.text} wrap="truncate-end">
          {focused ? '▸ ' : '  '}
          {title}
          {info ? <Text color={t.muted}>{`  ${info}`}</Text> : null}
        </Text>
      </Box>
      {children}
    </Box>
  );
}

/** Inner rows available to a pane of `height` (border top+bottom and the title line). */
export const paneBodyRows = (height: number): number => Math.max(0, height - 3);
/** Inner columns of a pane of `width` (borders). */
export const paneBodyCols = (width: number): number => Math.max(0, width - 2);
