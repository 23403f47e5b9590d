// The whole screen: tab line, panes laid out for the terminal size (or an overlay), status bar.
// Thin on purpose: state lives in the controller's store, keys go through useKeys.
import { useEffect, useRef } from 'react';
import { Box, useApp } from 'ink';
import type { CommandCall } from '../src/controller/keymap.js';
import type { Theme } from '../themes/index.js';
import { useKeys } from './hooks/useKeys.js';
import { StoreContext, useAppState, type AppStore } from './hooks/useStore.js';
import { useTerminalSize } from './hooks/useTerminalSize.js';
import { computeLayout, isDetail, type DetailPane } from './layout/compute.js';
import { PaneView } from './layout/PaneView.js';
import { StatusBar } from './layout/StatusBar.js';
import { TabBar } from './layout/TabBar.js';
import { ExportDialog } from './overlays/ExportDialog.js';
import { HelpOverlay } from './overlays/HelpOverlay.js';
import { MemoryOverlay } from './overlays/MemoryOverlay.js';
import { ReplayPlan } from './overlays/ReplayPlan.js';
import { selOverlay } from './selectors.js';
import { ThemeProvider } from './theme-context.js';

export interface RootProps {
  store: AppStore;
  theme: Theme;
  /** Commands routeKey hands to the controller (diagnose, label edits, export, quit ...). */
  onCommand: (c: CommandCall) => void;
}

export function Root({ store, theme, onCommand }: RootProps) {
  return (
    <StoreContext.Provider value={store}>
      <ThemeProvider theme={theme}>
        <App onCommand={onCommand} />
      </ThemeProvider>
    </StoreContext.Provider>
  );
}

function App({ onCommand }: { onCommand: (c: CommandCall) => void }) {
  const { exit } = useApp();
  const { columns, rows } = useTerminalSize();
  useKeys(onCommand);
  const quitting = useAppState((s) => s.quitting);
  useEffect(() => {
    if (quitting) exit();
  }, [quitting, exit]);

  const focus = useAppState((s) => s.focus);
  const overlay = useAppState(selOverlay);
  const lastDetail = useRef<DetailPane>('step');
  const lastLive = useRef<'reasoning' | 'ask'>('reasoning');
  if (isDetail(focus)) lastDetail.current = focus;
  if (focus === 'reasoning' || focus === 'ask') lastLive.current = focus;

  // One row short of the terminal: a frame as tall as the screen makes ink 6 clear it on every render.
  const height = Math.max(4, rows - 1);
  const layout = computeLayout({
    columns,
    rows: height,
    focus,
    lastDetail: lastDetail.current,
    lastLive: lastLive.current,
  });

  let body;
  if (overlay?.kind === 'help')
    body = <HelpOverlay width={columns} height={layout.bodyHeight} scroll={overlay.scroll} />;
  else if (overlay?.kind === 'memory')
    body = (
      <MemoryOverlay
        agent={overlay.agent}
        lines={overlay.lines}
        scroll={overlay.scroll}
        width={columns}
        height={layout.bodyHeight}
      />
    );
  else if (overlay?.kind === 'export')
    body = <ExportDialog overlay={overlay} width={columns} height={layout.bodyHeight} />;
  else if (overlay?.kind === 'confirm' && overlay.lines?.length)
    body = <ReplayPlan lines={overlay.lines} width={columns} height={layout.bodyHeight} />;
  else
    body = (
      <Box flexDirection="row" height={layout.bodyHeight}>
        {layout.columns.map((col, i) => (
          <Box key={i} flexDirection="column" width={col[0]?.width}>
            {col.map((slot) => (
              <PaneView
                key={slot.pane}
                pane={slot.pane}
                width={slot.width}
                height={slot.height}
                focused={slot.pane === focus}
              />
            ))}
          </Box>
        ))}
      </Box>
    );

  return (
    <Box flexDirection="column" width={columns} height={height} overflowY="hidden">
      <TabBar width={columns} />
      {body}
      <StatusBar width={columns} />
    </Box>
  );
}
