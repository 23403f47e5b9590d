// An exclusive lock file for one store: created with O_EXCL ('wx'), removed on release. Every writer holds
// it for the few milliseconds of an append or a compaction, so parallel batch workers and other terminals
// never interleave a compaction with an append. A lock left by a crashed process is taken over.
import { promises as fs } from 'node:fs';
import os from 'node:os';
import { randomBytes } from 'node:crypto';
import { CodetracerError, fromFsError } from '../io/errors.js';

export interface LockOptions {
  /** Give up after this long (default 15 s). */
  timeoutMs?: number;
  /** A lock older than this whose holder is gone, or older than 4x this, is stale (default 10 s). */
  staleMs?: number;
}

interface LockInfo {
  pid: number;
  host: string;
  nonce: string;
  at: number;
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    // EPERM: it exists but belongs to someone else.
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}

async function readInfo(file: string): Promise<{ info: LockInfo | null; mtimeMs: number } | null> {
  try {
    const [text, st] = await Promise.all([fs.readFile(file, 'utf8'), fs.stat(file)]);
    let info: LockInfo | null = null;
    try {
      info = JSON.parse(text) as LockInfo;
    } catch {
      // Half-written by a holder that crashed between open and write: judged by its age alone.
    }
    return { info, mtimeMs: st.mtimeMs };
  } catch {
    return null;
  }
}

function isStale(found: { info: LockInfo | null; mtimeMs: number }, staleMs: number): boolean {
  const age = Date.now() - found.mtimeMs;
  if (age < staleMs) return false;
  const i = found.info;
  if (i && i.host === os.hostname() && !alive(i.pid)) return true;
  return age >= staleMs * 4;
}

/** Move a stale lock aside; if what was moved turns out to be a fresh lock (a race), put it back. */
async function breakStale(file: string, seen: LockInfo | null): Promise<void> {
  const aside = `${file}.stale.${randomBytes(4).toString('hex')}`;
  try {
    await fs.rename(file, aside);
  } catch {
    return;
  }
  const moved = await readInfo(aside);
  if (seen && moved?.info && moved.info.nonce !== seen.nonce) {
    await fs.link(aside, file).catch(() => undefined);
  }
  await fs.unlink(aside).catch(() => undefined);
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export async function withLock<T>(file: string, fn: () => Promise<T>, o: LockOptions = {}): Promise<T> {
  const timeoutMs = o.timeoutMs ?? 15_000;
  const staleMs = o.staleMs ?? 10_000;
  const nonce = randomBytes(8).toString('hex');
  const started = Date.now();
  for (let attempt = 0; ; attempt++) {
    try {
      const h = await fs.open(file, 'wx', 0o644);
      try {
        await h.writeFile(JSON.stringify({ pid: process.pid, host: os.hostname(), nonce, at: Date.now() }));
      } finally {
        await h.close();
      }
      break;
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw fromFsError(e, file);
    }
    const found = await readInfo(file);
    if (found && isStale(found, staleMs)) {
      await breakStale(file, found.info);
      continue;
    }
    if (Date.now() - started > timeoutMs) {
      throw new CodetracerError(
        'unreadable',
        `memory store is locked by another process (remove ${file} if no codetracer is running)`,
        file,
      );
    }
    await sleep(Math.min(50, 2 + attempt) * (0.5 + Math.random()));
  }
  try {
    return await fn();
  } finally {
    // Only our own lock is removed (a takeover after a very long pause would have replaced it).
    const mine = await readInfo(file);
    if (mine?.info?.nonce === nonce) await fs.unlink(file).catch(() => undefined);
  }
}
