// The alternate screen, entered by hand (ink 6.8 has no option for it) and left on every exit path:
// normal quit, Ctrl-C, an uncaught error, SIGTERM/SIGHUP, and plain process exit. Leaving is idempotent.

export const ENTER_ALT = '\x1b[?1049h';
const HIDE_CURSOR = '\x1b[?25l';
export const LEAVE_ALT = '\x1b[?1049l';
const SHOW_CURSOR = '\x1b[?25h';
const AUTOWRAP_OFF = '\x1b[?7l';
const AUTOWRAP_ON = '\x1b[?7h';

export interface FullScreen {
  /** Leave the alternate screen (safe to call more than once). */
  leave(): void;
}

type Writable = Pick<NodeJS.WriteStream, 'write'>;

export function enterFullScreen(out: Writable = process.stdout): FullScreen {
  let active = true;
  const leave = () => {
    if (!active) return;
    active = false;
    try {
      out.write(AUTOWRAP_ON + SHOW_CURSOR + LEAVE_ALT);
    } catch {
      // The terminal may be gone (SIGHUP); nothing left to restore.
    }
    process.off('exit', leave);
    for (const [sig, fn] of handlers) process.off(sig, fn);
  };
  // A signal ends the process after restoring the screen, with the conventional 128+n code.
  const handlers: [NodeJS.Signals, () => void][] = (
    [
      ['SIGTERM', 15],
      ['SIGHUP', 1],
    ] as const
  ).map(([sig, n]) => [
    sig,
    () => {
      leave();
      process.exit(128 + n);
    },
  ]);
  out.write(ENTER_ALT + HIDE_CURSOR + AUTOWRAP_OFF);
  process.on('exit', leave);
  for (const [sig, fn] of handlers) process.on(sig, fn);
  return { leave };
}
