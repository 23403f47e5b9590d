// Cheap content checks: a file is OpenHands when it holds OpenHands events (an action/observation kind
// plus event keys); chat-message lists (SWE-agent `.traj` history, Who&When, mini-swe `.traj.json`, ATIF
// `trajectory.json` steps) carry `role`/`steps` instead and are left to their own formats.
import { maxFileBytes, parseJsonShared, readText } from '../../io/read.js';
import { basename, join, type FileSource } from '../../io/source.js';
import type { RunLocation } from '../types.js';
import { isEventLike } from './events.js';
import { eventListOf, locateStore } from './layouts.js';

const HISTORY_KEY = /"(?:history|events)"\s*:\s*\[/;

/** The file's bytes, or null when it is not a non-empty regular file within the size limit. */
async function readBytes(src: FileSource, p: string): Promise<Buffer | null> {
  const st = await src.stat(p);
  if (!st || st.kind !== 'file' || st.size === 0 || st.size > maxFileBytes()) return null;
  return src.read(p);
}

const isSpace = (b: number | undefined): boolean => b === 0x20 || b === 0x0a || b === 0x0d || b === 0x09;

/**
 * Does buf[start, end) hold an `"action": "` / `"observation": "` key? A byte search: no decoding, no
 * parse, so a large file that is not an event list is turned down quickly.
 */
function hasEventKey(buf: Buffer, start = 0, end = buf.length): boolean {
  for (const key of ['"action"', '"observation"']) {
    for (let i = buf.indexOf(key, start); i !== -1 && i < end; i = buf.indexOf(key, i + 1)) {
      let j = i + key.length;
      while (j < end && isSpace(buf[j])) j++;
      if (buf[j] !== 0x3a) continue;
      j++;
      while (j < end && isSpace(buf[j])) j++;
      if (buf[j] === 0x22) return true;
    }
  }
  return false;
}

async function detectJson(src: FileSource, p: string): Promise<boolean> {
  const buf = await readBytes(src, p);
  if (!buf || !hasEventKey(buf)) return false;
  return eventListOf(parseJsonShared(await readText(src, p), src.display(p))) !== null;
}

/** Bounds of the first non-blank line. */
function firstLine(buf: Buffer): [number, number] | null {
  let s = 0;
  while (s < buf.length) {
    let e = buf.indexOf(0x0a, s);
    if (e === -1) e = buf.length;
    for (let k = s; k < e; k++) if (!isSpace(buf[k])) return [s, e];
    s = e + 1;
  }
  return null;
}

async function detectJsonl(src: FileSource, p: string): Promise<boolean> {
  const buf = await readBytes(src, p);
  const line = buf ? firstLine(buf) : null;
  if (!buf || !line || !hasEventKey(buf, line[0], line[1])) return false;
  const text = buf.subarray(line[0], line[1]).toString('utf8');
  const v: unknown = JSON.parse(text);
  if (isEventLike(v)) return true;
  return HISTORY_KEY.test(text) && eventListOf(v)?.record != null;
}

async function detectDir(src: FileSource, dir: string): Promise<boolean> {
  if (await locateStore(src, dir)) return true;
  // Flat layout: sessions/*.json holding an event list.
  const entries = await src.list(join(dir, 'sessions')).catch(() => []);
  for (const e of entries
    .filter((x) => x.kind === 'file' && /\.json$/i.test(x.name))
    .sort((a, b) => b.size - a.size)) {
    if (await detectJson(src, join(dir, 'sessions', e.name)).catch(() => false)) return true;
  }
  return false;
}

export async function detectOpenHands(loc: RunLocation): Promise<boolean> {
  try {
    if (loc.kind === 'dir') return await detectDir(loc.src, loc.path);
    const name = basename(loc.path).toLowerCase();
    if (name.endsWith('.jsonl')) return await detectJsonl(loc.src, loc.path);
    // `.traj.json` is mini-SWE-agent's / CodeTracer's own naming; OpenHands never writes it.
    if (name.endsWith('.traj.json')) return false;
    if (name.endsWith('.json')) return await detectJson(loc.src, loc.path);
    return false;
  } catch {
    return false;
  }
}
