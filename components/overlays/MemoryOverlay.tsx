// The Memory view: lessons learned for the open run's agent type (see `codetracer memory`). j/k scroll.
import { OverlayFrame, useOverlayProse } from '../shared/OverlayFrame.js';

export function MemoryOverlay({
  agent,
  lines,
  scroll,
  width,
  height,
}: {
  agent: string;
  lines: string[];
  scroll: number;
  width: number;
  height: number;
}) {
  const wrapped = useOverlayProse(lines, width, 20);
  return (
    <OverlayFrame
      title={`Memory: ${agent}`}
      hint="Esc or M close"
      lines={wrapped}
      scroll={scroll}
      width={width}
      height={height}
    />
  );
}
