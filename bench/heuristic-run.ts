// A long run built from real steps, for the heuristic diagnoser's bench and its scale test: the derived
// fixture runs of test/fixtures/heuristic (MIT sources, see the NOTICE there) laid end to end, ids renumbered.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { Step, Trajectory } from '../src/core/model/trajectory.js';

export const HEURISTIC_FIXTURES = path.resolve(
  import.meta.dirname,
  '..',
  '..',
  'test',
  'fixtures',
  'heuristic',
);
const SOURCES = [
  'miniswe_django-16560.json',
  'sweagent_pydicom-1458.json',
  'miniswe_requests-2317.json',
  'openhands_ponyc-4595.json',
  'miniswe_django-11163.json',
  'atif_polyglot-c-py.json',
];

function fixturesDir(): string {
  // Compiled to dist/bench/, run from the sources by vitest: look in both places.
  for (const d of [
    HEURISTIC_FIXTURES,
    path.resolve(import.meta.dirname, '..', 'test', 'fixtures', 'heuristic'),
  ]) {
    try {
      readFileSync(path.join(d, SOURCES[0]));
      return d;
    } catch {
      /* try the next */
    }
  }
  throw new Error('test/fixtures/heuristic not found (run from the repository)');
}

/** Where each source run starts in the long run (step id offset) and how long it is. */
export interface Segment {
  name: string;
  offset: number;
  length: number;
}

/** `n` steps made of the fixture runs one after another (repeated as needed); a failed verdict. */
export function syntheticRun(n = 500): { traj: Trajectory; segments: Segment[] } {
  const dir = fixturesDir();
  const runs = SOURCES.map((f) => ({
    name: f,
    traj: JSON.parse(readFileSync(path.join(dir, f), 'utf8')) as Trajectory,
  }));
  const steps: Step[] = [];
  const segments: Segment[] = [];
  for (let k = 0; steps.length < n; k++) {
    const r = runs[k % runs.length];
    const take = r.traj.steps.slice(0, n - steps.length);
    segments.push({ name: r.name, offset: steps.length, length: take.length });
    for (const s of take) steps.push({ ...s, id: steps.length + 1 });
  }
  const traj: Trajectory = {
    id: `synthetic-${n}`,
    sources: runs.map((r) => r.name),
    format: 'synthetic',
    agent: null,
    model: null,
    task: runs[0].traj.task,
    verdict: { solved: false },
    steps,
    warnings: [],
    metadata: {},
  };
  return { traj, segments };
}
