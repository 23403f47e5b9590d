// The replay plan (environment, restore actions, verify command, strategy) shown while the status bar
// asks for confirmation. Nothing runs before "y".
import { OverlayFrame, useOverlayProse } from '../shared/OverlayFrame.js';

export function ReplayPlan({ lines, width, height }: { lines: string[]; width: number; height: number }) {
  const shown = useOverlayProse(lines, width, 10);
  return (
    <OverlayFrame
      title="Replay plan"
      hint="y run · n or Esc cancel"
      lines={shown}
      width={width}
      height={height}
    />
  );
}
