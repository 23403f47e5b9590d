// Semantic tokens: the only colour names components use. A palette fills them; the no-colour theme
// leaves every colour undefined and the view falls back to bold / inverse / underline for emphasis.

/** An Ink colour (name, #hex) or undefined for "the terminal's default". */
export type Color = string | undefined;

export type ThemeName = 'dark' | 'light' | 'high-contrast' | 'no-color';

export interface Theme {
  name: ThemeName;
  /** False for the no-colour theme: emphasis then relies on bold/inverse, never on colour alone. */
  color: boolean;
  text: Color;
  muted: Color;
  border: Color;
  borderFocus: Color;
  accent: Color;
  /** Background of the selected row (with `inverse` as the no-colour fallback). */
  selection: Color;
  selectionText: Color;
  verdict: { incorrect: Color; unuseful: Color; correct: Color };
  kind: { change: Color; explore: Color };
  diff: { added: Color; removed: Color; hunk: Color };
  status: { error: Color; info: Color; warn: Color };
  /** Stage band colours, cycled by stage id. */
  stageBands: Color[];
}
