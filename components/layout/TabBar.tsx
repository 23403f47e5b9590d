// One line naming every pane with its number key, the focused one highlighted, so panes the layout
// hides (narrow terminals) are still discoverable; "? help" always visible on the right.
import { Box, Text } from 'ink';
import { PANES, type Pane } from '../../src/controller/state.js';
import { useAppState } from '../hooks/useStore.js';
import { useTheme } from '../theme-context.js';
import { keyFor } from './hints.js';

export const PANE_TITLES: Record<Pane, string> = {
  runs: 'Runs',
  timeline: 'Timeline',
  step: 'Step',
  reasoning: 'Reasoning',
  labels: 'Labels',
  ask: 'Ask',
};

/** A tab is " N Title " plus a space; what else fits decides the decorations. */
const TABS_WIDTH = PANES.reduce((a, p) => a + PANE_TITLES[p].length + 5, 0);

export function TabBar({ width }: { width: number }) {
  const t = useTheme();
  const focus = useAppState((s) => s.focus);
  const full = `${keyFor('focus.next')} next pane · ${keyFor('help.toggle')} help · ${keyFor('app.quit')} quit`;
  const short = `${keyFor('help.toggle')} help`;
  const right = width >= TABS_WIDTH + 11 + full.length + 2 ? full : short;
  const brand = width >= TABS_WIDTH + 11 + right.length + 2;
  return (
    <Box width={width} height={1} justifyContent="space-between">
      <Text wrap="truncate-end">
        {brand ? (
          <Text color={t.accent} bold>
            CodeTracer{' '}
          </Text>
        ) : null}
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
        {right}
      </Text>
    </Box>
  );
}
