// Harbor (terminal-bench 2.x) trial directories: `result.json`, `config.json`, `exception.txt` next to
// `agent/` and `verifier/`. Formats that read Harbor trials (ATIF, Claude Code stream-json) share this.
import type { FileSource } from '../../io/source.js';
import { join } from '../../io/source.js';
import { readOptionalJson, readOptionalText } from '../../io/read.js';
import { asObj, asString, firstString, getPath } from './access.js';

export interface HarborTrial {
  trialName?: string;
  taskName?: string;
  agentName?: string;
  agentVersion?: string;
  modelName?: string;
  /** From result.json `exception_info`, else the last line of `exception.txt`. */
  exception?: { type: string; message: string };
  startedAt?: string;
  finishedAt?: string;
}

/** Harbor trial facts of a directory, or null when it has neither result.json nor config.json. */
export async function readHarborTrial(src: FileSource, dir: string): Promise<HarborTrial | null> {
  const result = asObj(await readOptionalJson(src, join(dir, 'result.json')));
  const config = asObj(await readOptionalJson(src, join(dir, 'config.json')));
  const isTrial = (o: unknown): boolean => !!asObj(o) && ('trial_name' in asObj(o)! || 'task' in asObj(o)!);
  if (!isTrial(result) && !isTrial(config)) return null;
  const t: HarborTrial = {};
  const set = <K extends keyof HarborTrial>(k: K, v: HarborTrial[K] | undefined): void => {
    if (v !== undefined) t[k] = v;
  };
  set('trialName', firstString(result, 'trial_name') ?? firstString(config, 'trial_name'));
  set(
    'taskName',
    firstString(result, 'task_name', 'task_id.path') ?? firstString(config, 'task.name', 'task.path'),
  );
  set(
    'agentName',
    firstString(result, 'agent_info.name', 'config.agent.name') ?? firstString(config, 'agent.name'),
  );
  set('agentVersion', firstString(result, 'agent_info.version'));
  set(
    'modelName',
    firstString(result, 'agent_info.model_info.name', 'config.agent.model_name') ??
      firstString(config, 'agent.model_name'),
  );
  set('startedAt', firstString(result, 'started_at'));
  set('finishedAt', firstString(result, 'finished_at'));
  const exc = asObj(getPath(result, 'exception_info'));
  if (exc) {
    t.exception = {
      type: asString(exc.exception_type) ?? 'exception',
      message: asString(exc.exception_message) ?? '',
    };
  } else {
    const text = await readOptionalText(src, join(dir, 'exception.txt'));
    const last = text
      ?.split('\n')
      .map((l) => l.trim())
      .filter(Boolean)
      .pop();
    if (last) {
      const m = /^([\w.]+?)(?::\s*(.*))?$/.exec(last);
      t.exception = m
        ? { type: m[1].replace(/^.*\./, ''), message: m[2] ?? '' }
        : { type: 'exception', message: last };
    }
  }
  return t;
}

/** One line for warnings: "Harbor reported AgentTimeoutError: Agent execution timed out ...". */
export function harborExceptionLine(t: HarborTrial): string | null {
  if (!t.exception) return null;
  return `Harbor reported ${t.exception.type}${t.exception.message ? `: ${t.exception.message}` : ''}`;
}
