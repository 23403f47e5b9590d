// The line being typed (filter, search, jump, label reasoning, question), with a visible caret.
// Input itself arrives through the root key dispatcher; this only draws state.editing.
import { Text } from 'ink';
import type { Editing } from '../../src/controller/state.js';
import { useTheme } from '../theme-context.js';

export function TextInput({ prompt, editing, width }: { prompt: string; editing: Editing; width: number }) {
  const t = useTheme();
  const room = Math.max(4, width - prompt.length - 1);
  // Keep the caret in view: show the part of the text that ends at (or just after) the caret.
  const start = Math.max(0, editing.caret - room + 1);
  const text = editing.text.slice(start, start + room);
  const at = editing.caret - start;
  return (
    <Text wrap="truncate-end">
      <Text color={t.accent} bold>
        {prompt}
      </Text>
      <Text color={t.text}>{text.slice(0, at)}</Text>
      <Text inverse>{text[at] ?? ' '}</Text>
      <Text color={t.text}>{text.slice(at + 1)}</Text>
    </Text>
  );
}
