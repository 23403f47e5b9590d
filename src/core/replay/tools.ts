// The replay agent's tools: a shell that runs only in the replay environment, file read/write confined
// to the workspace, and finish.
import type { ToolSpec } from '../llm/types.js';
import type { ReplayEnvironment } from './environment.js';

export const REPLAY_TOOLS: ToolSpec[] = [
  {
    name: 'shell',
    description:
      'Run one shell command (sh -c) in the workspace folder. No network. Returns the exit code and output.',
    parameters: {
      type: 'object',
      properties: { command: { type: 'string', description: 'the command line' } },
      required: ['command'],
    },
  },
  {
    name: 'read_file',
    description: 'Read a text file of the workspace (path relative to the workspace).',
    parameters: { type: 'object', properties: { path: { type: 'string' } }, required: ['path'] },
  },
  {
    name: 'write_file',
    description: 'Write a whole text file in the workspace (created with its folders when missing).',
    parameters: {
      type: 'object',
      properties: { path: { type: 'string' }, content: { type: 'string' } },
      required: ['path', 'content'],
    },
  },
  {
    name: 'finish',
    description: 'End the replay: the task is done (or cannot be done). Give a short summary.',
    parameters: { type: 'object', properties: { summary: { type: 'string' } }, required: ['summary'] },
  },
];

export interface ToolOutcome {
  ok: boolean;
  content: string;
  /** Set by finish. */
  finished?: string;
}

const READ_CAP = 60_000;

function argsOf(raw: string): Record<string, unknown> | null {
  try {
    const v: unknown = JSON.parse(raw || '{}');
    return v && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>) : null;
  } catch {
    return null;
  }
}

export async function runTool(
  name: string,
  rawArgs: string,
  env: ReplayEnvironment,
  o: { timeoutMs: number; signal?: AbortSignal },
): Promise<ToolOutcome> {
  const a = argsOf(rawArgs);
  if (!a) return { ok: false, content: 'Error: the arguments are not a JSON object.' };
  const str = (k: string) => (typeof a[k] === 'string' ? (a[k] as string) : null);
  switch (name) {
    case 'shell': {
      const command = str('command');
      if (!command?.trim()) return { ok: false, content: 'Error: "command" is required.' };
      const r = await env.run(command, { timeoutMs: o.timeoutMs, signal: o.signal });
      const status = r.spawnError
        ? `could not start: ${r.spawnError}`
        : r.timedOut
          ? `timed out after ${Math.round(o.timeoutMs / 1000)} s (killed)`
          : `exit code ${r.exitCode}`;
      return { ok: r.exitCode === 0, content: `[${status}]\n${r.output}` };
    }
    case 'read_file': {
      const p = str('path');
      if (!p) return { ok: false, content: 'Error: "path" is required.' };
      try {
        const text = await env.readFile(p);
        if (text === null) return { ok: false, content: `Error: no such file: ${p}` };
        return {
          ok: true,
          content:
            text.length > READ_CAP
              ? `${text.slice(0, READ_CAP)}\n[… file cut at ${READ_CAP} characters]`
              : text,
        };
      } catch (e) {
        return { ok: false, content: `Error: ${(e as Error).message.split('\n')[0]}` };
      }
    }
    case 'write_file': {
      const p = str('path');
      const content = str('content');
      if (!p || content === null) return { ok: false, content: 'Error: "path" and "content" are required.' };
      try {
        await env.writeFile(p, content);
        return { ok: true, content: `wrote ${p} (${content.length} characters)` };
      } catch (e) {
        return { ok: false, content: `Error: ${(e as Error).message.split('\n')[0]}` };
      }
    }
    case 'finish':
      return { ok: true, content: 'finished', finished: str('summary') ?? '' };
    default:
      return { ok: false, content: `Error: unknown tool "${name}" (shell, read_file, write_file, finish).` };
  }
}
