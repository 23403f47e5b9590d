// Cheap content checks: a file is OpenHands when it holds OpenHands events (an action/observation kind
// plus event keys); chat-message lists (SWE-agent `.traj` history, Who&When, mini-swe `.traj.json`, ATIF
// `trajectory.json` steps) carry `role`/`steps` instead and are left to their own formats.
import { readText } from '../../io/read.js';
import { basename, join, type FileSource } from '../../io/source.js';
import type { RunLocation } from '../types.js';
import { isEventLike } from './events.js';
import { EVENT_KEY, eventListOf, locateStore } from './layouts.js';

const HISTORY_KEY = /"(?:history|events)"\s*:\s*\[/;

async function detectJson(src: FileSource, p: string): Promise<boolean> {
  const text = await readText(src, p);
  // A regex scan is far cheaper than a parse; files without an event key are not event lists.
  if (!EVENT_KEY.test(text)) return false;
  return eventListOf(JSON.parse(text)) !== null;
}

/** The first non-blank line, without scanning the rest of the file. */
function firstLineOf(text: string): string | null {
  let start = 0;
  while (start < text.length) {
    let end = text.indexOf('\n', start);
    if (end === -1) end = text.length;
    const t = text.slice(start, end).trim();
    if (t) return t;
    start = end + 1;
  }
  return null;
}

async function detectJsonl(src: FileSource, p: string): Promise<boolean> {
  const text = await readText(src, p);
  const first = firstLineOf(text);
  if (!first || !EVENT_KEY.test(first)) return false;
  const v: unknown = JSON.parse(first);
  if (isEventLike(v)) return true;
  return HISTORY_KEY.test(first) && eventListOf(v)?.record != null;
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
    if (name.endsWith('.json')) return await detectJson(loc.src, loc.path);
    return false;
  } catch {
    return false;
  }
}
