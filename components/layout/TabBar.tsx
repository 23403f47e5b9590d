// One line naming every pane with its number key, the focused one highlighted, so panes the layout
// hides (narrow terminals) are still discoverable; "? help" always visible on the right.
import { Box, Text } from 'ink';
import { PANES, type Pane } from '../../src/controller/state.js';
import { useAppState } from '../hooks/useStore.js';
import { useTheme } from '../theme-context.js';

export const PANE_TITLES: Record<Pane, string> = {
  runs: 'Runs',
  timeline: 'Timeline',
  step: 'Step',
  reasoning: 'Reasoning',
  labels: 'Labels',
  ask: 'Ask',
};

export function TabBar({ width }: { width: number }) {
  const t = useTheme();
  const focus = useAppState((s) => s.focus);
  return (
    <Box width={width} height={1} overflowY="hidden" justifyContent="space-between">
      <Text wrap="truncate-end">
        <Text color={t.accent} bold>
          CodeTracer{' '}
        </Text>
        {PANES.map((p, i) => {
          const on = p === focus;
          return (
            <Text key={p}>
              <Text color={on ? t.accent : t.muted} inverse={on} bold={on}>
                {` ${i + 1} ${PANE_TITLES[p]} `}
              </Text>
              <Text> </Text>
            </Text>
          );
        })}
      </Text>
      <Text color={t.muted} wrap="truncate-end">
        Tab next · ? help · q quit
      </Text>
    </Box>
  );
}
