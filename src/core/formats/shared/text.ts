// Small text helpers shared by parsers and views.

// eslint-disable-next-line no-control-regex
const ANSI =
  /\x1b\[[0-?]*[ -/]*[@-~]|\x1b\][^\x07\x1b]*(?:\x07|\x1b\\)|\x1b[PX^_][^\x1b]*\x1b\\|\x1b[@-Z\\-_]/g;

export function stripAnsi(s: string): string {
  return s.replace(ANSI, '');
}

export function firstLine(s: string, max = 200): string {
  const t = s.trimStart();
  const nl = t.indexOf('\n');
  const line = nl === -1 ? t : t.slice(0, nl);
  return line.length > max ? line.slice(0, max - 1) + '…' : line;
}

export function truncate(s: string, max: number): string {
  return s.length > max ? s.slice(0, max - 1) + '…' : s;
}

/** Join non-empty parts with a blank line; null when nothing is left. */
export function joinNonEmpty(parts: (string | null | undefined)[], sep = '\n\n'): string | null {
  const kept = parts.map((p) => (p ?? '').trim()).filter((p) => p !== '');
  return kept.length ? kept.join(sep) : null;
}

/** Body of the first ```bash (or ```sh / bare ```) fence in a message, or null. */
export function firstCodeFence(s: string, langs = ['bash', 'sh', 'shell', '']): string | null {
  const re = /```([A-Za-z0-9_-]*)[^\n]*\n([\s\S]*?)```/g;
  for (let m = re.exec(s); m; m = re.exec(s)) {
    if (langs.includes(m[1].toLowerCase())) return m[2].replace(/\s+$/, '');
  }
  return null;
}

/** Count "\n"-separated lines up to a character offset (1-based line of that offset). */
export function lineOf(text: string, offset: number): number {
  let n = 1;
  for (let i = text.indexOf('\n'); i !== -1 && i < offset; i = text.indexOf('\n', i + 1)) n++;
  return n;
}

/** Call `fn` for every "\n"-separated line (untrimmed) with its 1-based number, without splitting the
 *  whole text into an array first (multi-hundred-MB logs). */
export function eachLine(text: string, fn: (raw: string, line: number) => void): void {
  let start = 0;
  let line = 0;
  while (start <= text.length) {
    let end = text.indexOf('\n', start);
    if (end === -1) end = text.length;
    fn(text.slice(start, end), ++line);
    start = end + 1;
  }
}
