// Where each pane goes for a terminal size: three columns when wide, a list pane over a detail pane
// when narrow, the focused pane alone when very short. Pure, so every size is testable without Ink.
import type { Pane } from '../../src/controller/state.js';

export const WIDE_COLUMNS = 140;
/** Rows taken by the tab line and the status bar (the root is rows-1 high, see tui-main). */
export const CHROME_ROWS = 2;

export interface Slot {
  pane: Pane;
  width: number;
  height: number;
}

export interface Layout {
  mode: 'wide' | 'narrow' | 'single';
  /** Columns left to right, each a stack of slots top to bottom. */
  columns: Slot[][];
  /** Height of the area under the tab line and above the status bar. */
  bodyHeight: number;
}

export type DetailPane = Extract<Pane, 'step' | 'reasoning' | 'labels' | 'ask'>;
export const isDetail = (p: Pane): p is DetailPane =>
  p === 'step' || p === 'reasoning' || p === 'labels' || p === 'ask';

export interface LayoutInput {
  columns: number;
  /** Root height (terminal rows - 1). */
  rows: number;
  focus: Pane;
  /** Last focused detail pane (shown in the narrow layout's lower slot). */
  lastDetail: DetailPane;
  /** Last focused of reasoning/ask (they share the wide layout's lower-right slot). */
  lastLive: 'reasoning' | 'ask';
}

export function computeLayout(i: LayoutInput): Layout {
  const cols = Math.max(20, i.columns);
  const body = Math.max(3, i.rows - CHROME_ROWS);
  if (cols >= WIDE_COLUMNS && body >= 16) {
    const w1 = Math.max(34, Math.floor(cols * 0.27));
    const w2 = Math.floor((cols - w1) * 0.45);
    const w3 = cols - w1 - w2;
    const runsH = Math.max(6, Math.floor(body * 0.45));
    const stepH = Math.max(6, Math.floor(body * 0.55));
    const live: Pane = i.focus === 'reasoning' || i.focus === 'ask' ? i.focus : i.lastLive;
    return {
      mode: 'wide',
      bodyHeight: body,
      columns: [
        [
          { pane: 'runs', width: w1, height: runsH },
          { pane: 'labels', width: w1, height: body - runsH },
        ],
        [{ pane: 'timeline', width: w2, height: body }],
        [
          { pane: 'step', width: w3, height: stepH },
          { pane: live, width: w3, height: body - stepH },
        ],
      ],
    };
  }
  if (body < 12)
    return { mode: 'single', bodyHeight: body, columns: [[{ pane: i.focus, width: cols, height: body }]] };
  // Runs focused: the list over the open run's timeline. Otherwise the timeline over a detail pane.
  const [top, bottom]: [Pane, Pane] =
    i.focus === 'runs' ? ['runs', 'timeline'] : ['timeline', isDetail(i.focus) ? i.focus : i.lastDetail];
  // The list pane gets more room while it has the focus.
  const topH = Math.max(6, Math.floor(body * (i.focus === 'runs' ? 0.6 : 0.45)));
  return {
    mode: 'narrow',
    bodyHeight: body,
    columns: [
      [
        { pane: top, width: cols, height: topH },
        { pane: bottom, width: cols, height: body - topH },
      ],
    ],
  };
}
