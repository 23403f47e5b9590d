// Tool output is bounded before it enters the context: tools page their output, and this is the last
// guard for anything still too long.
export const DEFAULT_MAX_TOOL_CHARS = 16_000;

export function capToolOutput(text: string, maxChars = DEFAULT_MAX_TOOL_CHARS): string {
  if (text.length <= maxChars) return text;
  const head = Math.floor(maxChars * 0.75);
  const tail = maxChars - head - 100;
  return `${text.slice(0, head)}\n…(${text.length - head - tail} characters cut; ask for a page or a narrower range)…\n${text.slice(-tail)}`;
}
