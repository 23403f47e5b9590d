// Choose output profiles and a target folder, then export the open run's labels (Enter).
import { Box, Text } from 'ink';
import { KEYMAP, keyLabel } from '../../src/controller/keymap.js';
import type { Overlay } from '../../src/controller/state.js';
import { PROFILE_FILES, type ProfileName } from '../../src/core/profiles/schemas.js';
import { useAppState } from '../hooks/useStore.js';
import { TextInput } from '../shared/TextInput.js';
import { useTheme } from '../theme-context.js';

type ExportOverlay = Extract<Overlay, { kind: 'export' }>;

const PROFILES: ProfileName[] = ['tracebench', 'detailed', 'rl_feedback'];

const EXPORT_HINTS = KEYMAP.filter((b) => b.overlay === 'export')
  .map((b) => `${b.keys.map(keyLabel).join('/')} ${b.description}`)
  .join(' · ');

export function ExportDialog({
  overlay,
  width,
  height,
}: {
  overlay: ExportOverlay;
  width: number;
  height: number;
}) {
  const t = useTheme();
  const editing = useAppState((s) => (s.editing?.target === 'exportFolder' ? s.editing : null));
  const run = useAppState((s) => s.selectedRun);
  const w = Math.min(width, 90);
  const row = (i: number) => overlay.row === i;
  return (
    <Box width={width} height={height} justifyContent="center" alignItems="flex-start">
      <Box
        flexDirection="column"
        width={w}
        borderStyle={t.color ? 'round' : 'double'}
        borderColor={t.borderFocus}
        paddingX={1}
      >
        <Text color={t.accent} bold>
          Export labels
        </Text>
        <Text color={t.muted} wrap="truncate-end">
          {run ?? 'no run open'}
        </Text>
        <Text> </Text>
        {PROFILES.map((p, i) => (
          <Text key={p} inverse={row(i)} wrap="truncate-end">
            {row(i) ? '› ' : '  '}[{overlay.profiles[p] ? 'x' : ' '}] {p.padEnd(12)}
            <Text color={t.muted}> {PROFILE_FILES[p]}</Text>
          </Text>
        ))}
        <Text> </Text>
        {editing ? (
          <TextInput prompt="folder: " editing={editing} width={w - 4} />
        ) : (
          <Text inverse={row(3)} wrap="truncate-end">
            {row(3) ? '› ' : '  '}folder: {overlay.folder || '(the run’s output folder)'}
          </Text>
        )}
        <Text> </Text>
        <Text color={t.muted} wrap="truncate-end">
          {EXPORT_HINTS}
        </Text>
      </Box>
    </Box>
  );
}
