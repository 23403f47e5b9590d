import { describe, expect, it } from 'vitest';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { loadGold } from '../../src/core/eval/gold.js';
import { indexPredictions } from '../../src/core/eval/predictions.js';
import { evaluate } from '../../src/core/eval/evaluate.js';
import { writeTinyParquet } from '../helpers/tiny-parquet.js';

const tmp = () => mkdtempSync(path.join(tmpdir(), 'ct-eval-'));
const json = (p: string, v: unknown) => {
  mkdirSync(path.dirname(p), { recursive: true });
  writeFileSync(p, typeof v === 'string' ? v : JSON.stringify(v));
};
const tb = (stage: number, inc: number[], unu: number[] = []) => ({
  stage_id: stage,
  incorrect_step_ids: inc,
  unuseful_step_ids: unu,
  reasoning: 'r',
  diagnoser: 'test',
});

// A synthetic manifest: three runs with stage ranges, one broken line, one row without traj_id.
const STAGES = [
  { stage_id: 1, start_step_id: 1, end_step_id: 10 },
  { stage_id: 2, start_step_id: 11, end_step_id: 20 },
  { stage_id: 3, start_step_id: 21, end_step_id: 30 },
];
const MANIFEST = [
  JSON.stringify({
    traj_id: 'run-a',
    stages: STAGES,
    incorrect_stages: [
      { stage_id: 2, incorrect_step_ids: [12], unuseful_step_ids: [13, 14] },
      { stage_id: 3, incorrect_step_ids: [25], unuseful_step_ids: [] },
    ],
  }),
  '{"traj_id": "broken", "stages": [',
  JSON.stringify({ traj_id: 'run-b', stages: STAGES, incorrect_stages: [] }),
  JSON.stringify({ stages: STAGES }),
  JSON.stringify({
    traj_id: 'run-c',
    stages: STAGES,
    incorrect_stages: [{ stage_id: 1, incorrect_step_ids: [3] }],
  }),
  JSON.stringify({ traj_id: 'run-d', incorrect_stages: [{ stage_id: 1, incorrect_step_ids: [4] }] }),
].join('\n');

