// From the user's environment choice to a ready replay environment: a host workdir or a fresh worktree
// (bubblewrap, checked to work before use; refused without bwrap unless --unsafe-host), or a container.
import { statSync } from 'node:fs';
import path from 'node:path';
import { CodetracerError } from '../io/errors.js';
import type { RunPlace } from '../profiles/location.js';
import { containerEnvironment, hostEnvironment, type ReplayEnvironment } from './environment.js';
import { trajectoryFolder } from './output.js';
import { findOnPath } from './sandbox.js';
import { addWorktree } from './worktree.js';

export interface EnvironmentChoice {
  workdir?: string;
  repo?: string;
  commit?: string;
  container?: string;
  /** Keep the worktree after the replay. */
  keep?: boolean;
  unsafeHost?: boolean;
  /** The run's own working folder (/testbed ...), mapped onto the workdir when re-applying edits. */
  sourceRoot?: string;
}

/** The docker client's environment: the caller's, minus anything that looks like a credential. */
function clientEnv(env: NodeJS.ProcessEnv): NodeJS.ProcessEnv {
  const out: NodeJS.ProcessEnv = {};
  for (const [k, v] of Object.entries(env)) if (!/KEY|TOKEN|SECRET|PASSWORD/i.test(k)) out[k] = v;
  out.PATH ??= process.env.PATH;
  return out;
}

export function hasEnvironment(e: EnvironmentChoice): boolean {
  return Boolean(e.workdir || e.repo || e.commit || e.container);
}

function checkChoice(e: EnvironmentChoice): void {
  if ((e.repo && !e.commit) || (e.commit && !e.repo))
    throw new CodetracerError('usage', '--repo and --commit go together');
  if (e.repo && (e.workdir || e.container))
    throw new CodetracerError('usage', 'choose one environment: --workdir, --repo/--commit or --container');
}

export const isUnder = (root: string, p: string) => {
  const r = path.relative(root, p);
  return r === '' || (!r.startsWith('..') && !path.isAbsolute(r));
};

export function overlaps(a: string, b: string): boolean {
  return isUnder(a, b) || isUnder(b, a);
}

/**
 * The workdir must not hold the run's files, nor (for a run folder) sit inside it. A workdir beside a run
 * file, in the same folder, is fine: the sandbox binds that folder read-only and the workdir over it.
 */
function clashesWithRun(workdir: string, place: RunPlace): boolean {
  if (!place.fsPath) return false;
  if (place.kind === 'dir') return overlaps(workdir, place.fsPath);
  return isUnder(workdir, place.fsPath);
}

export interface OpenContext {
  place: RunPlace;
  cwd: string;
  /** The caller's environment: PATH finds bwrap, docker and git. */
  env: NodeJS.ProcessEnv;
}

export async function openEnvironment(e: EnvironmentChoice, i: OpenContext): Promise<ReplayEnvironment> {
  checkChoice(e);
  if (e.container) {
    return containerEnvironment({
      name: e.container,
      workdir: e.workdir,
      clientEnv: clientEnv(i.env),
    });
  }
  const pathVar = i.env.PATH ?? process.env.PATH;
  const bwrap = findOnPath('bwrap', pathVar);
  if (!bwrap && !e.unsafeHost)
    throw new CodetracerError(
      'usage',
      'bwrap (bubblewrap) not found: host replay needs its sandbox; install bubblewrap, use --container, or pass --unsafe-host',
    );
  const trajDir = trajectoryFolder(i.place);
  const gitEnv = { PATH: pathVar, HOME: i.env.HOME ?? process.env.HOME, LANG: 'C.UTF-8' };
  if (e.repo) {
    const repo = path.resolve(i.cwd, e.repo);
    const wt = await addWorktree(repo, e.commit!, gitEnv);
    return hostEnvironment({
      kind: 'worktree',
      workdir: wt.dir,
      bwrap,
      readOnly: trajDir ? [trajDir, wt.gitDir] : [wt.gitDir],
      pathVar,
      callerEnv: i.env,
      sourceRoot: e.sourceRoot,
      onClose: e.keep ? undefined : () => wt.remove(),
    });
  }
  const workdir = path.resolve(i.cwd, e.workdir!);
  if (clashesWithRun(workdir, i.place))
    throw new CodetracerError(
      'usage',
      '--workdir and the trajectory folder overlap; give a scratch copy of the project elsewhere',
      workdir,
    );
  if (!statSync(workdir, { throwIfNoEntry: false })?.isDirectory())
    throw new CodetracerError('usage', '--workdir: no such folder', workdir);
  return hostEnvironment({
    kind: 'workdir',
    workdir,
    bwrap,
    readOnly: trajDir ? [trajDir] : [],
    pathVar,
    callerEnv: i.env,
    sourceRoot: e.sourceRoot,
  });
}

/** bwrap can be installed yet unusable (no user namespaces): refuse in one line instead of failing every command. */
export async function checkSandbox(env: ReplayEnvironment): Promise<void> {
  if (!env.sandboxed) return;
  const r = await env.run('true', { timeoutMs: 30_000 });
  if (r.exitCode === 0) return;
  await env.close();
  const why = (r.spawnError ?? r.output.trim().split('\n')[0]) || `exit ${r.exitCode}`;
  throw new CodetracerError(
    'usage',
    `the bubblewrap sandbox does not work here (${why}); use --container, or --unsafe-host to run unsandboxed`,
  );
}
