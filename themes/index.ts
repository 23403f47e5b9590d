// Theme registry: pick by name (--theme, then the stored setting), NO_COLOR always wins.
import { darkTheme } from './palettes/dark.js';
import { highContrastTheme } from './palettes/high-contrast.js';
import { lightTheme } from './palettes/light.js';
import { noColorTheme } from './palettes/no-color.js';
import type { Theme, ThemeName } from './types.js';

export type { Color, Theme, ThemeName } from './types.js';

const THEMES: Record<ThemeName, Theme> = {
  dark: darkTheme,
  light: lightTheme,
  'high-contrast': highContrastTheme,
  'no-color': noColorTheme,
};

export const THEME_NAMES = Object.keys(THEMES) as ThemeName[];

/** Accepts a few spellings people type (`nocolor`, `none`, `hc`). */
export function parseThemeName(name: string | undefined | null): ThemeName | null {
  if (!name) return null;
  const n = name.trim().toLowerCase().replace(/[_\s]/g, '-');
  if (n in THEMES) return n as ThemeName;
  if (n === 'nocolor' || n === 'none' || n === 'no-colour' || n === 'mono') return 'no-color';
  if (n === 'hc' || n === 'contrast' || n === 'highcontrast') return 'high-contrast';
  return null;
}

/** NO_COLOR set to any non-empty value disables colour, whatever was asked for. */
export function noColorRequested(env: NodeJS.ProcessEnv): boolean {
  return env.NO_COLOR !== undefined && env.NO_COLOR !== '';
}

export interface ResolveThemeInput {
  /** --theme */
  flag?: string | null;
  /** The stored setting (conf `theme`). */
  setting?: string | null;
  env?: NodeJS.ProcessEnv;
}

export function resolveTheme(o: ResolveThemeInput = {}): Theme {
  if (noColorRequested(o.env ?? process.env)) return noColorTheme;
  const name = parseThemeName(o.flag) ?? parseThemeName(o.setting) ?? 'dark';
  return THEMES[name];
}

export function themeByName(name: ThemeName): Theme {
  return THEMES[name];
}

/** Colour of a stage band; undefined stage ids (steps outside any stage) get no band. */
export function stageColor(theme: Theme, stageId: number | null | undefined): Theme['stageBands'][number] {
  if (stageId === null || stageId === undefined) return undefined;
  const bands = theme.stageBands;
  return bands[((stageId % bands.length) + bands.length) % bands.length];
}
