// The built-in parsers written as specs give the same steps as the code parsers on real runs.
import { existsSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { atifFormat } from '../../src/core/formats/atif/index.js';
import { locate } from '../../src/core/formats/open.js';
import { builtinSpec } from '../../src/core/formats/spec/builtin/index.js';
import { specFormat } from '../../src/core/formats/spec/module.js';
import type { FormatModule } from '../../src/core/formats/types.js';
import { whowhenFormat } from '../../src/core/formats/whowhen/index.js';
import { step_jsonlFormat } from '../../src/core/formats/prenormalized/step_jsonl.js';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import { afterAll } from 'vitest';
import type { Step } from '../../src/core/model/trajectory.js';

const FIX = path.resolve(import.meta.dirname, '../fixtures');
const SHARED = path.resolve(import.meta.dirname, '../../../shared/fixtures');

const view = (s: Step) => ({
  action: s.action,
  observation: s.observation,
  reasoning: s.reasoning,
  tool: s.tool,
});

async function compare(code: FormatModule, spec: FormatModule, address: string): Promise<number> {
  const loc = await locate(address);
  expect(await spec.detect(loc)).toBe(true);
  const [a] = await code.parse(loc);
  const [b] = await spec.parse(loc);
  expect(b.steps.map((s) => s.id)).toEqual(b.steps.map((_, i) => i + 1));
  expect(b.steps.map(view)).toEqual(a.steps.map(view));
  expect(b.steps.map((s) => s.actor)).toEqual(a.steps.map((s) => s.actor));
  expect(b.task).toBe(a.task);
  return b.steps.length;
}

const atifSpec = specFormat(builtinSpec('atif'));
const whowhenSpec = specFormat(builtinSpec('whowhen'));

const whowhenFiles = (root: string) =>
  ['Algorithm-Generated', 'Hand-Crafted'].flatMap((sub) =>
    existsSync(path.join(root, sub))
      ? readdirSync(path.join(root, sub))
          .filter((f) => f.endsWith('.json'))
          .map((f) => path.join(root, sub, f))
      : [],
  );

describe('ATIF as a spec', () => {
  it.each(['regex-log__XYfBZFy', 'prove-plus-comm__YDACMLN'])('same steps as the parser: %s', async (run) => {
    const n = await compare(atifFormat, atifSpec, path.join(FIX, 'atif', run));
    expect(n).toBe(run.startsWith('regex') ? 5 : 24);
  });

  it('reads the bare trajectory file too, and the reward', async () => {
    const file = path.join(FIX, 'atif/prove-plus-comm__YDACMLN/agent/trajectory.json');
    await compare(atifFormat, atifSpec, file);
    const [t] = await atifSpec.parse(await locate(path.join(FIX, 'atif/prove-plus-comm__YDACMLN')));
    expect(t.verdict.solved).toBe(true);
    expect(t.steps.some((s) => s.toolCalls.length > 0 && s.observation)).toBe(true);
  });
});

describe('Who&When as a spec', () => {
  it.each(whowhenFiles(path.join(FIX, 'whowhen')))('same steps as the parser: %s', async (file) => {
    expect(await compare(whowhenFormat, whowhenSpec, file)).toBeGreaterThan(0);
  });
});

describe('step_jsonl as a spec', () => {
  // Synthetic run in CodeTracer's step_jsonl shape (no public example exists).
  const dir = mkdtempSync(path.join(os.tmpdir(), 'ct-spec-stepjsonl-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  const step = (n: number, o: object, pretty = false) =>
    writeFileSync(
      path.join(dir, `step_${n}.jsonl`),
      JSON.stringify({ step_index: n, ...o }, null, pretty ? 2 : 0),
    );
  mkdirSync(dir, { recursive: true });
  writeFileSync(path.join(dir, 'task.md'), 'Make the tests pass.\n');
  step(1, { command: 'ls', terminal_result: 'src tests', thinking: 'look first' });
  step(2, { command: 'cat tests/test_a.py', terminal_result: 'def test_a(): ...' }, true);
  step(10, { command: "sed -i 's/a/b/' src/a.py", terminal_result: '' });
  step(11, { command: '', terminal_result: 'nothing ran' });

  it('same steps as the parser, in numeric file order', async () => {
    expect(await compare(step_jsonlFormat, specFormat(builtinSpec('step_jsonl')), dir)).toBe(4);
    const [t] = await specFormat(builtinSpec('step_jsonl')).parse(await locate(dir));
    expect(t.steps.map((s) => s.action)).toEqual([
      'ls',
      'cat tests/test_a.py',
      "sed -i 's/a/b/' src/a.py",
      '(no command recorded)',
    ]);
  });
});

describe.skipIf(!existsSync(path.join(SHARED, 'harbor_atif')))('shared fixtures', () => {
  it('ATIF spec matches the parser on every Harbor trial with a trajectory', async () => {
    const dirs = readdirSync(path.join(SHARED, 'harbor_atif'))
      .map((d) => path.join(SHARED, 'harbor_atif', d))
      .filter((d) => existsSync(path.join(d, 'agent/trajectory.json')));
    expect(dirs.length).toBeGreaterThan(0);
    for (const d of dirs) await compare(atifFormat, atifSpec, d);
  });

  it('Who&When spec matches the parser', async () => {
    for (const f of whowhenFiles(path.join(SHARED, 'whowhen'))) await compare(whowhenFormat, whowhenSpec, f);
  });
});