describe('CodeTraceBench manifest evaluation', () => {
  it('scores incorrect / unuseful / stages, lists missing, unreadable and unknown predictions', async () => {
    const d = tmp();
    const manifest = path.join(d, 'manifest.jsonl');
    json(manifest, MANIFEST);
    const gold = await loadGold([manifest]);
    expect(gold.items.map((g) => g.id)).toEqual(['run-a', 'run-b', 'run-c', 'run-d']);
    expect(gold.warnings).toHaveLength(2);
    expect(gold.warnings[0]).toMatch(/manifest\.jsonl:2: .*line skipped/);
    expect(gold.warnings[1]).toMatch(/manifest\.jsonl:4: skipped, not a manifest row \(traj_id: /);

    // shard 1: run-a as an output folder (tracebench), run-x unknown to the gold
    const p1 = path.join(d, 'pred1');
    json(path.join(p1, 'run-a', 'codetracer_labels.json'), [tb(1, [5], [13]), tb(2, [15], [14])]);
    json(path.join(p1, 'run-x', 'codetracer_labels.json'), [tb(1, [1])]);
    // shard 2: run-b as a file named by its id (empty = predicted clean), run-c unreadable
    const p2 = path.join(d, 'pred2');
    json(path.join(p2, 'run-b.json'), []);
    json(path.join(p2, 'run-c', 'codetracer_labels.json'), '[{"stage_id": 1,');
    const preds = await indexPredictions([p1, p2, path.join(d, 'nope')]);
    expect(preds.warnings).toEqual([`${path.join(d, 'nope')}: no such prediction folder (skipped)`]);

    const r = evaluate(gold.items, preds.entries, { tolerance: 3 });
    expect(r.missing).toEqual(['run-d']);
    expect(r.invalid.map((x) => x.id)).toEqual(['run-c']);
    expect(r.invalid[0].error).toMatch(/codetracer_labels\.json/);
    expect(r.unknown).toEqual([path.join(p1, 'run-x')]);
    expect(r.diagnosers).toEqual(['test', 'unknown']); // run-b.json is an empty array: no diagnoser field

    // incorrect: a {5,15} vs {12,25} tp0; b {} vs {}; c {} vs {3}; d {} vs {4}
    expect(r.runs.map((x) => [x.id, x.status, x.incorrect.tp, x.incorrect.pred, x.incorrect.gold])).toEqual([
      ['run-a', 'ok', 0, 2, 2],
      ['run-b', 'ok', 0, 0, 0],
      ['run-c', 'invalid', 0, 0, 1],
      ['run-d', 'missing', 0, 0, 1],
    ]);
    expect(r.incorrect.official.macro.f1).toBe(0);
    expect(r.incorrect.emptyAgree.macro.f1).toBeCloseTo(1 / 4, 12);
    // unuseful: a {13,14} vs {13,14} = 1; b, c, d empty gold
    expect(r.unuseful!.official.macro.f1).toBeCloseTo(1 / 4, 12);
    expect(r.unuseful!.emptyAgree.macro.f1).toBe(1); // a is 1; b, c, d: empty vs empty = 1
    expect(r.unuseful!.official.micro).toEqual({ precision: 1, recall: 1, f1: 1 });

    // stages: a first pred 5 -> stage 1, first gold 12 -> stage 2: miss; c: no pred: miss. b has no gold error.
    expect(r.stage!.n).toBe(2);
    expect(r.stage!.firstErrorAccuracy).toBe(0);
    // stage sets: a pred {1,2} gold {2,3} -> tp 1; c pred {} gold {1}
    expect(r.stage!.totals).toEqual({ tp: 1, pred: 2, gold: 3 });
    expect(r.whowhen).toBeNull();
  });

  it('a .parquet file that is not parquet is a one-line warning; the other gold still loads', async () => {
    const d = tmp();
    json(path.join(d, 'bad.parquet'), '{"traj_id": "x"}\n');
    json(path.join(d, 'ok.jsonl'), JSON.stringify({ traj_id: 'run-a', incorrect_stages: [] }));
    const g = await loadGold([path.join(d, 'bad.parquet'), path.join(d, 'ok.jsonl')]);
    expect(g.items.map((x) => x.id)).toEqual(['run-a']);
    expect(g.warnings).toEqual([
      `${path.join(d, 'bad.parquet')}: not a parquet file (no PAR1 magic bytes) (no gold read from it)`,
    ]);
  });
});

describe('Who&When evaluation', () => {
  // Synthetic Who&When-shaped run (clearly not real data): 0-based mistake_step 2 -> our step 3.
  const run = {
    question: 'synthetic question',
    history: [
      { role: 'user', content: 'task' },
      { role: 'assistant', name: 'Planner', content: 'plan' },
      { role: 'assistant', name: 'Coder', content: 'wrong code' },
      { role: 'user', name: 'Computer_terminal', content: 'output' },
      { role: 'assistant', name: 'Coder', content: 'more code' },
      { role: 'assistant', name: 'Planner', content: 'TERMINATE' },
    ],
    mistake_agent: 'Coder',
    mistake_step: '2',
    mistake_reason: 'synthetic',
  };

  it('step accuracy, ±k accuracy and agent accuracy; matched by output folder name', async () => {
    const d = tmp();
    const g1 = path.join(d, 'gold', 'Synthetic', '1.json');
    const g2 = path.join(d, 'gold', 'Synthetic', '2.json');
    const g3 = path.join(d, 'gold', 'Synthetic', '3.json');
    json(g1, run);
    json(g2, run);
    json(g3, run);
    json(path.join(d, 'gold', 'Synthetic', 'notes.json'), { hello: 1 });
    const gold = await loadGold([path.join(d, 'gold')]);
    expect(gold.items.map((x) => [x.id, x.incorrect, x.mistake?.agent])).toEqual([
      ['Synthetic/1', [3], 'Coder'],
      ['Synthetic/2', [3], 'Coder'],
      ['Synthetic/3', [3], 'Coder'],
    ]);
    expect(gold.warnings).toEqual([
      `${path.join(d, 'gold')}: 1 JSON file(s) are not Who&When runs (skipped)`,
    ]);

    const pred = path.join(d, 'pred');
    // 1: exact (step 3, Coder). 2: step 5 (Coder, within ±3). 3: step 6 (Planner, within ±3).
    json(path.join(pred, 'Synthetic_1', 'codetracer_labels.json'), [tb(1, [3, 5])]);
    json(path.join(pred, 'Synthetic_2', 'codetracer_labels.json'), [tb(1, [5])]);
    json(path.join(pred, 'Synthetic_3', 'codetracer_labels.json'), [tb(1, [6])]);
    const r = evaluate(gold.items, (await indexPredictions([pred])).entries, { tolerance: 2 });
    expect(
      r.runs.map((x) => [x.whowhen!.pred, x.whowhen!.exact, x.whowhen!.near, x.whowhen!.agentPred]),
    ).toEqual([
      [3, true, true, 'Coder'],
      [5, false, true, 'Coder'],
      [6, false, false, 'Planner'],
    ]);
    expect(r.whowhen).toMatchObject({ n: 3, withPrediction: 3, tolerance: 2, agentN: 3 });
    expect(r.whowhen!.stepAccuracy).toBeCloseTo(1 / 3, 12);
    expect(r.whowhen!.nearAccuracy).toBeCloseTo(2 / 3, 12);
    expect(r.whowhen!.agentAccuracy).toBeCloseTo(2 / 3, 12);
    expect(r.unuseful).toBeNull();
    expect(r.incorrect.official.totals).toEqual({ tp: 1, pred: 4, gold: 3 });
  });
});

describe('parquet manifests', () => {
  it('reads a real parquet file (INT64 as numbers, nested fields kept as JSON text)', async () => {
    const d = tmp();
    const file = path.join(d, 'bench_manifest.verified.parquet');
    writeFileSync(
      file,
      writeTinyParquet([
        { name: 'traj_id', type: 'string', values: ['run-a', 'run-b'] },
        { name: 'step_count', type: 'int64', values: [30n, 12n] },
        { name: 'stages', type: 'string', values: [JSON.stringify(STAGES), '[]'] },
        {
          name: 'incorrect_stages',
          type: 'string',
          values: [
            JSON.stringify([{ stage_id: 2, incorrect_step_ids: [12], unuseful_step_ids: [11] }]),
            '[]',
          ],
        },
      ]),
    );
    const g = await loadGold([file]);
    expect(g.warnings).toEqual([]);
    expect(
      g.items.map((x) => [x.id, x.incorrect, x.unuseful, x.stages?.length ?? 0, x.incorrectStageIds]),
    ).toEqual([
      ['run-a', [12], [11], 3, [2]],
      ['run-b', [], [], 0, []],
    ]);
  });

  it('a truncated parquet file is a one-line warning', async () => {
    const d = tmp();
    const good = writeTinyParquet([{ name: 'traj_id', type: 'string', values: ['x'] }]);
    const file = path.join(d, 'cut.parquet');
    writeFileSync(file, Buffer.concat([good.subarray(0, 10), good.subarray(good.length - 8)]));
    const g = await loadGold([file]);
    expect(g.items).toEqual([]);
    expect(g.warnings).toHaveLength(1);
    expect(g.warnings[0]).toMatch(/cut\.parquet: cannot read parquet: .* \(no gold read from it\)$/);
  });
});
