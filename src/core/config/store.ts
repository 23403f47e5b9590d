// Persistent user settings (conf): model, endpoint, limits. Tests pass a cwd so they never touch the
// user's real config.
import Conf from 'conf';

export interface StoredSettings {
  llm?: { apiBase?: string; apiKey?: string; model?: string };
  limits?: { costUsd?: number; tokenLimit?: number; maxCalls?: number; wallClockS?: number };
  [key: string]: unknown;
}

export interface StoreOptions {
  /** Directory of the settings file (tests); default: the user config dir. */
  cwd?: string;
}

export function openSettings(opts: StoreOptions = {}): Conf<StoredSettings> {
  return new Conf<StoredSettings>({
    projectName: 'codetracer',
    ...(opts.cwd ? { cwd: opts.cwd } : {}),
    // Never throw on a hand-edited file with a bad value: it is ignored key by key in resolve.
    clearInvalidConfig: false,
  });
}

/** The stored settings, or {} when the file cannot be read. */
export function readSettings(opts: StoreOptions = {}): StoredSettings {
  try {
    return openSettings(opts).store;
  } catch {
    return {};
  }
}
