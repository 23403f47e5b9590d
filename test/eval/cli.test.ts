import { describe, expect, it } from 'vitest';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { runInProcess } from '../helpers/cli.js';

const repo = path.resolve(import.meta.dirname, '../..');
const MANIFEST = path.join(repo, 'test/fixtures/eval/codetracebench-54ac67f0.jsonl');
const TRAJ = 'miniswe-Anthropic__Claude-Sonnet-4-20250514-Thinking-add-benchmark-lm-eval-harness-54ac67f0';

const cli = (args: string[], cwd = repo) => runInProcess(args, cwd);

function predDir(labels: unknown): string {
  const d = mkdtempSync(path.join(tmpdir(), 'ct-evalcli-'));
  mkdirSync(path.join(d, TRAJ));
  writeFileSync(path.join(d, TRAJ, 'codetracer_labels.json'), JSON.stringify(labels));
  return d;
}

describe('codetracer eval (CLI)', () => {
  it('scores the public CodeTraceBench label: predicting steps 38 and 12 gives P 0.5, R 1', async () => {
    const pred = predDir([
      {
        stage_id: 3,
        incorrect_step_ids: [12],
        unuseful_step_ids: [],
        reasoning: 'x',
        diagnoser: 'heuristic',
      },
      {
        stage_id: 8,
        incorrect_step_ids: [38],
        unuseful_step_ids: [40],
        reasoning: 'y',
        diagnoser: 'heuristic',
      },
    ]);
    const r = await cli(['eval', '--gold', MANIFEST, '--pred', pred, '--per-run']);
    expect(r.code).toBe(0);
    expect(r.stderr).toBe('');
    expect(r.stdout).toContain(
      'Evaluated 1 run(s) (1 CodeTraceBench); predictions: 1 read, 0 missing, 0 unreadable; diagnoser: heuristic',
    );
    expect(r.stdout).toMatch(/^incorrect  micro    0\.500  1\.000  0\.667     0\.500  1\.000  0\.667$/m);
    // The public row lists no unuseful steps, so the unuseful prediction (40) is a false positive.
    expect(r.stdout).toMatch(/^unuseful   macro    0\.000  0\.000  0\.000     0\.000  0\.000  0\.000$/m);
    expect(r.stdout).toContain(`${TRAJ}  ok  incorrect pred [12,38] gold [38] P 0.500 R 1.000 F1 0.667`);

    const j = await cli(['eval', '--gold', MANIFEST, '--pred', pred, '--json']);
    const rep = JSON.parse(j.stdout);
    expect(rep.incorrect.official.micro.f1).toBeCloseTo(2 / 3, 12);
    expect(rep.stage).toBeNull(); // the public row has no stage ranges
  });

  it('a missing prediction is scored empty and listed', async () => {
    const empty = mkdtempSync(path.join(tmpdir(), 'ct-evalcli-'));
    const r = await cli(['eval', '--gold', MANIFEST, '--pred', empty]);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain(`missing predictions, scored as empty (1):\n  ${TRAJ}`);
    expect(r.stdout).toMatch(/^incorrect  macro    0\.000  0\.000  0\.000     0\.000  0\.000  0\.000$/m);
  });

  it('usage errors are one line with exit code 2', async () => {
    expect(await cli(['eval', '--pred', '.'])).toMatchObject({
      code: 2,
      stderr: 'codetracer: eval needs --gold <manifest | who&when files or folder>\n',
    });
    const r = await cli(['eval', '--gold', MANIFEST, '--pred', '.', '--tolerance', 'x']);
    expect(r).toMatchObject({
      code: 2,
      stderr: 'codetracer: --tolerance expects a whole number of steps, got "x"\n',
    });
    const notParquet = path.join(mkdtempSync(path.join(tmpdir(), 'ct-evalcli-')), 'm.parquet');
    writeFileSync(notParquet, 'traj_id,solved\n');
    const b = await cli(['eval', '--gold', notParquet, '--pred', '.']);
    expect(b.code).toBe(2);
    expect(b.stderr).toBe(
      `codetracer: warning: ${notParquet}: not a parquet file (no PAR1 magic bytes) (no gold read from it)\n` +
        'codetracer: no gold labels could be read from --gold\n',
    );
  });
});
