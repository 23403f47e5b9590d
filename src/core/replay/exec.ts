// Run one process with a timeout that kills its whole process group, and output kept within a cap
// (the head and the tail survive, the middle is dropped).
import { spawn } from 'node:child_process';

export interface ExecResult {
  /** null when killed (timeout) or when the program could not be started. */
  exitCode: number | null;
  /** stdout and stderr interleaved, capped. */
  output: string;
  timedOut: boolean;
  /** The program could not be started (ENOENT ...). */
  spawnError?: string;
}

export interface ExecOptions {
  cwd?: string;
  env?: NodeJS.ProcessEnv;
  timeoutMs: number;
  maxOutputChars?: number;
  /** Written to stdin, which is then closed (stdin is empty otherwise). */
  input?: string | Buffer;
  signal?: AbortSignal;
}

export const DEFAULT_MAX_OUTPUT = 20_000;

class Capped {
  private head = '';
  private tail = '';
  private dropped = 0;
  constructor(private readonly max: number) {}
  add(s: string): void {
    const half = Math.floor(this.max / 2);
    if (this.head.length < half) {
      const take = s.slice(0, half - this.head.length);
      this.head += take;
      s = s.slice(take.length);
    }
    this.tail += s;
    if (this.tail.length > half) {
      this.dropped += this.tail.length - half;
      this.tail = this.tail.slice(-half);
    }
  }
  text(): string {
    return this.dropped
      ? `${this.head}\n[… ${this.dropped} characters cut …]\n${this.tail}`
      : this.head + this.tail;
  }
}

export function execArgv(argv: string[], o: ExecOptions): Promise<ExecResult> {
  return new Promise((resolve) => {
    const out = new Capped(o.maxOutputChars ?? DEFAULT_MAX_OUTPUT);
    let timedOut = false;
    let settled = false;
    const child = spawn(argv[0], argv.slice(1), {
      cwd: o.cwd,
      env: o.env ?? process.env,
      // Own process group, so a timeout kills what the command started too.
      detached: true,
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    const killGroup = () => {
      try {
        if (child.pid) process.kill(-child.pid, 'SIGKILL');
      } catch {
        // already gone
      }
    };
    const timer = setTimeout(() => {
      timedOut = true;
      killGroup();
    }, o.timeoutMs);
    const onAbort = () => killGroup();
    o.signal?.addEventListener('abort', onAbort, { once: true });
    const finish = (r: ExecResult) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      o.signal?.removeEventListener('abort', onAbort);
      resolve(r);
    };
    child.stdout.setEncoding('utf8').on('data', (d: string) => out.add(d));
    child.stderr.setEncoding('utf8').on('data', (d: string) => out.add(d));
    child.on('error', (e) =>
      finish({ exitCode: null, output: out.text(), timedOut: false, spawnError: e.message }),
    );
    // A command that left background children holding the pipes is done when its shell is.
    child.on('exit', () => killGroup());
    child.on('close', (code) => finish({ exitCode: timedOut ? null : code, output: out.text(), timedOut }));
    child.stdin.on('error', () => undefined);
    child.stdin.end(o.input ?? '');
  });
}
