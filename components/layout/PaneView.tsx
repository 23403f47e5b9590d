// Pane id -> component.
import type { Pane } from '../../src/controller/state.js';
import { AskPane } from '../panes/AskPane.js';
import { LabelsPane } from '../panes/LabelsPane.js';
import { ReasoningPane } from '../panes/ReasoningPane.js';
import { RunsPane } from '../panes/RunsPane.js';
import { StepPane } from '../panes/StepPane.js';
import { TimelinePane } from '../panes/TimelinePane.js';

const VIEWS = {
  runs: RunsPane,
  timeline: TimelinePane,
  step: StepPane,
  reasoning: ReasoningPane,
  labels: LabelsPane,
  ask: AskPane,
} as const;

export function PaneView({
  pane,
  width,
  height,
  focused,
}: {
  pane: Pane;
  width: number;
  height: number;
  focused: boolean;
}) {
  const View = VIEWS[pane];
  return <View width={width} height={height} focused={focused} />;
}
