// The active theme, provided once at the root; components read semantic tokens through useTheme().
import { createContext, useContext, type ReactNode } from 'react';
import { darkTheme } from '../themes/palettes/dark.js';
import type { Theme } from '../themes/index.js';

const ThemeContext = createContext<Theme>(darkTheme);

export function ThemeProvider({ theme, children }: { theme: Theme; children: ReactNode }) {
  return <ThemeContext.Provider value={theme}>{children}</ThemeContext.Provider>;
}

export function useTheme(): Theme {
  return useContext(ThemeContext);
}
