// Small file trees for tests: text files at paths relative to a folder, with the folders between made.
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';

/** Write each `relative path → text` of `files` under `dir`; returns `dir`. */
export function writeFiles(dir: string, files: Record<string, string>): string {
  for (const [rel, text] of Object.entries(files)) {
    mkdirSync(path.dirname(path.join(dir, rel)), { recursive: true });
    writeFileSync(path.join(dir, rel), text);
  }
  return dir;
}
