// --repo PATH --commit SHA: a fresh detached git worktree at the base commit in a temp folder, so the
// user's checkout is never touched; removed at the end unless --keep.
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { CodetracerError } from '../io/errors.js';
import { execArgv } from './exec.js';

const GIT_TIMEOUT_MS = 120_000;

async function git(repo: string, args: string[], env: NodeJS.ProcessEnv) {
  return execArgv(['git', '-C', repo, ...args], { timeoutMs: GIT_TIMEOUT_MS, env });
}

export interface Worktree {
  dir: string;
  /** The repository's git folder: the worktree's git commands read it (bound read-only in the sandbox). */
  gitDir: string;
  remove(): Promise<void>;
}

export async function addWorktree(
  repo: string,
  commit: string,
  env: NodeJS.ProcessEnv,
  parent: string = os.tmpdir(),
): Promise<Worktree> {
  const top = await git(repo, ['rev-parse', '--show-toplevel'], env);
  if (top.exitCode !== 0) throw new CodetracerError('usage', `--repo: not a git repository`, repo);
  const sha = await git(repo, ['rev-parse', '--verify', '--quiet', `${commit}^{commit}`], env);
  if (sha.exitCode !== 0)
    throw new CodetracerError('usage', `--commit: no commit "${commit}" in the repository`, repo);
  const dir = mkdtempSync(path.join(parent, 'codetracer-replay-'));
  const r = await git(repo, ['worktree', 'add', '--detach', dir, sha.output.trim()], env);
  if (r.exitCode !== 0) {
    rmSync(dir, { recursive: true, force: true });
    throw new CodetracerError('usage', `git worktree add failed: ${r.output.trim().split('\n').pop()}`, repo);
  }
  const common = await git(repo, ['rev-parse', '--path-format=absolute', '--git-common-dir'], env);
  return {
    dir,
    gitDir: common.exitCode === 0 ? common.output.trim() : path.join(top.output.trim(), '.git'),
    async remove() {
      await git(repo, ['worktree', 'remove', '--force', dir], env);
      rmSync(dir, { recursive: true, force: true });
      await git(repo, ['worktree', 'prune'], env);
    },
  };
}
