// Shared helpers of the controller tests: synthetic runs, temp folders, waiting on the store.
import { cpSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Trajectory } from '../../src/core/model/trajectory.js';
import { buildLoadedPayload } from '../../src/controller/load.js';
import type { LoadedPayload } from '../../src/controller/state.js';

export const FIXTURES = path.resolve(__dirname, '../fixtures');

const made: string[] = [];
export function tmp(prefix = 'ct-ctl-'): string {
  const d = mkdtempSync(path.join(tmpdir(), prefix));
  made.push(d);
  return d;
}
export function cleanupTmp(): void {
  for (const d of made.splice(0)) rmSync(d, { recursive: true, force: true });
}

/** Copy a fixture run into a temp root (outputs are written beside runs: never into the repo). */
export function copyFixture(rel: string, root = tmp()): string {
  const dest = path.join(root, path.basename(rel));
  cpSync(path.join(FIXTURES, rel), dest, { recursive: true });
  return dest;
}

// SYNTHETIC Claude Code stream-json (written for these tests): one Bash call + result per step.
export function claudeInit(): string {
  return JSON.stringify({
    type: 'system',
    subtype: 'init',
    model: 'claude-test',
    session_id: 's1',
    cwd: '/w',
  });
}
export function claudeStep(i: number, command = `echo step ${i}`): string {
  const call = {
    type: 'assistant',
    message: {
      id: `m${i}`,
      role: 'assistant',
      model: 'claude-test',
      content: [
        { type: 'thinking', thinking: `thinking about step ${i}` },
        { type: 'tool_use', id: `t${i}`, name: 'Bash', input: { command } },
      ],
    },
    parent_tool_use_id: null,
  };
  const result = {
    type: 'user',
    message: { role: 'user', content: [{ type: 'tool_result', tool_use_id: `t${i}`, content: `out ${i}` }] },
    parent_tool_use_id: null,
  };
  return `${JSON.stringify(call)}\n${JSON.stringify(result)}\n`;
}
export function claudeRun(n: number, first = 1): string {
  let s = `${claudeInit()}\n`;
  for (let i = first; i < first + n; i++) s += claudeStep(i);
  return s;
}
export function writeClaudeRun(dir: string, name: string, n: number): string {
  const p = path.join(dir, name);
  writeFileSync(p, claudeRun(n));
  return p;
}

/** A small synthetic trajectory for pure reducer tests. */
export function synthTraj(n: number, id = 'synthetic'): Trajectory {
  return {
    id,
    sources: ['synthetic'],
    format: 'synthetic',
    agent: 'agent-x',
    model: 'model-y',
    task: 'a task',
    verdict: { solved: false },
    steps: Array.from({ length: n }, (_, i) => ({
      id: i + 1,
      actor: 'agent' as const,
      action: i % 3 === 0 ? `sed -i s/a/b/ file${i}.py` : `cat file${i}.py`,
      toolCalls: [],
      observation: i === 7 ? 'Traceback: NeedleError here' : `contents ${i}`,
      reasoning: i === 3 ? 'I suspect the needle is in file 3' : null,
    })),
    warnings: [],
    metadata: {},
  };
}

export function synthPayload(n: number): LoadedPayload {
  return buildLoadedPayload(synthTraj(n));
}

export async function waitFor(cond: () => boolean, timeoutMs = 10_000, what = 'condition'): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (!cond()) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}
