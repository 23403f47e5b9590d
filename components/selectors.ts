// View-side selectors on top of the controller's (src/controller/selectors.ts). Each returns a state
// object as stored (or a memoized one) so useSyncExternalStore sees a stable value.
import type { AppState, LoadedRun } from '../src/controller/state.js';
import { selectLoaded } from '../src/controller/selectors.js';

export {
  selectAsk as selAsk,
  selectCursorStepId as selCursorStepId,
  selectDiagnosis as selDiagnosis,
  selectFilteredRuns,
  selectLabelsState as selLabels,
  selectTimelineRows,
  selectTopOverlay as selOverlay,
  stepById,
} from '../src/controller/selectors.js';

export const selLoaded = (s: AppState): LoadedRun | null => selectLoaded(s);
export const selTimeline = (s: AppState) => s.timeline;
export const selSearch = (s: AppState) => s.search;
