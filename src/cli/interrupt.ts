// Ctrl-C for long commands: the first one aborts (work stops cleanly and partial results are written),
// a second one quits at once (exit 130).
export function onInterrupt(
  stop: AbortController,
  onFirst: () => void,
  onQuit: () => void = () => {},
): () => void {
  let first = 0;
  const handler = () => {
    // One Ctrl-C arrives twice: `conf` loads `atomically`, whose `when-exit` hook re-sends the signal to
    // this process right after its own handler ran. Only a later one means "quit now".
    if (stop.signal.aborted && Date.now() - first > 300) {
      onQuit();
      process.exit(130);
    }
    if (stop.signal.aborted) return;
    first = Date.now();
    onFirst();
    stop.abort();
  };
  process.on('SIGINT', handler);
  return () => process.removeListener('SIGINT', handler);
}
