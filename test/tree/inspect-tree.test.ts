import { describe, expect, it } from 'vitest';
import { main } from '../../src/cli/main.js';
import type { CliIO } from '../../src/cli/context.js';
import { openRun } from '../../src/core/formats/open.js';
import { buildTree, renderTreeMd, segmentStages } from '../../src/core/tree/index.js';

async function cli(args: string[]): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const io: CliIO = {
    stdout: (s) => void (out += s),
    stderr: (s) => void (err += s),
    isTTY: false,
    env: {},
    cwd: process.cwd(),
  };
  const code = await main(args, io);
  return { code, out, err };
}

const SWE = 'examples/swe-agent/pydicom__pydicom-1458.traj';

describe('codetracer inspect --tree', () => {
  it('prints the tree.md text of the run', async () => {
    const r = await cli(['inspect', SWE, '--tree']);
    expect(r.code).toBe(0);
    const [t] = await openRun(SWE);
    expect(r.out).toBe(renderTreeMd(buildTree(t)));
    expect(
      r.out.startsWith('root\n└── [1] create reproduce_bug.py (change)\n    ├── [2] edit 1:1 (change)\n'),
    ).toBe(true);
    expect(r.out.split('\n')).toHaveLength(t.steps.length + 2);
  });

  it('with --json adds the tree text and the stages', async () => {
    const r = await cli(['inspect', SWE, '--tree', '--json']);
    expect(r.code).toBe(0);
    const j = JSON.parse(r.out);
    const [t] = await openRun(SWE);
    expect(j.tree).toBe(renderTreeMd(buildTree(t)));
    expect(j.stages).toEqual(
      segmentStages(t).map((s) => ({
        stage_id: s.id,
        start_step_id: s.start,
        end_step_id: s.end,
        label: s.label,
      })),
    );
    expect(j.steps).toHaveLength(t.steps.length);
  });

  it('leaves plain inspect unchanged', async () => {
    const r = await cli(['inspect', SWE, '--json']);
    const j = JSON.parse(r.out);
    expect(j.tree).toBeUndefined();
    expect(j.step_count).toBe(12);
    const text = await cli(['inspect', SWE, '--step', '3']);
    expect(text.out).toContain('── Step 3');
    expect(text.out).not.toContain('root\n');
  });

  it('prints one tree per run of a multi-run file', async () => {
    const r = await cli([
      'inspect',
      'test/fixtures/openhands/multi_swe_bench_examples/output.jsonl',
      '--tree',
    ]);
    expect(r.code).toBe(0);
    const headers = r.out.split('\n').filter((l) => l.startsWith('== Run '));
    expect(headers.length).toBeGreaterThan(1);
    expect(r.out.split('\n').filter((l) => l === 'root')).toHaveLength(headers.length);
  });
});
