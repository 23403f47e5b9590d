// The diagnoser's tools on a real run: confinement of read_file, the regex guard, paging, viewing rules.
import { mkdirSync, symlinkSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { makeContext, type ToolContext } from '../../src/core/diagnosis/llm/context.js';
import { RunState } from '../../src/core/diagnosis/llm/state.js';
import { readFileTool } from '../../src/core/diagnosis/llm/tools/read_file.js';
import { searchTool, timeBoxedSearch } from '../../src/core/diagnosis/llm/tools/search.js';
import { viewStepTool } from '../../src/core/diagnosis/llm/tools/view_step.js';
import { viewStageTool } from '../../src/core/diagnosis/llm/tools/view_stage.js';
import { listStepsTool } from '../../src/core/diagnosis/llm/tools/list_steps.js';
import { recordLabelTool } from '../../src/core/diagnosis/llm/tools/record_label.js';
import { treeView } from '../../src/core/diagnosis/llm/tree-adapter.js';
import { harness, type Harness } from './setup.js';

let h: Harness;
let ctx: ToolContext;

beforeEach(async () => {
  h = await harness({});
  const tv = treeView(h.traj);
  ctx = makeContext({
    traj: h.traj,
    kindOf: tv.kindOf,
    stages: tv.stages,
    treeMd: tv.treeMd,
    location: h.location,
    state: new RunState(),
    pageChars: 400,
  });
});
afterEach(async () => {
  await h.close();
});

describe('read_file', () => {
  it('reads a file of the run directory, paged', async () => {
    const r = await readFileTool.run({ path: 'task.md' }, ctx);
    expect(r.ok).toBe(true);
    expect(r.content).toContain('overfull hbox');
    const big = await readFileTool.run({ path: 'steps.json', page: 2 }, ctx);
    expect(big.ok).toBe(true);
    expect(big.content).toMatch(/\[page 2 of \d+; call read_file/);
    expect((await readFileTool.run({ path: '.' }, ctx)).content).toContain('steps.json');
  });

  it('refuses paths outside the run: "..", absolute, and a symlink pointing out', async () => {
    writeFileSync(path.join(h.tmp, 'secret.txt'), 'outside');
    symlinkSync(path.join(h.tmp, 'secret.txt'), path.join(h.runDir, 'link.txt'));
    mkdirSync(path.join(h.runDir, 'sub'));
    symlinkSync(h.tmp, path.join(h.runDir, 'sub', 'up'));
    const cases: [string, RegExp][] = [
      ['../secret.txt', /leaves the run directory/],
      ['sub/../../secret.txt', /leaves the run directory/],
      [path.join(h.tmp, 'secret.txt'), /absolute/],
      ['/etc/passwd', /absolute/],
      ['link.txt', /resolves outside the run directory/],
      ['sub/up/secret.txt', /resolves outside the run directory/],
      ['nope.txt', /no such file/],
    ];
    for (const [p, why] of cases) {
      const r = await readFileTool.run({ path: p }, ctx);
      expect(r.ok, p).toBe(false);
      expect(r.content, p).toMatch(why);
      expect(r.content).not.toContain('outside\n');
    }
  });

  it('refuses earlier diagnosis outputs and annotation files', async () => {
    writeFileSync(path.join(h.runDir, 'codetracer_labels.json'), '[]');
    writeFileSync(path.join(h.runDir, 'step_3.jsonl'), '{}');
    for (const p of ['codetracer_labels.json', 'step_3.jsonl']) {
      const r = await readFileTool.run({ path: p }, ctx);
      expect(r.ok).toBe(false);
      expect(r.content).toMatch(/not available to the diagnoser/);
    }
  });
});

describe('search', () => {
  it('finds regex matches with context, bounded', () => {
    const r = searchTool.run({ pattern: 'overfull\\s+\\\\hbox|Overfull' }, ctx) as {
      ok: boolean;
      content: string;
    };
    expect(r.ok).toBe(true);
    expect(r.content).toMatch(/\[\d+\] observation: .*Overfull/);
  });

  it('stops a catastrophic pattern by time and says how to fix it', () => {
    const t0 = Date.now();
    expect(() => timeBoxedSearch('(a+)+$', '', ['a'.repeat(40) + '!'], 5, 100)).toThrow('timeout');
    expect(Date.now() - t0).toBeLessThan(2000);
    const big = {
      ...ctx,
      traj: { ...ctx.traj, steps: [{ ...ctx.traj.steps[0], observation: 'a'.repeat(5000) + '!' }] },
    };
    const r = searchTool.run({ pattern: '(a|aa)+$' }, big as ToolContext) as { ok: boolean; content: string };
    expect(r.ok).toBe(false);
    expect(r.content).toMatch(/took too long/);
  });

  it('rejects invalid and over-long patterns', () => {
    expect((searchTool.run({ pattern: '(' }, ctx) as { content: string }).content).toMatch(
      /invalid regular expression/,
    );
    expect((searchTool.run({ pattern: 'x'.repeat(201) }, ctx) as { content: string }).content).toMatch(
      /limit is 200/,
    );
  });
});

describe('viewing and labelling', () => {
  it('view_step pages long steps and marks the step viewed; record_label then accepts it', () => {
    expect(ctx.state.viewed.has(2)).toBe(false);
    const p1 = viewStepTool.run({ step_id: 2 }, ctx) as { content: string };
    expect(p1.content).toMatch(/^Step 2 · /);
    expect(p1.content).toMatch(/\[page 1 of \d+; call view_step step_id=2 with page=2/);
    const p2 = viewStepTool.run({ step_id: 2, page: 2 }, ctx) as { content: string };
    expect(p2.content).toMatch(/^Step 2 \(continued\)/);
    expect(ctx.state.viewed.has(2)).toBe(true);
    const ok = recordLabelTool.run(
      { step_id: 2, verdict: 'incorrect', reasoning: 'compiled too early' },
      ctx,
    ) as { ok: boolean };
    expect(ok.ok).toBe(true);
    expect(ctx.state.labels.get(2)?.verdict).toBe('incorrect');
  });

  it('record_label checks the stage a step is said to be in', () => {
    viewStageTool.run({ stage_id: 1 }, ctx);
    expect([...ctx.state.viewed].sort()).toEqual([1, 2, 3, 4]);
    const r = recordLabelTool.run({ step_id: 3, verdict: 'unuseful', reasoning: 'x', stage_id: 2 }, ctx) as {
      ok: boolean;
      content: string;
    };
    expect(r.ok).toBe(false);
    expect(r.content).toMatch(/not in stage 2/);
  });

  it('list_steps filters and does not count as viewing', () => {
    const r = listStepsTool.run({ text: 'pdflatex' }, ctx) as { content: string };
    expect(r.content).toMatch(/\[2\] /);
    expect(ctx.state.viewed.size).toBe(0);
  });
});
