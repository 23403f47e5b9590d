// analyze (heuristic, offline) writes predictions; eval scores them against real gold.
import { describe, expect, it } from 'vitest';
import { existsSync, mkdtempSync, readFileSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { runInProcess } from '../helpers/cli.js';

const repo = path.resolve(import.meta.dirname, '../..');
const LOCAL_WW = path.join(repo, 'test/fixtures/whowhen');
const SHARED_WW = path.resolve(repo, '../shared/fixtures/whowhen');
const WHOWHEN = existsSync(LOCAL_WW) ? LOCAL_WW : SHARED_WW;
const CTB_NAME =
  'miniswe-Anthropic__Claude-Sonnet-4-20250514-Thinking-add-benchmark-lm-eval-harness-54ac67f0';
const CTB_RUN = path.join(repo, 'examples/codetracebench', CTB_NAME);
const MANIFEST = path.join(repo, 'test/fixtures/eval/codetracebench-54ac67f0.jsonl');

const cli = (args: string[], cwd: string) =>
  runInProcess(args, cwd, { XDG_CACHE_HOME: path.join(cwd, '.cache-home') });

const runFiles = (dir: string): string[] =>
  readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory()
      ? runFiles(path.join(dir, e.name))
      : e.name.endsWith('.json')
        ? [path.join(dir, e.name)]
        : [],
  );

/** First incorrect step id in a tracebench file, or null. */
function firstIncorrect(file: string): number | null {
  const ids = (JSON.parse(readFileSync(file, 'utf8')) as { incorrect_step_ids: number[] }[]).flatMap(
    (e) => e.incorrect_step_ids,
  );
  return ids.length ? Math.min(...ids) : null;
}

describe.skipIf(!existsSync(WHOWHEN))('eval on Who&When after analyze', () => {
  it('scores every run; step accuracy agrees with the written labels and the annotations', async () => {
    const work = mkdtempSync(path.join(tmpdir(), 'ct-evalint-'));
    const files = runFiles(WHOWHEN).sort();
    expect(files.length).toBe(4);
    for (const f of files) {
      const r = await cli(['analyze', f, '-o', 'preds', '-p', 'tracebench'], work);
      expect(r.code, r.stderr).toBe(0);
    }
    const r = await cli(['eval', '--gold', WHOWHEN, '--pred', 'preds', '--json', '--tolerance', '2'], work);
    expect(r.code).toBe(0);
    const rep = JSON.parse(r.stdout);
    expect(rep.missing).toEqual([]);
    expect(rep.invalid).toEqual([]);
    expect(rep.unknown).toEqual([]);
    expect(rep.diagnosers).toEqual(['heuristic']);
    expect(rep.runs.map((x: { id: string }) => x.id).sort()).toEqual([
      'Algorithm-Generated/1',
      'Algorithm-Generated/47',
      'Hand-Crafted/1',
      'Hand-Crafted/30',
    ]);
    // Recompute from the files: Who&When mistake_step is 0-based, our step ids 1-based.
    let exact = 0;
    let near = 0;
    for (const run of rep.runs) {
      const gold = JSON.parse(readFileSync(path.join(WHOWHEN, `${run.id}.json`), 'utf8'));
      const goldStep = Number(gold.mistake_step) + 1;
      const pred = firstIncorrect(
        path.join(work, 'preds', run.id.replace('/', '_'), 'codetracer_labels.json'),
      );
      expect(run.whowhen.gold).toBe(goldStep);
      expect(run.whowhen.pred).toBe(pred);
      if (pred === goldStep) exact++;
      if (pred !== null && Math.abs(pred - goldStep) <= 2) near++;
    }
    expect(rep.whowhen.n).toBe(4);
    expect(rep.whowhen.stepAccuracy).toBe(exact / 4);
    expect(rep.whowhen.nearAccuracy).toBe(near / 4);
    expect(rep.whowhen.tolerance).toBe(2);
    expect(rep.unuseful).toBeNull();

    const table = await cli(['eval', '--gold', WHOWHEN, '--pred', 'preds'], work);
    expect(table.stdout).toContain(
      'Evaluated 4 run(s) (4 Who&When); predictions: 4 read, 0 missing, 0 unreadable; diagnoser: heuristic',
    );
    expect(table.stdout).toMatch(/^Who&When  step accuracy \d\.\d{3}; within ±3: /m);
  });
});

describe('eval on the public CodeTraceBench label after analyze', () => {
  it('matches the run by traj id and scores its predicted incorrect steps against step 38', async () => {
    const work = mkdtempSync(path.join(tmpdir(), 'ct-evalint-'));
    expect((await cli(['analyze', CTB_RUN, '-o', 'preds'], work)).code).toBe(0);
    const predIds = (
      JSON.parse(readFileSync(path.join(work, 'preds', CTB_NAME, 'codetracer_labels.json'), 'utf8')) as {
        incorrect_step_ids: number[];
      }[]
    ).flatMap((e) => e.incorrect_step_ids);
    const r = await cli(['eval', '--gold', MANIFEST, '--pred', 'preds', '--json'], work);
    expect(r.code).toBe(0);
    const rep = JSON.parse(r.stdout);
    expect(rep.missing).toEqual([]);
    expect(rep.runs).toHaveLength(1);
    const run = rep.runs[0];
    expect(run).toMatchObject({
      id: CTB_NAME,
      status: 'ok',
      diagnoser: 'heuristic',
      gold: { incorrect: [38] },
    });
    expect(run.pred.incorrect).toEqual([...predIds].sort((a, b) => a - b));
    const tp = predIds.includes(38) ? 1 : 0;
    expect(run.incorrect).toMatchObject({ tp, pred: predIds.length, gold: 1 });
    expect(rep.incorrect.official.micro.recall).toBe(tp);
    expect(rep.incorrect.official.micro.precision).toBe(predIds.length ? tp / predIds.length : 0);
  });
});
