// Shared setup for the LLM diagnosis tests: a scripted server, a fast client, a copy of a real run.
import { cpSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { resolveConfig, type Limits, type ResolvedConfig } from '../../src/core/config/resolve.js';
import { locate, openRun } from '../../src/core/formats/open.js';
import type { RunLocation } from '../../src/core/formats/types.js';
import { LlmClient } from '../../src/core/llm/client.js';
import type { Trajectory } from '../../src/core/model/trajectory.js';
import { ScriptedLlmServer, type ScriptedServerOptions } from '../helpers/scripted-llm-server.js';

export const KEY = 'sk-test-SECRET-1234567890';
export const FIXTURE = path.join(
  path.dirname(fileURLToPath(import.meta.url)),
  '../fixtures/llm/overfull-hbox',
);

export interface Harness {
  server: ScriptedLlmServer;
  llm: LlmClient;
  config: ResolvedConfig;
  traj: Trajectory;
  location: RunLocation;
  runDir: string;
  outDir: string;
  tmp: string;
  close(): Promise<void>;
}

export async function harness(
  opts: ScriptedServerOptions,
  over: { limits?: Partial<Limits>; model?: string; timeoutMs?: number; maxRetries?: number } = {},
): Promise<Harness> {
  const tmp = mkdtempSync(path.join(os.tmpdir(), 'ct-llm-'));
  const runDir = path.join(tmp, 'run');
  cpSync(FIXTURE, runDir, { recursive: true });
  const server = await ScriptedLlmServer.start(opts);
  const model = over.model ?? 'gpt-4.1-mini';
  const base = await resolveConfig({
    flags: { apiBase: server.url, apiKey: KEY, model },
    env: {},
    confCwd: false,
  });
  const config: ResolvedConfig = { ...base, limits: { ...base.limits, ...over.limits } };
  const llm = new LlmClient(
    {
      apiBase: server.url,
      apiKey: KEY,
      model,
      timeoutMs: over.timeoutMs ?? 3_000,
      maxRetries: over.maxRetries ?? 2,
      retryBaseMs: 5,
      retryMaxMs: 20,
      retryAfterCapMs: 1_000,
      prices: config.prices,
      stream: true,
      streamUsage: true,
    },
    { random: () => 0.5 },
  );
  const [traj] = await openRun(runDir);
  const location = await locate(runDir);
  return {
    server,
    llm,
    config,
    traj,
    location,
    runDir,
    outDir: path.join(tmp, 'out'),
    tmp,
    async close() {
      await server.close();
      rmSync(tmp, { recursive: true, force: true });
    },
  };
}
