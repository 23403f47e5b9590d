// Where a replay runs: a host folder (the user's scratch workdir or a fresh worktree), each command in
// the bubblewrap sandbox (or, with --unsafe-host, directly), or a container reached through `docker exec`.
// File access for restoring edits and for the agent's read/write tools stays inside the workspace.
import { promises as fs, realpathSync } from 'node:fs';
import path from 'node:path';
import { CodetracerError } from '../io/errors.js';
import { execArgv, type ExecResult } from './exec.js';
import { bwrapArgv, commandEnv } from './sandbox.js';

export interface RunOptions {
  timeoutMs: number;
  signal?: AbortSignal;
}

export interface ReplayEnvironment {
  kind: 'workdir' | 'worktree' | 'container';
  /** One line for the plan and the prompt. */
  describe: string;
  /** Host commands run inside bubblewrap. */
  sandboxed: boolean;
  /** The workspace folder (inside the container for a container). */
  workdir: string;
  run(command: string, o: RunOptions): Promise<ExecResult>;
  /** A path of the original run (absolute or relative) as a path in this workspace, or null. */
  locate(p: string, create: boolean): Promise<string | null>;
  readFile(p: string): Promise<string | null>;
  writeFile(p: string, text: string): Promise<void>;
  close(): Promise<void>;
}

const FILE_TIMEOUT_MS = 60_000;
const FILE_MAX_CHARS = 64 * 2 ** 20;

function inside(root: string, p: string): boolean {
  const rel = path.relative(root, p);
  return rel === '' || (!rel.startsWith('..') && !path.isAbsolute(rel));
}

export interface HostOptions {
  kind: 'workdir' | 'worktree';
  workdir: string;
  /** bwrap executable, or null with unsafe = true to run without a sandbox. */
  bwrap: string | null;
  /** Folders that must stay read-only inside the sandbox (the trajectory folder). */
  readOnly: string[];
  pathVar: string | undefined;
  /** The caller's environment: only an allow-list of it reaches commands. */
  callerEnv: NodeJS.ProcessEnv;
  /** The folder the original run worked in (/testbed, /app ...): its paths map onto the workdir. */
  sourceRoot?: string;
  onClose?: () => Promise<void>;
}

export function hostEnvironment(o: HostOptions): ReplayEnvironment {
  const root = realpathSync(o.workdir);
  const env = commandEnv(o.callerEnv, o.pathVar);
  const exists = (p: string) =>
    fs.stat(p).then(
      () => true,
      () => false,
    );
  /** An absolute path inside the workspace, symlinks resolved as far as the path exists. */
  const confine = async (p: string): Promise<string> => {
    const abs = path.resolve(root, p);
    let probe = abs;
    while (!(await exists(probe)) && probe !== path.dirname(probe)) probe = path.dirname(probe);
    const real = path.join(await fs.realpath(probe), path.relative(probe, abs));
    if (!inside(root, real)) throw new CodetracerError('usage', `outside the workspace: ${p}`);
    return real;
  };
  return {
    kind: o.kind,
    sandboxed: o.bwrap !== null,
    describe: `${o.kind === 'worktree' ? 'git worktree' : 'workdir'} ${root} (${o.bwrap ? 'bubblewrap sandbox: read-only root, no network' : 'UNSANDBOXED host shell (--unsafe-host)'})`,
    workdir: root,
    run(command, r) {
      const argv = o.bwrap ? bwrapArgv(o.bwrap, root, command, o.readOnly) : ['/bin/sh', '-c', command];
      return execArgv(argv, { cwd: root, env, timeoutMs: r.timeoutMs, signal: r.signal });
    },
    async locate(p, create) {
      if (!path.isAbsolute(p)) return p;
      if (inside(root, p)) return path.relative(root, p);
      if (o.sourceRoot && inside(o.sourceRoot, p)) return path.relative(o.sourceRoot, p);
      // The run's absolute paths (/testbed/pkg/a.py) map onto the longest suffix present here.
      const parts = p.split('/').filter(Boolean);
      for (let i = 0; i < parts.length; i++) {
        const rel = parts.slice(i).join('/');
        const probe = create ? path.dirname(path.join(root, rel)) : path.join(root, rel);
        if ((create && i === parts.length - 1) || (await exists(probe))) return rel;
      }
      return null;
    },
    async readFile(p) {
      try {
        return await fs.readFile(await confine(p), 'utf8');
      } catch (e) {
        if ((e as NodeJS.ErrnoException).code === 'ENOENT') return null;
        throw e;
      }
    },
    async writeFile(p, text) {
      const abs = await confine(p);
      await fs.mkdir(path.dirname(abs), { recursive: true });
      await fs.writeFile(abs, text);
    },
    async close() {
      await o.onClose?.();
    },
  };
}

export interface ContainerOptions {
  name: string;
  /** Working folder inside the container (docker exec -w), when given. */
  workdir?: string;
  /** Environment of the docker client itself (its PATH finds `docker`). */
  clientEnv: NodeJS.ProcessEnv;
}

export function containerEnvironment(o: ContainerOptions): ReplayEnvironment {
  const docker = (args: string[], timeoutMs: number, input?: string, signal?: AbortSignal) =>
    execArgv(['docker', ...args], {
      env: o.clientEnv,
      timeoutMs,
      input,
      signal,
      // File contents travel through the output: not capped like a command's.
      maxOutputChars: input === undefined && !signal ? FILE_MAX_CHARS : undefined,
    });
  const w = o.workdir ? ['-w', o.workdir] : [];
  const abs = (p: string) => (path.posix.isAbsolute(p) || !o.workdir ? p : path.posix.join(o.workdir, p));
  const failed = (r: ExecResult, what: string) =>
    new CodetracerError(
      'usage',
      `docker exec ${what} failed: ${(r.spawnError ?? r.output.trim().split('\n').pop()) || `exit ${r.exitCode}`}`,
    );
  return {
    kind: 'container',
    sandboxed: false,
    describe: `container ${o.name}${o.workdir ? ` (in ${o.workdir})` : ''} via docker exec`,
    workdir: o.workdir ?? '.',
    run(command, r) {
      return docker(['exec', ...w, o.name, 'sh', '-lc', command], r.timeoutMs, undefined, r.signal);
    },
    async locate(p) {
      // The container is the run's own environment: its paths are valid as written.
      return p;
    },
    async readFile(p) {
      const r = await docker(['exec', ...w, o.name, 'cat', '--', abs(p)], FILE_TIMEOUT_MS);
      if (r.spawnError) throw failed(r, 'cat');
      return r.exitCode === 0 ? r.output : null;
    },
    async writeFile(p, text) {
      const script = 'mkdir -p "$(dirname "$1")" && cat > "$1"';
      const r = await docker(
        ['exec', '-i', ...w, o.name, 'sh', '-c', script, 'sh', abs(p)],
        FILE_TIMEOUT_MS,
        text,
      );
      if (r.exitCode !== 0) throw failed(r, 'write');
    },
    async close() {},
  };
}
