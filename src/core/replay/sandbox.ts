// The host sandbox: every command of a host replay runs under bubblewrap with the root file system
// read-only, only the workdir writable, a private /tmp, no network and its own pid namespace.
import { accessSync, constants } from 'node:fs';
import path from 'node:path';

/** The first executable `name` on a PATH string, or null. */
export function findOnPath(name: string, pathVar: string | undefined): string | null {
  for (const dir of (pathVar ?? '').split(path.delimiter)) {
    if (!dir) continue;
    const p = path.join(dir, name);
    try {
      accessSync(p, constants.X_OK);
      return p;
    } catch {
      // not here
    }
  }
  return null;
}

/**
 * argv running `sh -c command` in `workdir` inside bubblewrap. `readOnly` folders (the trajectory
 * folder) are bound read-only again after the private /tmp, so a folder under /tmp stays visible and
 * unwritable instead of being hidden by (and writable in) the tmpfs.
 */
export function bwrapArgv(
  bwrap: string,
  workdir: string,
  command: string,
  readOnly: string[] = [],
): string[] {
  const argv = [bwrap, '--ro-bind', '/', '/', '--dev', '/dev', '--proc', '/proc', '--tmpfs', '/tmp'];
  for (const p of readOnly) argv.push('--ro-bind-try', p, p);
  argv.push(
    '--bind',
    workdir,
    workdir,
    '--unshare-net',
    '--unshare-pid',
    '--die-with-parent',
    '--chdir',
    workdir,
    'sh',
    '-c',
    command,
  );
  return argv;
}

// Passed through to commands: what tools need to find themselves, never credentials.
const KEPT = [
  'HOME',
  'USER',
  'LOGNAME',
  'LANG',
  'LC_ALL',
  'TZ',
  'PYENV_ROOT',
  'PYENV_VERSION',
  'VIRTUAL_ENV',
];

/** The environment a replay command sees: a short allow-list of the caller's (whose env holds the API key). */
export function commandEnv(callerEnv: NodeJS.ProcessEnv, pathVar: string | undefined): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {
    PATH: pathVar || '/usr/local/bin:/usr/bin:/bin',
    TERM: 'dumb',
    TMPDIR: '/tmp',
  };
  for (const k of KEPT) if (callerEnv[k]) env[k] = callerEnv[k];
  env.LANG ??= 'C.UTF-8';
  return env;
}
