// Where memory lives: one log per agent type under the user data dir. The agent type is the format id
// plus the agent name when the run records one, sanitized into a file name.
import os from 'node:os';
import path from 'node:path';

/** `$CODETRACER_DATA_DIR/memory`, else `$XDG_DATA_HOME/codetracer/memory`, else `~/.local/share/...`. */
export function memoryRoot(env: NodeJS.ProcessEnv): string {
  const own = env.CODETRACER_DATA_DIR?.trim();
  if (own) return path.join(path.resolve(own), 'memory');
  const xdg = env.XDG_DATA_HOME?.trim();
  const base =
    xdg && path.isAbsolute(xdg) ? xdg : path.join(env.HOME?.trim() || os.homedir(), '.local', 'share');
  return path.join(base, 'codetracer', 'memory');
}

/** A safe, stable file-name stem: lower case, [a-z0-9._-], no leading dot or dash, at most 80 characters;
 *  a sanitized key sanitizes to itself (list reads keys back from file names). */
export function sanitizeKey(s: string): string {
  const t = s
    .toLowerCase()
    .replace(/[^a-z0-9._-]+/g, '-')
    .replace(/^[-.]+|[-.]+$/g, '')
    .slice(0, 80);
  return t || 'unknown';
}

/** The agent type of a run: "<format>" or "<format>--<agent>". */
export function agentKey(format: string, agent?: string | null): string {
  const f = sanitizeKey(format);
  const a = agent?.trim() ? sanitizeKey(agent) : '';
  return a && a !== f ? `${f}--${a}` : f;
}

export function storeFile(root: string, key: string): string {
  return path.join(root, `${sanitizeKey(key)}.jsonl`);
}

export function lockFile(root: string, key: string): string {
  return path.join(root, `${sanitizeKey(key)}.lock`);
}
