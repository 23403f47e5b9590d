// What keeps a spec harmless: it is data, so the only risks are reading outside the run, reading too much,
// and a regular expression that backtracks for ever. Globs and regexes are checked when a spec is
// validated; the caps bound what an accepted spec can do at run time.

export interface SpecCaps {
  /** Files one spec may read for one run. */
  maxFiles: number;
  /** Total bytes it may read. */
  maxBytes: number;
  /** Directory entries a glob may look at while expanding. */
  maxListed: number;
  /** Records it may turn into steps. */
  maxRecords: number;
  /** Characters of a line a line pattern sees (the start of the line). */
  maxPatternInput: number;
  /** Wall-clock time for one interpretation. */
  timeMs: number;
}

export const DEFAULT_CAPS: SpecCaps = {
  maxFiles: 2000,
  maxBytes: 256 * 2 ** 20,
  maxListed: 50_000,
  maxRecords: 200_000,
  maxPatternInput: 1024,
  timeMs: 15_000,
};

/** Why a glob is refused, or null. Globs are relative, one picomatch pattern per path segment. */
export function globProblem(glob: string): string | null {
  if (glob === '.') return null;
  if (!glob.trim()) return 'empty glob';
  if (glob.length > 200) return `glob "${glob.slice(0, 40)}…" is longer than 200 characters`;
  if (glob.startsWith('/') || /^[a-zA-Z]:[\\/]/.test(glob) || glob.startsWith('~'))
    return `glob "${glob}" is absolute; files must be relative to the run`;
  if (glob.includes('\\')) return `glob "${glob}" contains "\\"; use "/" between segments`;
  const segs = glob.split('/');
  if (segs.some((s) => s === '..' || s === '.'))
    return `glob "${glob}" leaves the run ("." and ".." segments are not allowed)`;
  if (segs.some((s) => s.includes('**'))) return `glob "${glob}" uses "**"; name each directory level`;
  if (segs.some((s) => s === '')) return `glob "${glob}" has an empty segment`;
  if (segs.length > 8) return `glob "${glob}" is deeper than 8 levels`;
  if (/\{[^}]*\.\.[^}]*\}/.test(glob)) return `glob "${glob}" uses a brace range`;
  return null;
}

/**
 * Why a regex is refused, or null. Catastrophic backtracking needs a quantified group that itself holds a
 * quantifier or an alternation (`(a+)+`, `(a|a)*`), or a backreference; those are rejected outright.
 * What remains runs only on the first `maxPatternInput` characters of a line.
 */
export function regexProblem(src: string): string | null {
  if (src.length > 300) return 'regex longer than 300 characters';
  if (/\\[1-9]|\\k</.test(src)) return `regex /${src}/ uses a backreference (not allowed)`;
  if (/\(\?<?[=!]/.test(src)) return `regex /${src}/ uses a lookaround (not allowed)`;
  try {
    new RegExp(src);
  } catch (e) {
    return `regex /${src}/ does not compile: ${(e as Error).message.split('\n')[0]}`;
  }
  // Walk the pattern: for each group remember whether it holds a quantifier or "|".
  const stack: { risky: boolean }[] = [];
  let unbounded = 0;
  for (let i = 0; i < src.length; i++) {
    const c = src[i];
    if (c === '\\') {
      i++;
      continue;
    }
    if (c === '[') {
      // Skip a character class (quantifier characters inside it are literal).
      i++;
      if (src[i] === '^') i++;
      if (src[i] === ']') i++;
      while (i < src.length && src[i] !== ']') i += src[i] === '\\' ? 2 : 1;
      continue;
    }
    if (c === '(') {
      stack.push({ risky: false });
      continue;
    }
    const isQuant =
      c === '*' || c === '+' || c === '?' || (c === '{' && /^\{\d+(,\d*)?\}/.test(src.slice(i)));
    if (c === ')') {
      const g = stack.pop() ?? { risky: false };
      const next = src[i + 1];
      const quantified =
        next === '*' || next === '+' || (next === '{' && /^\{\d+,\d*\}/.test(src.slice(i + 1)));
      if (quantified && g.risky)
        return `regex /${src}/ can backtrack catastrophically (a repeated group holds a quantifier or "|", like (a+)+)`;
      if (stack.length && (g.risky || quantified)) stack[stack.length - 1].risky = true;
      continue;
    }
    if (c === '|' && stack.length) stack[stack.length - 1].risky = true;
    if (isQuant) {
      if (stack.length && c !== '?') stack[stack.length - 1].risky = true;
      if (c === '*' || c === '+' || (c === '{' && /^\{\d+,\}/.test(src.slice(i)))) unbounded++;
    }
  }
  if (unbounded > 3) return `regex /${src}/ has more than 3 unbounded quantifiers`;
  return null;
}
