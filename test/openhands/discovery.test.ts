// Discovery over OpenHands layouts: the trial dir is the run (not its sessions/ folder), output.jsonl
// gives one run per line.
import { copyFileSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, expect, it } from 'vitest';
import { discoverAll } from '../../src/core/discovery/index.js';
import { buildTrial, readSteps } from './ctb-layout.js';

const fixtures = path.join(import.meta.dirname, '..', 'fixtures', 'openhands');
const tmp = mkdtempSync(path.join(tmpdir(), 'ct-openhands-disc-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

it('finds trial dirs, flat-session trials and every output.jsonl line', async () => {
  const job = path.join(tmp, 'job');
  // results.json here is SYNTHETIC (the verdict the harness would write).
  buildTrial(job, readSteps(path.join(fixtures, 'ctb', '0a4d7803', 'steps.json')), { is_resolved: true });
  buildTrial(job, readSteps(path.join(fixtures, 'ctb', 'ea068f9e', 'steps.json')), { is_resolved: false });
  mkdirSync(path.join(tmp, 'flat', 'trial-9', 'sessions'), { recursive: true });
  copyFileSync(
    path.join(fixtures, 'runtime_trajs', 'basic_gui_mode.json'),
    path.join(tmp, 'flat', 'trial-9', 'sessions', 'conversation.json'),
  );
  mkdirSync(path.join(tmp, 'eval'));
  copyFileSync(
    path.join(fixtures, 'multi_swe_bench_examples', 'output.jsonl'),
    path.join(tmp, 'eval', 'output.jsonl'),
  );
  const { runs, problems } = await discoverAll([tmp], {});
  expect(problems).toEqual([]);
  const rel = runs.map((r) => [path.relative(tmp, r.path), r.format, r.steps, r.verdict]);
  expect(rel).toEqual([
    ['eval/output.jsonl#1', 'openhands', 23, null],
    ['eval/output.jsonl#2', 'openhands', 33, null],
    ['eval/output.jsonl#3', 'openhands', 49, null],
    ['flat/trial-9', 'openhands', 4, null],
    ['job/build-pmars.1-of-1.2025-12-31__16-48-08', 'openhands', 28, true],
    ['job/overfull-hbox.1-of-1.2025-12-19__15-00-20', 'openhands', 6, false],
  ]);
});
