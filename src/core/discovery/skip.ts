// Directories that never hold runs and can be huge: version control, dependencies, caches.

export const DEFAULT_SKIP_DIRS: readonly string[] = [
  '.git',
  '.hg',
  '.svn',
  'node_modules',
  '__pycache__',
  '.mypy_cache',
  '.pytest_cache',
  '.ruff_cache',
  '.tox',
  '.nox',
  '.cache',
  '.venv',
  '.eggs',
  'site-packages',
];

/** The file every Python virtualenv has at its top, whatever the directory is called (venv, env, ...). */
export const VIRTUALENV_MARKER = 'pyvenv.cfg';

export function skipSet(extra: readonly string[] = [], noDefaults = false): Set<string> {
  return new Set([...(noDefaults ? [] : DEFAULT_SKIP_DIRS), ...extra]);
}
