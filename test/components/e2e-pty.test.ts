// The BUILT codetracer-tui in a real pseudo-terminal (util-linux `script`): keys in, screen bytes out.
// Checks the alternate screen is entered and left on q, Ctrl-C and SIGTERM, the exit codes, and the
// no-terminal refusal. Needs `npm run build` (npm test builds first).
import { execFileSync, spawn, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const TUI = path.join(root, 'dist/components/tui-main.js');
const CLI = path.join(root, 'dist/src/cli/main.js');
const RUNS = path.join(root, 'test/fixtures/whowhen/Hand-Crafted');
const ENTER_ALT = '\x1b[?1049h';
const LEAVE_ALT = '\x1b[?1049l';

const hasScript = spawnSync('script', ['--version']).status === 0;

interface Pty {
  output(): string;
  send(keys: string): void;
  waitFor(pred: (out: string) => boolean, what: string, ms?: number): Promise<void>;
  exited: Promise<number | null>;
  /** Pid of the node process running the TUI (script's child). */
  childPid(): number;
}

function runInPty(args: string[], env: NodeJS.ProcessEnv = {}, entry = TUI): Pty {
  const cmd = `stty cols 110 rows 32; exec node ${[entry, ...args].map((a) => `'${a}'`).join(' ')}`;
  // Ink treats any CI variable (even empty) as CI and renders differently: run as a person would.
  const { CI: _ci, CONTINUOUS_INTEGRATION: _ci2, ...base } = process.env;
  const child = spawn('script', ['-qfec', cmd, '/dev/null'], {
    cwd: root,
    env: { ...base, TERM: 'xterm-256color', NO_COLOR: '1', ...env },
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  let out = '';
  child.stdout.on('data', (d: Buffer) => (out += d.toString('utf8')));
  child.stderr.on('data', (d: Buffer) => (out += d.toString('utf8')));
  const exited = new Promise<number | null>((res) => child.on('exit', (code) => res(code)));
  return {
    output: () => out,
    send: (k) => child.stdin.write(k),
    async waitFor(pred, what, ms = 15_000) {
      const end = Date.now() + ms;
      while (!pred(out)) {
        if (Date.now() > end) {
          child.kill('SIGKILL');
          throw new Error(`timed out waiting for ${what}; output tail:\n${JSON.stringify(out.slice(-600))}`);
        }
        await new Promise((r) => setTimeout(r, 25));
      }
    },
    exited,
    childPid() {
      const pids = execFileSync('ps', ['-o', 'pid=', '--ppid', String(child.pid)], { encoding: 'utf8' })
        .split('\n')
        .map((x) => Number(x.trim()))
        .filter((x) => x > 0);
      return pids[0];
    },
  };
}

describe('codetracer-tui in a pseudo-terminal', () => {
  it('is built', () => {
    expect(existsSync(TUI), 'run `npm run build` first').toBe(true);
  });

  it.skipIf(!hasScript)(
    'enters the alternate screen, answers j and ?, and leaves it on q with exit 0',
    async () => {
      const pty = runInPty([RUNS]);
      await pty.waitFor((o) => o.includes('2 runs'), 'runs discovered');
      expect(pty.output().startsWith(ENTER_ALT) || pty.output().includes(ENTER_ALT)).toBe(true);
      pty.send('j');
      await new Promise((r) => setTimeout(r, 100));
      pty.send('?');
      await pty.waitFor((o) => o.includes('Navigation (focused pane)'), 'help overlay');
      pty.send('q'); // closes the help overlay
      await new Promise((r) => setTimeout(r, 100));
      pty.send('q');
      const code = await pty.exited;
      const out = pty.output();
      expect(code).toBe(0);
      expect(out.split(ENTER_ALT)).toHaveLength(2);
      expect(out.split(LEAVE_ALT)).toHaveLength(2);
      expect(out.indexOf(ENTER_ALT)).toBeLessThan(out.indexOf(LEAVE_ALT));
      // Nothing is drawn after leaving (the user's screen comes back clean), and no clear-screen storm.
      expect(out.slice(out.indexOf(LEAVE_ALT) + LEAVE_ALT.length).replace(/\s/g, '')).toBe('');
      expect(out.split('\x1b[2J').length - 1).toBeLessThanOrEqual(2);
    },
    30_000,
  );

  it.skipIf(!hasScript)(
    "README's main command, `codetracer examples`, opens the app on the bundled runs in a terminal",
    async () => {
      const pty = runInPty([path.join(root, 'examples')], {}, CLI);
      await pty.waitFor((o) => o.includes('7 runs'), 'the seven example runs');
      expect(pty.output()).toContain(ENTER_ALT);
      pty.send('q');
      expect(await pty.exited).toBe(0);
      expect(pty.output()).toContain(LEAVE_ALT);
    },
    30_000,
  );

  it.skipIf(!hasScript)(
    'Ctrl-C quits at once, leaving the alternate screen',
    async () => {
      const pty = runInPty([RUNS]);
      await pty.waitFor((o) => o.includes('2 runs'), 'runs discovered');
      pty.send('\x03');
      expect(await pty.exited).toBe(0);
      expect(pty.output()).toContain(LEAVE_ALT);
    },
    30_000,
  );

  it.skipIf(!hasScript)(
    'SIGTERM restores the screen and exits 143',
    async () => {
      const pty = runInPty([RUNS]);
      await pty.waitFor((o) => o.includes('2 runs'), 'runs discovered');
      process.kill(pty.childPid(), 'SIGTERM');
      expect(await pty.exited).toBe(143);
      expect(pty.output()).toContain(LEAVE_ALT);
    },
    30_000,
  );

  it('without a terminal prints one line pointing to codetracer inspect and exits 2', () => {
    const r = spawnSync('node', [TUI, RUNS], { cwd: root, encoding: 'utf8', input: '' });
    expect(r.status, r.stderr).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stderr).toContain('codetracer inspect');
    expect(r.stderr).not.toContain('\x1b[?1049h');
  });

  it('rejects an unknown --theme with one line and exit 2', () => {
    const r = spawnSync('node', [TUI, '--theme', 'neon', RUNS], { cwd: root, encoding: 'utf8', input: '' });
    expect(r.status, r.stderr).toBe(2);
    expect(r.stderr).toBe(
      'codetracer-tui: unknown theme "neon" (choose dark, light, high-contrast, no-color)\n',
    );
  });

  it('codetracer interactive RUN refuses the same way without a terminal', () => {
    const r = spawnSync('node', [CLI, 'interactive', path.join(RUNS, '1.json')], {
      cwd: root,
      encoding: 'utf8',
      input: '',
    });
    expect(r.status, r.stderr).toBe(2);
    expect(r.stderr).toContain('codetracer inspect');
  });
});
