// Rebuilds a raw terminal-bench trial (`<trial>/agent-logs/mini.traj.json`, `results.json`) from the
// action_ref / observation_ref slices of a CodeTraceBench step map. Each message is written back at the line
// its slice came from (JSON allows blank lines between array elements), so raw refs can be compared 1:1.
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { parsePartialJson } from '../../src/core/formats/shared/partial_json.js';

export interface SliceRef {
  path: string;
  line_start: number;
  line_end: number;
  content: string;
}

export interface StepMapEntry {
  step_id: number;
  action_ref: SliceRef;
  observation_ref: SliceRef | null;
}

export function readStepMap(dir: string): StepMapEntry[] {
  return JSON.parse(readFileSync(path.join(dir, 'steps.json'), 'utf8')) as StepMapEntry[];
}

/** Write the trial folder; returns its path. */
export function rebuildTrial(
  stepMapDir: string,
  outDir: string,
  results: Record<string, unknown> = {},
): string {
  const entries = readStepMap(stepMapDir);
  const task = readFileSync(path.join(stepMapDir, 'task.md'), 'utf8');
  const byLine = new Map<number, unknown>();
  for (const e of entries) {
    byLine.set(e.action_ref.line_start, parsePartialJson(e.action_ref.content));
    // Some maps give two steps the same observation slice (an upstream mapping defect); write it once.
    if (e.observation_ref)
      byLine.set(e.observation_ref.line_start, parsePartialJson(e.observation_ref.content));
  }
  const lines: string[] = [
    '{',
    '  "trajectory_format": "mini-swe-agent-1",',
    '  "messages": [',
    `    ${JSON.stringify({ role: 'system', content: 'You are a helpful assistant that can interact with a computer.' })},`,
    `    ${JSON.stringify({ role: 'user', content: `Please solve this issue: ${task}` })}`,
  ];
  for (const at of [...byLine.keys()].sort((a, b) => a - b)) {
    if (lines.length >= at) throw new Error(`message for line ${at} would overlap line ${lines.length}`);
    lines[lines.length - 1] += ',';
    while (lines.length < at - 1) lines.push('');
    const body = JSON.stringify(byLine.get(at), null, 2)
      .split('\n')
      .map((l) => `    ${l}`);
    lines.push(...body);
  }
  lines.push('  ]', '}');
  const trial = path.join(outDir, path.basename(stepMapDir));
  mkdirSync(path.join(trial, 'agent-logs'), { recursive: true });
  writeFileSync(path.join(trial, 'agent-logs', 'mini.traj.json'), lines.join('\n') + '\n');
  writeFileSync(path.join(trial, 'results.json'), JSON.stringify({ instruction: task, ...results }, null, 4));
  return trial;
}
