// Help generated from the keymap table (helpSections): a getting-started list whose keys come from the
// same table, every binding by section, and what the glyphs mean. Scrolls with j/k.
import { useMemo } from 'react';
import { helpSections } from '../../src/controller/keymap.js';
import { blockLines, type Line } from '../content/lines.js';
import { keyFor } from '../layout/hints.js';
import { KIND_GLYPH, VERDICT_BADGE } from '../shared/glyphs.js';
import { OverlayFrame, overlayInnerWidth } from '../shared/OverlayFrame.js';

export function helpLines(width: number): Line[] {
  const k = keyFor;
  const out: Line[] = [
    ...blockLines(
      'CodeTracer shows coding-agent runs step by step and marks the steps that went wrong.',
      width,
    ),
    { text: '', tone: 'text' },
    { text: 'Getting started', tone: 'heading' },
  ];
  const steps = [
    `In Runs, move with ${k('nav.down')}/${k('nav.up')} and press ${k('nav.open')} to open a run.`,
    `In the Timeline, ${k('nav.down')}/${k('nav.up')} walk the steps; the Step pane shows the selected one (${k('focus.step')} to focus and scroll it).`,
    `${k('diagnosis.start')} diagnoses the run (the built-in heuristic diagnoser when no API key is set); ${k('focus.reasoning')} shows its reasoning.`,
    `Labels (${k('focus.labels')}): ${k('labels.accept')} accept, ${k('labels.override')} override, ${k('labels.edit')} edit the reason, ${k('labels.add')} add one on the selected step, ${k('labels.undo')} undo. Saved as you go.`,
    `${k('search.open')} searches the steps, ${k('jump.open')} jumps to a step, ${k('export.open')} exports the labels, ${k('focus.next')} moves between panes, ${k('app.quit')} quits.`,
  ];
  steps.forEach((s, i) => {
    const [first, ...rest] = blockLines(s, Math.max(10, width - 5), 'text', 10, true);
    out.push(
      { text: `  ${i + 1}. ${first.text}`, tone: 'text' },
      ...rest.map((l) => ({ ...l, text: `     ${l.text}` })),
    );
  });
  out.push({ text: '', tone: 'text' });
  for (const s of helpSections()) {
    out.push({ text: s.title, tone: 'heading' });
    const w = Math.max(...s.lines.map((l) => l.keys.length));
    for (const l of s.lines) out.push({ text: `  ${l.keys.padEnd(w)}  ${l.description}`, tone: 'text' });
    out.push({ text: '', tone: 'text' });
  }
  out.push({ text: 'Symbols', tone: 'heading' });
  for (const line of [
    `${KIND_GLYPH.change} changes files or the environment   ${KIND_GLYPH.explore} only looks (read, search, run tests)`,
    `${VERDICT_BADGE.incorrect} incorrect   ${VERDICT_BADGE.unuseful} unuseful   ${VERDICT_BADGE.correct} marked correct   * changed by a person`,
    '▌ stage band (one colour per stage)   • search match',
    'Runs: ✓ solved  ✗ failed  ? unknown   ◐ diagnosing  ‖ paused  ● diagnosed  ! diagnosis failed',
  ])
    out.push(...blockLines(`  ${line}`, width, 'text', 10, true));
  return out;
}

export function HelpOverlay({ width, height, scroll }: { width: number; height: number; scroll: number }) {
  const inner = overlayInnerWidth(width);
  const lines = useMemo(() => helpLines(inner), [inner]);
  return (
    <OverlayFrame
      title="Help"
      hint="Esc or ? close"
      lines={lines}
      scroll={scroll}
      width={width}
      height={height}
    />
  );
}
