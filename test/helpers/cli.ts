// Run the built CLI as a user would: a separate process, no TTY, bounded in time.
import { spawnSync } from 'node:child_process';
import path from 'node:path';

export const repoRoot = path.resolve(import.meta.dirname, '../..');
export const cliPath = path.join(repoRoot, 'dist/src/cli/main.js');

export interface CliResult {
  code: number | null;
  stdout: string;
  stderr: string;
  timedOut: boolean;
}

export function runCli(
  args: string[],
  opts: { env?: NodeJS.ProcessEnv; cwd?: string; timeoutMs?: number } = {},
): CliResult {
  const r = spawnSync(process.execPath, [cliPath, ...args], {
    encoding: 'utf8',
    cwd: opts.cwd ?? repoRoot,
    env: { ...process.env, NO_COLOR: '1', CODETRACER_API_KEY: '', OPENAI_API_KEY: '', ...opts.env },
    timeout: opts.timeoutMs ?? 60_000,
    maxBuffer: 64 * 2 ** 20,
  });
  return {
    code: r.status,
    stdout: r.stdout ?? '',
    stderr: r.stderr ?? '',
    timedOut: (r.error as NodeJS.ErrnoException | undefined)?.code === 'ETIMEDOUT',
  };
}

/** Run the CLI in-process (fast; no build needed) with captured output, no TTY and no colour. */
export async function runInProcess(
  args: string[],
  cwd: string,
  env: NodeJS.ProcessEnv = {},
): Promise<{ code: number; stdout: string; stderr: string }> {
  const { main } = await import('../../src/cli/main.js');
  let stdout = '';
  let stderr = '';
  const code = await main(args, {
    stdout: (s) => void (stdout += s),
    stderr: (s) => void (stderr += s),
    isTTY: false,
    // The per-process folders of test/setup-env.ts, so no run reaches the user's own memory or skills.
    env: {
      NO_COLOR: '1',
      CODETRACER_DATA_DIR: process.env.CODETRACER_DATA_DIR,
      CODETRACER_SKILLS_DIR: process.env.CODETRACER_SKILLS_DIR,
      CODETRACER_CONF_DIR: process.env.CODETRACER_CONF_DIR,
      ...env,
    },
    cwd,
  });
  return { code, stdout, stderr };
}
