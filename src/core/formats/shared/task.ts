// Task text from the run's own files.
import type { FileSource } from '../../io/source.js';
import { join } from '../../io/source.js';
import { readOptionalJson, readOptionalText } from '../../io/read.js';
import { asObj, asString } from './access.js';

/** `results.json` `instruction` (terminal-bench 1.x trial), else `task.md`, else null. */
export async function taskFromRunDir(src: FileSource, dir: string): Promise<string | null> {
  const r = asObj(await readOptionalJson(src, join(dir, 'results.json')));
  const instr = asString(r?.instruction);
  if (instr) return instr;
  return readOptionalText(src, join(dir, 'task.md'));
}
