// --export-prompt (and the default without an environment): the corrective context as markdown and
// JSON, nothing executed, no LLM call. Plus the checkpoint's choices and the usage errors.
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { openRun } from '../../src/core/formats/open.js';
import { autoBreakpoint, stepIdsIn } from '../../src/core/replay/breakpoint.js';
import { restorePlan } from '../../src/core/replay/plan.js';
import { exportPaths } from '../../src/core/replay/export.js';
import { replayHarnessPerTest, snapshot } from './setup.js';

const startHarness = replayHarnessPerTest();

describe('replay --export-prompt', () => {
  it('writes FILE.md and FILE.json and runs nothing', async () => {
    const h = await startHarness([]);
    const before = snapshot(h.run);
    const file = path.join(h.tmp, 'out', 'prompt');
    const r = await h.cli(['replay', h.run, '--auto', '--diagnosis', h.diag, '--export-prompt', file]);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout).toContain(`wrote ${file}.md`);
    expect(r.stdout).toContain('nothing executed');
    expect(h.server.requests).toHaveLength(0);
    const md = readFileSync(`${file}.md`, 'utf8');
    expect(md).toContain('# Replay of fix-greet from step 5');
    expect(md).toContain('Bump VERSION to 1.1');
    expect(md).toContain('- step 3: replace /testbed/VERSION');
    expect(md).toContain('- step 4: mkdir -p /testbed/build');
    expect(md).toContain('Replace "Helo" with "Hello" in greet.sh');
    const json = JSON.parse(readFileSync(`${file}.json`, 'utf8'));
    expect(json.breakpoint.step).toBe(5);
    expect(json.restore.edits).toEqual([
      { step_id: 3, path: '/testbed/VERSION', kind: 'replace', oldText: '1.0', newText: '1.1' },
    ]);
    expect(json.restore.commands_not_restored).toEqual([
      { step_id: 4, command: 'mkdir -p /testbed/build && touch /testbed/build/stamp' },
    ]);
    expect(json.diagnosis.labels).toEqual([expect.objectContaining({ step_id: 5, verdict: 'incorrect' })]);
    expect(snapshot(h.run)).toEqual(before);
  });

  it('is the default without an environment, next to the run; finds the diagnosis analyze wrote', async () => {
    const h = await startHarness([]);
    const a = await h.cli(['analyze', '--offline', h.run]);
    expect(a.code).toBe(0);
    const r = await h.cli(['replay', h.run, '--step', '5']);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain(`diagnosis: ${path.join(h.run, 'codetracer')}`);
    const sib = readdirSync(path.dirname(h.run)).filter((n) => n.startsWith('fix-greet.replay-step5-'));
    expect(sib).toHaveLength(1);
    expect(existsSync(path.join(path.dirname(h.run), sib[0], 'replay_prompt.md'))).toBe(true);
    expect(h.server.requests).toHaveLength(0);
  });

  it('one-line usage errors (exit 2)', async () => {
    const h = await startHarness([]);
    for (const [args, msg] of [
      [[], 'give --step N or --auto'],
      [['--step', '99'], 'step 99 is not in the run (steps 1..7)'],
      [['--step', '5', '--repo', h.repo], '--repo and --commit go together'],
      [['--step', '5', '--auto'], 'give either --step N or --auto'],
      [['--step', '5', '--workdir', h.run], 'overlap'],
    ] as [string[], string][]) {
      const r = await h.cli(['replay', h.run, ...args]);
      expect(r.code, args.join(' ')).toBe(2);
      expect(r.stderr.trim().split('\n')).toHaveLength(1);
      expect(r.stderr).toContain(msg);
    }
  });
});

describe('checkpoint', () => {
  it('auto breakpoint: the earliest incorrect step the root-cause chain names, else the first incorrect', () => {
    expect(stepIdsIn('Step 12 failed after steps 4-5')).toEqual([12, 4]);
    const labels = [
      { stepId: 3, verdict: 'incorrect' as const, reasoning: '' },
      { stepId: 7, verdict: 'incorrect' as const, reasoning: '' },
      { stepId: 9, verdict: 'incorrect' as const, reasoning: '' },
    ];
    expect(
      autoBreakpoint({
        diagnoser: 'x',
        labels,
        stages: [],
        rootCauseChain: ['step 9 broke', 'caused at step 7'],
      })?.step,
    ).toBe(7);
    expect(autoBreakpoint({ diagnoser: 'x', labels, stages: [] })?.step).toBe(3);
    expect(autoBreakpoint({ diagnoser: 'x', labels: [], stages: [] })).toBeNull();
  });

  it('restore plan: edits with old/new text before the breakpoint, state-changing commands listed', async () => {
    const h = await startHarness([]);
    const [t] = await openRun(h.run);
    const p = restorePlan(t.steps, 5);
    expect(p.edits.map((e) => [e.stepId, e.edit.kind, e.edit.path])).toEqual([
      [3, 'replace', '/testbed/VERSION'],
    ]);
    expect(p.commands.map((c) => c.stepId)).toEqual([4]);
    expect(restorePlan(t.steps, 3)).toEqual({ edits: [], commands: [] });
    expect(exportPaths('/a/b.json')).toEqual({ md: '/a/b.md', json: '/a/b.json' });
  });
});
