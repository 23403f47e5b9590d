// Help generated from the keymap table (helpSections), plus what the glyphs mean. Scrolls with j/k.
import { useMemo } from 'react';
import { Box, Text } from 'ink';
import { helpSections } from '../../src/controller/keymap.js';
import type { Line } from '../content/lines.js';
import { LinesView, clampScroll } from '../shared/LinesView.js';
import { KIND_GLYPH, VERDICT_BADGE } from '../shared/glyphs.js';
import { useTheme } from '../theme-context.js';

export function helpLines(): Line[] {
  const out: Line[] = [
    { text: 'CodeTracer shows agent runs step by step and marks steps that went wrong.', tone: 'text' },
    {
      text: 'Open a run in Runs (Enter), move through its Timeline (j/k), read a Step, press d to diagnose.',
      tone: 'text',
    },
    { text: '', tone: 'text' },
  ];
  for (const s of helpSections()) {
    out.push({ text: s.title, tone: 'heading' });
    const w = Math.max(...s.lines.map((l) => l.keys.length));
    for (const l of s.lines) out.push({ text: `  ${l.keys.padEnd(w)}  ${l.description}`, tone: 'text' });
    out.push({ text: '', tone: 'text' });
  }
  out.push({ text: 'Timeline symbols', tone: 'heading' });
  out.push({
    text: `  ${KIND_GLYPH.change}  changes files or the environment    ${KIND_GLYPH.explore}  only looks (read, search, test)`,
    tone: 'text',
  });
  out.push({
    text: `  ${VERDICT_BADGE.incorrect}  incorrect step   ${VERDICT_BADGE.unuseful}  unuseful step   ${VERDICT_BADGE.correct}  marked correct`,
    tone: 'text',
  });
  out.push({ text: '  *  changed by a person    ▌ stage band    • search match', tone: 'text' });
  out.push({ text: '', tone: 'text' });
  out.push({
    text: 'Runs symbols: ✓ solved  ✗ failed  ? unknown · ◐ diagnosing  ‖ paused  ● diagnosed  ! failed',
    tone: 'text',
  });
  return out;
}

export function HelpOverlay({ width, height, scroll }: { width: number; height: number; scroll: number }) {
  const t = useTheme();
  const lines = useMemo(() => helpLines(), []);
  const body = Math.max(1, height - 4);
  const offset = clampScroll(scroll, lines.length, body);
  return (
    <Box
      flexDirection="column"
      width={width}
      height={height}
      borderStyle={t.color ? 'round' : 'double'}
      borderColor={t.borderFocus}
      paddingX={1}
    >
      <Box height={1} justifyContent="space-between">
        <Text color={t.accent} bold>
          Keys
        </Text>
        <Text color={t.muted}>
          {lines.length > body
            ? `j/k scroll (${offset + 1}-${Math.min(lines.length, offset + body)}/${lines.length}) · `
            : ''}
          Esc or ? close
        </Text>
      </Box>
      <LinesView lines={lines} offset={offset} height={body} />
    </Box>
  );
}
