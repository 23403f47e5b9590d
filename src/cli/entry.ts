// Whether a module is the script node was started with (so it runs its main), for CLIs and benches.
import { realpathSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

export function isEntryPoint(moduleUrl: string): boolean {
  try {
    // realpath: npm's bin links and `npx` start the script through a symlink.
    return realpathSync(process.argv[1] ?? '') === realpathSync(fileURLToPath(moduleUrl));
  } catch {
    return false;
  }
}
