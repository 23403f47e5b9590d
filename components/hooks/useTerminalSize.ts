// Terminal size as React state. Ink repaints on resize but does not re-render our tree, so every width
// or height computed in JS (window sizes, wrap widths) must come from here.
import { useEffect, useState } from 'react';
import { useStdout } from 'ink';

export interface TerminalSize {
  columns: number;
  rows: number;
}

/** Fallbacks for streams that do not know their size (ink-testing-library has no `rows`). */
export const DEFAULT_COLUMNS = 100;
export const DEFAULT_ROWS = 30;

function measure(stdout: NodeJS.WriteStream): TerminalSize {
  return {
    columns: stdout.columns > 0 ? stdout.columns : DEFAULT_COLUMNS,
    rows: stdout.rows > 0 ? stdout.rows : DEFAULT_ROWS,
  };
}

export function useTerminalSize(): TerminalSize {
  const { stdout } = useStdout();
  const [size, setSize] = useState(() => measure(stdout));
  useEffect(() => {
    const onResize = () =>
      setSize((prev) => {
        const next = measure(stdout);
        return next.columns === prev.columns && next.rows === prev.rows ? prev : next;
      });
    stdout.on('resize', onResize);
    onResize();
    return () => {
      stdout.off('resize', onResize);
    };
  }, [stdout]);
  return size;
}
