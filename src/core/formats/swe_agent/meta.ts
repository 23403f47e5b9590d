// Model name and task of a SWE-agent run, from the trajectory itself or the config files saved beside it:
// 1.x `replay_config` (object or JSON string) / `<instance>.config.yaml` (agent.model.name); 0.x run folder
// `args.yaml` (agent.model.model_name).
import { parse as parseYaml } from 'yaml';
import type { FileSource } from '../../io/source.js';
import { dirname, join } from '../../io/source.js';
import { readOptionalText } from '../../io/read.js';
import { asArray, asObj, asString, firstString, isObj, parseMaybeJson, type Obj } from '../shared/access.js';
import { taskFromPrompt } from '../shared/task_prompt.js';

export function replayConfig(d: Obj): Obj | undefined {
  return asObj(parseMaybeJson(d.replay_config));
}

async function yamlAt(src: FileSource, p: string): Promise<unknown> {
  const text = await readOptionalText(src, p);
  if (text === null) return undefined;
  try {
    return parseYaml(text) as unknown;
  } catch {
    return undefined;
  }
}

export async function modelOf(src: FileSource, file: string, stem: string, d: Obj): Promise<string | null> {
  const fromReplay = firstString(replayConfig(d), 'agent.model.name', 'agent.model.model_name');
  if (fromReplay) return fromReplay;
  const dir = dirname(file);
  for (const p of [
    join(dir, `${stem}.config.yaml`),
    join(dir, 'args.yaml'),
    join(dirname(dir), 'args.yaml'),
  ]) {
    const name = firstString(await yamlAt(src, p), 'agent.model.name', 'agent.model.model_name');
    if (name) return name;
  }
  return null;
}

/** The problem statement: replay config text, else the first real (non-demonstration) user message. */
export function taskOf(d: Obj): string {
  const stated = firstString(replayConfig(d), 'problem_statement.text');
  if (stated) return stated.trim();
  for (const m of asArray(d.history)) {
    if (!isObj(m) || m.role !== 'user' || m.is_demo === true) continue;
    const text = asString(m.content) ?? '';
    if (!text.trim() || /^\s*Here is a demonstration/.test(text)) continue;
    return taskFromPrompt(text);
  }
  return '';
}
