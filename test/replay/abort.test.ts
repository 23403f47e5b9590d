// Aborting a replay (Ctrl-C in the CLI, the abort key in the TUI) kills the running command, skips the
// verification and still records what happened, with the status "aborted".
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { resolveConfig } from '../../src/core/config/resolve.js';
import { locate, openRun } from '../../src/core/formats/open.js';
import { connectLlm } from '../../src/core/llm/connect.js';
import { replayRun } from '../../src/core/replay/index.js';
import { callTool } from '../helpers/scripted-llm-server.js';
import { HAS_BWRAP, KEY, replayHarnessPerTest } from './setup.js';

const startHarness = replayHarnessPerTest();

describe.skipIf(!HAS_BWRAP)('replay abort', () => {
  it('kills the running command and records an aborted replay', async () => {
    const h = await startHarness([callTool('shell', { command: 'sleep 30' })]);
    const [traj] = await openRun(h.run);
    const loc = await locate(h.run);
    const cfg = await resolveConfig({
      flags: { apiBase: h.server.url, apiKey: KEY, model: 'gpt-4.1-mini' },
      env: {},
      confCwd: false,
    });
    const ctrl = new AbortController();
    const t0 = Date.now();
    const r = await replayRun({
      traj,
      address: h.run,
      place: { fsPath: h.run, kind: loc.kind, address: h.run, trajId: traj.id, multi: false },
      step: 5,
      environment: { repo: h.repo, commit: h.base },
      verify: 'sh test.sh',
      maxSteps: 5,
      commandTimeoutMs: 60_000,
      restore: true,
      confirm: async () => false,
      connect: () => connectLlm(cfg),
      cfg,
      output: path.join(h.tmp, 'replays'),
      cwd: h.tmp,
      env: { ...process.env, ...h.env },
      signal: ctrl.signal,
      version: 'test',
      emit: (e) => {
        if (e.type === 'tool_call') setTimeout(() => ctrl.abort(), 300);
      },
    });
    expect(Date.now() - t0).toBeLessThan(15_000);
    expect(r.status).toBe('aborted');
    expect(r.verify).toBeUndefined();
    const [rec] = await openRun(r.outputDir!);
    expect(rec.metadata.replay).toMatchObject({ status: 'aborted', breakpoint_step: 5 });
  });
});
