// The step under the timeline cursor in full: action, reasoning, tool calls, diffs, observation.
import { useMemo } from 'react';
import { Text } from 'ink';
import { stepLines } from '../content/step-content.js';
import { useAppState } from '../hooks/useStore.js';
import { useViewport } from '../hooks/useViewport.js';
import { selCursorStepId, selLabels, selLoaded, stepById } from '../selectors.js';
import { LinesView, clampScroll } from '../shared/LinesView.js';
import { Pane, paneBodyCols, paneBodyRows } from '../shared/Pane.js';
import { useTheme } from '../theme-context.js';
import type { PaneSize } from './TimelinePane.js';

export function StepPane({ width, height, focused }: PaneSize) {
  const t = useTheme();
  const loaded = useAppState(selLoaded);
  const stepId = useAppState(selCursorStepId);
  const scroll = useAppState((s) => s.stepScroll);
  const labels = useAppState(selLabels);
  const bodyRows = paneBodyRows(height);
  const cols = paneBodyCols(width);
  useViewport('step', bodyRows);
  const traj = loaded?.traj ?? null;
  const step = stepId === null || !traj ? null : stepById(traj, stepId);
  const stepLabels = useMemo(
    () => (stepId !== null ? labels.items.filter((l) => l.stepId === stepId) : []),
    [labels, stepId],
  );
  const lines = useMemo(() => (step ? stepLines(step, cols, stepLabels) : []), [step, cols, stepLabels]);
  const offset = clampScroll(scroll, lines.length, bodyRows);
  const more =
    lines.length > bodyRows
      ? `${offset + 1}-${Math.min(lines.length, offset + bodyRows)}/${lines.length}`
      : '';
  return (
    <Pane
      title={step ? `Step ${step.id}` : 'Step'}
      info={more}
      focused={focused}
      width={width}
      height={height}
    >
      {step ? (
        <LinesView lines={lines} offset={offset} height={bodyRows} />
      ) : (
        <Text color={t.muted}>Select a step in the Timeline.</Text>
      )}
    </Pane>
  );
}
