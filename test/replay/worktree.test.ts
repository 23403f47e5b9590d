// End to end: `codetracer replay --repo --commit` in a fresh worktree with the scripted replay agent;
// --verify decides the status; the user's checkout and the trajectory folder stay byte-for-byte unchanged.
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { openRun } from '../../src/core/formats/open.js';
import { callTool } from '../helpers/scripted-llm-server.js';
import {
  HAS_BWRAP,
  KEY,
  autoFromDiagnosis,
  fixingAgent,
  inWorktree,
  replayCli,
  replayHarnessPerTest,
  replaysDir,
  snapshot,
} from './setup.js';

const startHarness = replayHarnessPerTest();

const worktreesLeft = (repo: string) =>
  existsSync(path.join(repo, '.git', 'worktrees')) ? readdirSync(path.join(repo, '.git', 'worktrees')) : [];

describe.skipIf(!HAS_BWRAP)('replay in a git worktree', () => {
  it('re-applies the earlier edits, lets the agent fix the bug, and verify makes it a success', async () => {
    // The agent first looks at git (read-only inside the sandbox), then fixes the bug.
    const h = await startHarness([
      callTool('shell', { command: 'git status --short && git diff' }),
      ...fixingAgent(),
    ]);
    const repoBefore = snapshot(h.repo);
    const runBefore = snapshot(h.run);
    const out = replaysDir(h);
    const r = await replayCli(h, [...autoFromDiagnosis(h), ...inWorktree(h), '--verify', 'sh test.sh']);
    expect(r.stderr).not.toMatch(/internal error/);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('breakpoint: step 5 (the earliest incorrect step of the root-cause chain');
    expect(r.stdout).toMatch(/restore step 3: replace \/testbed\/VERSION: ok/);
    // Step 4's mkdir cannot be re-created; without a TTY or --yes it is listed, not run.
    expect(r.stdout).toContain('step 4: mkdir -p /testbed/build && touch /testbed/build/stamp');
    expect(r.stdout).toContain('not run (pass --yes to run them)');
    expect(r.stdout).toMatch(/^success: verify passed: sh test.sh/m);

    // The agent ran in the worktree at the base commit, after the edit of step 3 was re-applied.
    const gitOut = h.server.chatRequests[1].body.messages.at(-1).content as string;
    expect(gitOut).toMatch(/^\[exit code 0\]\n M VERSION\n/);
    expect(gitOut).toContain('+1.1');
    expect(gitOut).not.toContain('LATER.txt');
    const tool = h.server.chatRequests[2].body.messages.at(-1).content as string;
    expect(tool).toContain('1.1');
    expect(tool).toContain('Helo, world');
    const system = h.server.chatRequests[0].body.messages[0].content as string;
    expect(system).toContain('Replace "Helo" with "Hello" in greet.sh');
    expect(system).toContain('Step 5 was incorrect');
    expect(JSON.stringify(h.server.chatRequests.map((q) => q.body))).not.toContain(KEY);

    // Untouched: the user's checkout (files, .git) and the trajectory folder.
    expect(snapshot(h.repo)).toEqual(repoBefore);
    expect(snapshot(h.run)).toEqual(runBefore);
    expect(worktreesLeft(h.repo)).toEqual([]);

    // The recorded replay opens like any run, linked to its origin.
    const dirs = readdirSync(out);
    expect(dirs).toHaveLength(1);
    expect(dirs[0]).toMatch(/^fix-greet\.replay-step5-\d{8}T\d{6}Z$/);
    const file = path.join(out, dirs[0], 'agent', 'trajectory.json');
    expect(r.stdout).toContain(`recorded ${file}`);
    const [t] = await openRun(path.join(out, dirs[0]));
    expect(t.format).toBe('atif');
    expect(t.verdict.solved).toBe(true);
    expect(t.metadata.continuedTrajectoryRef).toBe(h.run);
    expect(t.metadata.replay).toMatchObject({ origin: h.run, breakpoint_step: 5, status: 'success' });
    expect(t.task).toContain('Bump VERSION to 1.1');
    // 4 copied steps, the checkpoint, 4 agent turns, the verification.
    expect(t.steps).toHaveLength(10);
    expect(t.steps[8].action).toContain('finish');
    for (const text of [readFileSync(file, 'utf8'), r.stdout, r.stderr]) expect(text).not.toContain(KEY);

    const discover = await h.cli(['discover', out]);
    expect(discover.code).toBe(0);
    expect(discover.stdout).toContain(dirs[0]);
    const inspect = await h.cli(['inspect', path.join(out, dirs[0])]);
    expect(inspect.code).toBe(0);
    // The header links the replay to its origin and breakpoint.
    expect(inspect.stdout).toMatch(/^ {2}replay {3}of \S+ from step 5: success$/m);
    const analyze = await h.cli([
      'analyze',
      '--offline',
      path.join(out, dirs[0]),
      '-o',
      path.join(h.tmp, 'an'),
    ]);
    expect(analyze.code).toBe(0);
    expect(analyze.stdout).toMatch(/of 10 steps/);
  });

  it('is failed when the verify command fails', async () => {
    const h = await startHarness([callTool('finish', { summary: 'nothing to do' })]);
    const r = await replayCli(h, [
      '--step',
      '5',
      '--diagnosis',
      h.diag,
      ...inWorktree(h),
      '--verify',
      'sh test.sh',
    ]);
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/^failed: verify failed \(exit 1\): sh test.sh/m);
    expect(worktreesLeft(h.repo)).toEqual([]);
  });

  it('is limits_exceeded when the agent uses up --max-steps; --keep leaves the worktree', async () => {
    const h = await startHarness([
      callTool('shell', { command: 'ls' }),
      callTool('shell', { command: 'ls' }),
    ]);
    const r = await replayCli(h, ['--step', '5', ...inWorktree(h), '--max-steps', '2', '--keep']);
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/^limits_exceeded: step limit reached \(2 steps\)/m);
    const kept = /worktree kept at (\S+)/.exec(r.stdout)?.[1];
    expect(kept && existsSync(path.join(kept, 'greet.sh'))).toBe(true);
  });

  it('run --replay chains the diagnosis and the replay', async () => {
    const h = await startHarness(fixingAgent());
    const d = path.join(h.tmp, 'diagnoses');
    const r = await h.cli([
      'run',
      h.run,
      '--offline',
      '-o',
      d,
      '--replay',
      '--step',
      '5',
      ...inWorktree(h),
      '--verify',
      'sh test.sh',
      '--output',
      replaysDir(h),
    ]);
    expect(r.stderr).not.toMatch(/internal error/);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('--offline: using the heuristic diagnoser');
    expect(r.stdout).toContain(`diagnosis: ${path.join(d, 'fix-greet')}`);
    expect(r.stdout).toMatch(/^success: verify passed/m);
  });

  it('is unverified without --verify', async () => {
    const h = await startHarness(fixingAgent());
    const r = await replayCli(h, [...autoFromDiagnosis(h), ...inWorktree(h)]);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^unverified: no --verify command given/m);
  });
});
