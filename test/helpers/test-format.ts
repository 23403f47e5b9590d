// A tiny, clearly synthetic format for discovery tests, registered through the public registry like any
// generated format. Layout: a folder with RUN.testrun ("testrun steps=N solved=true|false"), or a file
// *.testruns with one such line per run (a multi-run file). A line "broken" makes parse fail.
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { CodetracerError } from '../../src/core/io/errors.js';
import { readOptionalText, readText } from '../../src/core/io/read.js';
import { join } from '../../src/core/io/source.js';
import type { FormatModule, RunLocation } from '../../src/core/formats/types.js';
import type { Trajectory } from '../../src/core/model/trajectory.js';
import { registerFormat } from '../../src/core/formats/registry.js';

const LINE = /^testrun steps=(\d+) solved=(true|false|null)$/;

function trajectory(loc: RunLocation, line: string, i: number): Trajectory {
  const m = LINE.exec(line.trim());
  const steps = Number(m?.[1] ?? 0);
  return {
    id: `${loc.path}#${i + 1}`,
    sources: [loc.src.display(loc.path)],
    format: 'testrun',
    agent: null,
    model: null,
    task: 'synthetic',
    verdict: { solved: m?.[2] === 'true' ? true : m?.[2] === 'false' ? false : null },
    steps: Array.from({ length: steps }, (_, k) => ({
      id: k + 1,
      actor: 'agent' as const,
      action: `step ${k + 1}`,
      toolCalls: [],
      observation: null,
      reasoning: null,
    })),
    warnings: [],
    metadata: {},
  };
}

async function lines(loc: RunLocation): Promise<string[]> {
  const p = loc.kind === 'dir' ? join(loc.path, 'RUN.testrun') : loc.path;
  return (await readText(loc.src, p)).split('\n').filter((l) => l.trim());
}

async function runLines(loc: RunLocation): Promise<string[]> {
  return (await lines(loc)).filter((l) => l !== 'broken');
}

export const testrunFormat: FormatModule = {
  id: 'testrun',
  title: 'synthetic test runs',
  description: 'Synthetic format used only by the test suite.',
  fingerprints: ['RUN.testrun', 'file:*.testruns'],
  priority: 1000,
  async detect(loc) {
    if (loc.kind === 'file' && !loc.path.endsWith('.testruns')) return false;
    const p = loc.kind === 'dir' ? join(loc.path, 'RUN.testrun') : loc.path;
    const text = await readOptionalText(loc.src, p);
    return text !== null && text.split('\n').some((l) => LINE.test(l.trim()));
  },
  async parse(loc) {
    const p = loc.kind === 'dir' ? join(loc.path, 'RUN.testrun') : loc.path;
    if ((await lines(loc)).includes('broken'))
      throw new CodetracerError('invalid_data', 'synthetic parse failure', loc.src.display(p));
    const all = (await runLines(loc)).map((l, i) => trajectory(loc, l, i));
    return loc.index !== undefined ? [all[loc.index]] : all;
  },
  async countRuns(loc) {
    return loc.kind === 'file' ? (await runLines(loc)).length : 1;
  },
};

export function registerTestFormat(): void {
  registerFormat(testrunFormat);
}

/** A run folder at root/rel with n steps. */
export function makeRunDir(root: string, rel: string, steps: number, solved: boolean | null = null): string {
  const dir = path.join(root, rel);
  mkdirSync(dir, { recursive: true });
  writeFileSync(path.join(dir, 'RUN.testrun'), `testrun steps=${steps} solved=${solved}\n`);
  return dir;
}

/** A multi-run file at root/rel with one run per entry of `steps`. */
export function makeRunsFile(root: string, rel: string, steps: number[]): string {
  const p = path.join(root, rel);
  mkdirSync(path.dirname(p), { recursive: true });
  writeFileSync(p, steps.map((n) => `testrun steps=${n} solved=false`).join('\n') + '\n');
  return p;
}
