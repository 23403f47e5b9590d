// Atomic file writes: readers see the old file or the new one, never a half-written one.
// The temp file sits in the target's directory so the final rename never crosses file systems.
import { promises as fs } from 'node:fs';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import { fromFsError } from './errors.js';

/** Write `data` to `file` via temp file + fsync + rename. Creates no directories. */
export async function writeFileAtomic(file: string, data: string | Uint8Array): Promise<void> {
  const dir = path.dirname(file);
  const tmp = path.join(dir, `.${path.basename(file)}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`);
  let handle: fs.FileHandle | undefined;
  try {
    handle = await fs.open(tmp, 'wx', 0o644);
    await handle.writeFile(data);
    await handle.sync();
    await handle.close();
    handle = undefined;
    await fs.rename(tmp, file);
  } catch (e) {
    if (handle) await handle.close().catch(() => undefined);
    await fs.unlink(tmp).catch(() => undefined);
    throw fromFsError(e, file);
  }
  await syncDir(dir);
}

/** JSON with two-space indent and a final newline. */
export async function writeJsonAtomic(file: string, value: unknown): Promise<void> {
  await writeFileAtomic(file, JSON.stringify(value, null, 2) + '\n');
}

// Makes the rename itself durable; some platforms cannot open a directory, which is harmless.
async function syncDir(dir: string): Promise<void> {
  let h: fs.FileHandle | undefined;
  try {
    h = await fs.open(dir, 'r');
    await h.sync();
  } catch {
    // best effort
  } finally {
    await h?.close().catch(() => undefined);
  }
}
