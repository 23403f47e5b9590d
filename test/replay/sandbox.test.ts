// The replay agent's shell on the host runs in bubblewrap: the root is read-only, only the workdir is
// writable, the trajectory folder cannot be written, there is no network; the fix itself works.
// Without bwrap, host replay refuses unless --unsafe-host.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, symlinkSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { openRun } from '../../src/core/formats/open.js';
import { callTool } from '../helpers/scripted-llm-server.js';
import {
  HAS_BWRAP,
  KEY,
  autoFromDiagnosis,
  copyProject,
  fakeCommandBin,
  fixingAgent,
  inWorktree,
  replayCli,
  replayHarnessPerTest,
  replaysDir,
  snapshot,
  type ReplayHarness,
} from './setup.js';

const startHarness = replayHarnessPerTest();

/** The tool result the agent got for its n-th call (1-based), from the request that followed it. */
function toolResult(h: ReplayHarness, n: number): string {
  const msgs = h.server.chatRequests[n].body.messages as { role: string; content: string }[];
  return msgs.filter((m) => m.role === 'tool').at(-1)!.content;
}

describe.skipIf(!HAS_BWRAP)('host sandbox', () => {
  it('blocks writes outside the workdir, into the trajectory folder and the network; the fix succeeds', async () => {
    const h = await startHarness([]);
    const port = () => new URL(h.server.url).port;
    const target = path.join(h.run, 'agent', 'hacked.txt');
    h.server.push(
      callTool('shell', { command: 'cd / && touch x' }),
      callTool('shell', { command: `echo pwned > ${target}` }),
      callTool('shell', { command: `bash -c 'echo hi > /dev/tcp/127.0.0.1/${port()}' && echo connected` }),
      callTool('shell', {
        command: `python3 -c "import socket; socket.create_connection(('127.0.0.1', ${port()}), 2); print('connected')"`,
      }),
      ...fixingAgent().slice(1),
    );
    const workdir = copyProject(h, 'scratch');
    const runBefore = snapshot(h.run);
    const requestsBefore = () => h.server.requests.length;
    const r = await replayCli(h, [...autoFromDiagnosis(h), '--workdir', workdir, '--verify', 'sh test.sh']);
    expect(r.stderr).not.toMatch(/internal error/);
    expect(r.code).toBe(0);
    expect(toolResult(h, 1)).toMatch(/^\[exit code [1-9]/);
    expect(toolResult(h, 1)).toMatch(/Read-only file system/);
    expect(existsSync('/x')).toBe(false);
    expect(toolResult(h, 2)).toMatch(/^\[exit code [1-9]/);
    expect(existsSync(target)).toBe(false);
    expect(toolResult(h, 3)).toMatch(/^\[exit code [1-9]/);
    expect(toolResult(h, 3)).not.toContain('connected');
    expect(toolResult(h, 4)).toMatch(/^\[exit code [1-9]/);
    expect(toolResult(h, 4)).not.toMatch(/^connected$/m);
    // Only the agent's own LLM calls reached the server: 6 turns.
    expect(requestsBefore()).toBe(6);
    expect(toolResult(h, 5)).toMatch(/^\[exit code 0\]/);
    expect(r.stdout).toMatch(/^success: verify passed/m);
    // The workdir got the fix and the re-applied edit; the run folder is unchanged.
    expect(readFileSync(path.join(workdir, 'greet.sh'), 'utf8')).toContain('Hello, world');
    expect(readFileSync(path.join(workdir, 'VERSION'), 'utf8')).toBe('1.1\n');
    expect(snapshot(h.run)).toEqual(runBefore);
  });

  it("gives commands none of the caller's secrets", async () => {
    const h = await startHarness([
      callTool('shell', { command: 'env' }),
      // A model that puts the key into a command: what runs (and is recorded) has it redacted.
      callTool('shell', { command: `echo ${KEY} > leak.txt` }),
      callTool('finish', { summary: 'x' }),
    ]);
    const workdir = copyProject(h, 'scratch');
    const r = await replayCli(h, ['--step', '5', '--workdir', workdir]);
    expect(r.code).toBe(0);
    expect(toolResult(h, 1)).toContain('PATH=');
    expect(toolResult(h, 1)).not.toContain('CODETRACER_API');
    expect(readFileSync(path.join(workdir, 'leak.txt'), 'utf8')).toBe('[REDACTED]\n');
    const recorded = /recorded (\S+)/.exec(r.stdout)![1];
    expect(readFileSync(recorded, 'utf8')).not.toContain(KEY);
  });
});

describe.skipIf(!HAS_BWRAP)('replay limits', () => {
  it('a command past --command-timeout is killed; the cost limit ends the replay as limits_exceeded', async () => {
    const h = await startHarness([
      callTool('shell', { command: 'sleep 20; echo woke' }),
      callTool('shell', { command: 'ls' }),
    ]);
    const t0 = Date.now();
    const r = await replayCli(h, [
      '--step',
      '5',
      '--workdir',
      copyProject(h, 'scratch'),
      '--command-timeout',
      '1',
      '--cost-limit',
      '0.0000001',
    ]);
    expect(Date.now() - t0).toBeLessThan(15_000);
    // The limit stopped the replay before another call: the result is in the recorded run.
    const recorded = /recorded (\S+)/.exec(r.stdout)![1];
    const [t] = await openRun(recorded);
    const shell = t.steps.find((st) => st.action.includes('sleep 20'))!;
    expect(shell.observation).toMatch(/^\[timed out after 1 s \(killed\)\]/);
    expect(shell.observation).not.toContain('woke');
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/^limits_exceeded: cost limit reached/m);
    expect(h.server.chatRequests).toHaveLength(1);
  });
});

describe('a bwrap that cannot build the sandbox', () => {
  it('refuses in one line before the agent starts, and removes the worktree', async () => {
    const h = await startHarness(fixingAgent());
    const bin = fakeCommandBin(
      h,
      'broken-bwrap-bin',
      'bwrap',
      '#!/bin/sh\necho "bwrap: No permissions to create new namespace" >&2\nexit 1\n',
    );
    const before = snapshot(h.repo);
    const r = await replayCli(h, ['--step', '5', ...inWorktree(h)], { PATH: `${bin}:${process.env.PATH}` });
    expect(r.code).toBe(2);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stderr).toContain('the bubblewrap sandbox does not work here (bwrap: No permissions');
    expect(h.server.chatRequests).toHaveLength(0);
    expect(existsSync(replaysDir(h))).toBe(false);
    expect(snapshot(h.repo)).toEqual(before);
  });
});

describe('without bwrap', () => {
  it('host replay refuses with one line unless --unsafe-host', async () => {
    const h = await startHarness(fixingAgent());
    const workdir = copyProject(h, 'scratch');
    // A PATH with the usual tools but no bwrap.
    const bin = path.join(h.tmp, 'bin-without-bwrap');
    mkdirSync(bin);
    for (const t of ['sh', 'cat', 'sed', 'ls'])
      symlinkSync(
        execFileSync('sh', ['-c', `command -v ${t}`], { encoding: 'utf8' }).trim(),
        path.join(bin, t),
      );
    const noBwrap = { PATH: bin };
    const flags = ['--step', '5', '--workdir', workdir];
    const r = await replayCli(h, flags, noBwrap);
    expect(r.code).toBe(2);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stderr).toContain('bwrap (bubblewrap) not found');
    expect(h.server.chatRequests).toHaveLength(0);
    expect(readFileSync(path.join(workdir, 'VERSION'), 'utf8')).toBe('1.0\n');

    const u = await replayCli(h, [...flags, '--unsafe-host', '--verify', 'sh test.sh'], noBwrap);
    expect(u.stderr).not.toMatch(/internal error/);
    expect(u.stdout).toContain('UNSANDBOXED host shell (--unsafe-host)');
    expect(u.stdout).toMatch(/^success/m);
  });
});
