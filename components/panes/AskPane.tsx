// Questions about the run (and the selected step) to the LLM, answers streamed in.
import { useMemo } from 'react';
import { Box, Text } from 'ink';
import type { ChatMessage } from '../../src/controller/state.js';
import { blockLines, type Line } from '../content/lines.js';
import { useAppState } from '../hooks/useStore.js';
import { useViewport } from '../hooks/useViewport.js';
import { selAsk } from '../selectors.js';
import { LinesView, clampScroll } from '../shared/LinesView.js';
import { Pane, paneBodyCols, paneBodyRows } from '../shared/Pane.js';
import { TextInput } from '../shared/TextInput.js';
import { useTheme } from '../theme-context.js';
import { keyFor } from '../layout/hints.js';
import type { PaneSize } from './TimelinePane.js';

export function chatLines(messages: readonly ChatMessage[], width: number): Line[] {
  const out: Line[] = [];
  for (const m of messages) {
    if (m.role === 'user') out.push(...blockLines(`you: ${m.text}`, width, 'accent', 50, true));
    else {
      for (const tool of m.tools) out.push(...blockLines(`→ ${tool}`, width, 'muted', 3));
      out.push(...blockLines(m.text || '…', width, 'text', 2000, true));
    }
    out.push({ text: '', tone: 'text' });
  }
  return out;
}

export function AskPane({ width, height, focused }: PaneSize) {
  const t = useTheme();
  const chat = useAppState(selAsk);
  const llm = useAppState((s) => s.llm);
  const editing = useAppState((s) => (s.editing?.target === 'ask' ? s.editing : null));
  const cols = paneBodyCols(width);
  const bodyRows = paneBodyRows(height) - 1;
  useViewport('ask', bodyRows);
  const lines = useMemo(() => chatLines(chat.messages, cols), [chat.messages, cols]);
  // Scroll counts back from the newest line, so a streamed answer stays in view.
  const bottom = Math.max(0, lines.length - bodyRows);
  const offset = clampScroll(bottom - chat.scroll, lines.length, bodyRows);
  return (
    <Pane
      title="Ask"
      info={chat.streaming ? 'answering…' : ''}
      focused={focused}
      width={width}
      height={height}
    >
      {lines.length === 0 ? (
        <Box height={bodyRows}>
          <Text color={t.muted} wrap="wrap">
            {llm.available
              ? `Ask about this run or the selected step: press ${keyFor('ask.compose')} or Enter to type, Enter to send.`
              : `${llm.reason ?? 'No LLM configured'}: asking needs an LLM.`}
          </Text>
        </Box>
      ) : (
        <LinesView lines={lines} offset={offset} height={bodyRows} />
      )}
      <Box height={1} flexShrink={0}>
        {editing ? (
          <TextInput prompt="ask: " editing={editing} width={cols} />
        ) : (
          <Text color={chat.error ? t.status.error : t.muted} wrap="truncate-end">
            {chat.error ?? (focused ? `${keyFor('ask.compose')} or Enter: type a question` : '')}
          </Text>
        )}
      </Box>
    </Pane>
  );
}
