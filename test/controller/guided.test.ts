// The TUI's discovery asks the LLM when markers find nothing under its roots, and only then.
import { copyFileSync, mkdirSync } from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createTuiServices, type TuiServices } from '../../src/controller/index.js';
import { scriptedLlmClient } from '../helpers/llm-client.js';
import { callTool, ScriptedLlmServer } from '../helpers/scripted-llm-server.js';
import { cleanupTmp, FIXTURES, tmp } from './helpers.js';

let server: ScriptedLlmServer | null = null;
let services: TuiServices | null = null;
afterEach(async () => {
  await services?.dispose();
  services = null;
  await server?.close();
  server = null;
  cleanupTmp();
});

/** A real ATIF run (regex-log, 5 steps) copied to `rel` under `root`. */
function putAtifRun(root: string, rel: string): void {
  mkdirSync(path.dirname(path.join(root, rel)), { recursive: true });
  copyFileSync(path.join(FIXTURES, 'atif/regex-log__XYfBZFy/agent/trajectory.json'), path.join(root, rel));
}

async function start(root: string, reply: Parameters<typeof ScriptedLlmServer.start>[0]) {
  server = await ScriptedLlmServer.start(reply);
  const llm = scriptedLlmClient(server.url);
  services = createTuiServices({
    roots: [root],
    llm,
    env: {},
    cwd: root,
    watch: false,
    store: { frameMs: 0 },
  });
  await services.start();
  return services.store.getState();
}

describe('TUI discovery with an LLM', () => {
  it('lists the runs the LLM found where markers found none; rejected proposals count as problems', async () => {
    const root = tmp();
    putAtifRun(root, 'exp/a/run.dat');
    const s = await start(root, {
      script: [callTool('propose_runs', { runs: [{ path: 'exp/a' }, { path: '../..' }] })],
    });
    expect(s.runs.map((r) => [path.relative(root, r.path), r.format, r.steps])).toEqual([
      ['exp/a/run.dat', 'atif', 5],
    ]);
    expect(s.discovery).toMatchObject({ status: 'done', problems: 1 });
    expect(server!.chatRequests).toHaveLength(1);
  });

  it('does not ask when markers found runs', async () => {
    const root = tmp();
    putAtifRun(root, 'trial/trajectory.json');
    const s = await start(root, { script: [] });
    expect(s.runs).toHaveLength(1);
    expect(server!.chatRequests).toHaveLength(0);
  });
});
