// The CLI in-process in a test folder that also holds its settings (`<cwd>/conf`), so no settings file
// from elsewhere is read; `env` adds to that or overrides it.
import path from 'node:path';
import { runInProcess } from './cli.js';

export function runInFolder(args: string[], env: NodeJS.ProcessEnv, cwd: string) {
  return runInProcess(args, cwd, { CODETRACER_CONF_DIR: path.join(cwd, 'conf'), ...env });
}
