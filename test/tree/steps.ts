// Helpers for tree/heuristic tests: steps in the model's shape, and the derived fixture runs.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { TrajectorySchema, type Step, type Trajectory } from '../../src/core/model/trajectory.js';

export const fixtureDir = path.resolve(import.meta.dirname, '../fixtures/heuristic');

/** A derived run from test/fixtures/heuristic (validated against the model schema). */
export function loadRun(name: string): Trajectory {
  return TrajectorySchema.parse(JSON.parse(readFileSync(path.join(fixtureDir, name), 'utf8')));
}

/** An agent step; `tool` given = a single tool call with these arguments. */
export function step(id: number, action: string, extra: Partial<Step> & { args?: unknown } = {}): Step {
  const { args, ...rest } = extra;
  const s: Step = { id, actor: 'agent', action, toolCalls: [], observation: null, reasoning: null, ...rest };
  if (rest.tool && !rest.toolCalls) s.toolCalls = [{ name: rest.tool, arguments: args ?? {} }];
  return s;
}

/** A shell step as mini-SWE-agent records it (tool bash, arguments {command}). */
export function bash(id: number, command: string, extra: Partial<Step> = {}): Step {
  return step(id, command, { tool: 'bash', args: { command }, ...extra });
}

export function run(steps: Step[], extra: Partial<Trajectory> = {}): Trajectory {
  return {
    id: 'test',
    sources: [],
    format: 'test',
    agent: null,
    model: null,
    task: '',
    verdict: { solved: null },
    steps,
    warnings: [],
    metadata: {},
    ...extra,
  };
}
