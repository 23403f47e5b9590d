// The bottom line: a prompt while typing a search / jump, a confirm question, else the latest message
// (errors in the error colour) or the open run's facts, and key hints for the focused pane.
import { useEffect, useState } from 'react';
import { Box, Text } from 'ink';
import type { AppState } from '../../src/controller/state.js';
import { hintsFor } from './hints.js';
import {
  selectDiagnosis,
  selectSelectedRun,
  selectTimelinePosition,
} from '../../src/controller/selectors.js';
import { useAppState } from '../hooks/useStore.js';
import { selOverlay } from '../selectors.js';
import { TextInput } from '../shared/TextInput.js';
import { useTheme } from '../theme-context.js';
import { costText } from '../panes/ReasoningPane.js';
import { displayPath, tailCut } from '../panes/RunsPane.js';

// Every text entry is shown here: the pane it belongs to may be hidden in a narrow layout (the Ask
// pane, where typing only starts while it is focused, draws its own).
const PROMPTS: Record<string, string> = {
  search: '/',
  jump: ':',
  filter: 'filter: ',
  exportFolder: 'folder: ',
  reasoning: 'reason: ',
};

function runFacts(s: AppState): string {
  const run = selectSelectedRun(s);
  if (!run) return s.discovery.status === 'running' ? 'Looking for runs…' : 'No run open';
  const pos = selectTimelinePosition(s);
  const d = selectDiagnosis(s);
  const parts = [
    tailCut(displayPath(run.path), 40),
    run.format,
    run.model ?? run.agent ?? '',
    pos.total ? `step ${pos.stepId ?? '-'} (${pos.index}/${pos.total})` : '',
    d.status !== 'none' ? `diagnosis ${d.status} ${costText(d)}` : '',
    s.search.matches.length && s.search.run === s.selectedRun
      ? `match ${s.search.current + 1}/${s.search.matches.length}`
      : '',
  ];
  return parts.filter(Boolean).join(' · ');
}

export function StatusBar({ width }: { width: number }) {
  const t = useTheme();
  const editing = useAppState((s) => s.editing);
  const overlay = useAppState(selOverlay);
  const status = useAppState((s) => s.status);
  const facts = useAppState(runFacts);
  const focus = useAppState((s) => s.focus);
  const llm = useAppState((s) => s.llm);
  // Messages fade after a while (errors stay longer) so the run's facts come back.
  const [expired, setExpired] = useState(-1);
  useEffect(() => {
    if (!status) return;
    const t = setTimeout(() => setExpired(status.seq), status.level === 'error' ? 15_000 : 5_000);
    return () => clearTimeout(t);
  }, [status]);
  const message = status && status.seq !== expired ? status : null;

  if (editing && PROMPTS[editing.target]) {
    return (
      <Box width={width} height={1}>
        <TextInput prompt={PROMPTS[editing.target]} editing={editing} width={width - 24} />
        <Text color={t.muted}> Enter done · Esc cancel</Text>
      </Box>
    );
  }
  if (overlay?.kind === 'confirm') {
    return (
      <Box width={width} height={1}>
        <Text color={t.status.warn} bold wrap="truncate-end">
          {overlay.message}
        </Text>
      </Box>
    );
  }
  const msgColor =
    message?.level === 'error' ? t.status.error : message?.level === 'warn' ? t.status.warn : t.status.info;
  const noLlm = llm.available ? '' : ` · ${llm.reason ?? 'no API key: heuristic diagnoser'}`;
  const left = message ? message.text : facts;
  const hints = hintsFor(focus);
  const leftRoom = Math.max(10, width - hints.length - 3);
  return (
    <Box width={width} height={1} justifyContent="space-between" overflowY="hidden">
      <Box width={leftRoom} overflowY="hidden">
        <Text color={message ? msgColor : t.text} bold={message?.level === 'error'} wrap="truncate-end">
          {left}
          <Text color={t.status.warn}>{noLlm}</Text>
        </Text>
      </Box>
      <Text color={t.muted} wrap="truncate-start">
        {hints}
      </Text>
    </Box>
  );
}
