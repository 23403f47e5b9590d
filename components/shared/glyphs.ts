// Glyphs the panes share, so meaning stays the same everywhere (and the help overlay can list them).
import type { LabelVerdict } from '../../src/controller/state.js';
import type { NodeType } from '../../src/core/tree/index.js';

export const KIND_GLYPH: Record<NodeType, string> = { change: '◆', explore: '◇' };

export const VERDICT_BADGE: Record<LabelVerdict, string> = {
  incorrect: '✗ inc',
  unuseful: '~ unu',
  correct: '✓ ok ',
};

export const BADGE_WIDTH = 5;
