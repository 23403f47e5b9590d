// Where OpenHands keeps its events, and reading them:
// - the file store: `<root>/sessions/<sid>/events/<id>.json` (one event per file) plus
//   `event_cache/<start>-<end>.json` chunks; terminal-bench / CodeTraceBench trials keep the store under
//   `<trial>/sessions/`, hence `<trial>/sessions/sessions/<sid>/events/`. The trial dir is the run.
// - a flat `<trial>/sessions/*.json` event list (the largest one);
// - a JSON file holding the list: an array (`--save-trajectory-path`), or an object with `history`/`events`;
// - an evaluation `output.jsonl`: one run per line (`instance_id`, `instruction`, `history`, `metadata`,
//   `test_result`), or a JSONL stream with one event per line.
import { CodetracerError } from '../../io/errors.js';
import { readJsonShared as readJson, readText } from '../../io/read.js';
import { basename, dirname, join, type Entry, type FileSource } from '../../io/source.js';
import { asArray, asObj, asString, type Obj } from '../shared/access.js';
import { eventId, flattenEvents, isEventLike, looksLikeEventList, type OhEvent } from './events.js';
import type { EventRecord } from './pairing.js';
import { eachLine } from '../shared/text.js';

export type Layout =
  'file-store' | 'flat-sessions' | 'event-list' | 'history-object' | 'jsonl-record' | 'event-jsonl';

export interface LoadedRun {
  id: string;
  layout: Layout;
  /** The directory the run's side files (results.json, task.md) are read from, when the run is a dir. */
  runDir: string | null;
  /** The run file, for file layouts. */
  file: string | null;
  events: EventRecord[];
  /** Display paths of what the events were read from. */
  sources: string[];
  /** The object around the events (an output.jsonl record or a `{history}` file), if any. */
  record: Obj | null;
  /** 1-based line of a JSONL record. */
  line?: number;
  sessionId?: string;
  warnings: string[];
}

/** A quoted `action`/`observation` key with a string value: every event list has one. */
export const EVENT_KEY = /"(?:action|observation)"\s*:\s*"/;

const EVENT_FILE = /^(\d+)\.json$/;
const CACHE_FILE = /^(\d+)-(\d+)\.json$/;

async function listOrEmpty(src: FileSource, dir: string): Promise<Entry[]> {
  try {
    return await src.list(dir);
  } catch {
    return [];
  }
}

async function isDir(src: FileSource, p: string): Promise<boolean> {
  const st = await src.stat(p).catch(() => null);
  return st?.kind === 'dir';
}

/** Does this directory hold an OpenHands session (events/ with <n>.json, or event_cache/ chunks)? */
export async function isSessionDir(src: FileSource, dir: string): Promise<boolean> {
  if (await isDir(src, join(dir, 'events'))) {
    const entries = await listOrEmpty(src, join(dir, 'events'));
    if (entries.some((e) => e.kind === 'file' && EVENT_FILE.test(e.name))) return true;
  }
  if (await isDir(src, join(dir, 'event_cache'))) {
    const entries = await listOrEmpty(src, join(dir, 'event_cache'));
    if (entries.some((e) => e.kind === 'file' && CACHE_FILE.test(e.name))) return true;
  }
  return false;
}

export interface StoreLocation {
  /** Session directories found, the one read first (most events). */
  sessions: string[];
  /** The run directory: the trial around the file store. */
  runDir: string;
}

/** The trial around a file-store container: `<trial>/sessions/sessions` and `<trial>/sessions` give `<trial>`. */
function trialOf(container: string): string {
  let d = container;
  for (let i = 0; i < 2 && basename(d) === 'sessions'; i++) d = dirname(d);
  return d;
}

async function eventFileCount(src: FileSource, sessionDir: string): Promise<number> {
  const a = await listOrEmpty(src, join(sessionDir, 'events'));
  return a.filter((e) => EVENT_FILE.test(e.name)).length;
}

/** Find the file store from a trial dir, a store root, a `sessions` dir, a session dir or its events dir. */
export async function locateStore(src: FileSource, dir: string): Promise<StoreLocation | null> {
  const name = basename(dir);
  if ((name === 'events' || name === 'event_cache') && (await isSessionDir(src, dirname(dir)))) {
    return { sessions: [dirname(dir)], runDir: trialOf(dirname(dirname(dir))) };
  }
  if (await isSessionDir(src, dir)) {
    const parent = dirname(dir);
    return { sessions: [dir], runDir: basename(parent) === 'sessions' ? trialOf(parent) : dir };
  }
  // Containers whose children are session dirs. A dir is only listed when it is named `sessions`,
  // so detection stays cheap on ordinary directories.
  const containers = [join(dir, 'sessions', 'sessions'), join(dir, 'sessions')];
  if (name === 'sessions') containers.push(dir);
  for (const c of containers) {
    if (!(await isDir(src, c))) continue;
    const found: string[] = [];
    for (const e of await listOrEmpty(src, c)) {
      if (e.kind === 'dir' && (await isSessionDir(src, join(c, e.name)))) found.push(join(c, e.name));
    }
    if (found.length) {
      if (found.length > 1) {
        const counts = new Map<string, number>();
        for (const s of found) counts.set(s, await eventFileCount(src, s));
        found.sort((a, b) => (counts.get(b) ?? 0) - (counts.get(a) ?? 0));
      }
      return { sessions: found, runDir: trialOf(c) };
    }
  }
  return null;
}

/** Read many small files with bounded concurrency, keeping order. */
async function mapLimit<T, R>(items: T[], limit: number, fn: (t: T) => Promise<R>): Promise<R[]> {
  const out = new Array<R>(items.length);
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < items.length) {
      const i = next++;
      out[i] = await fn(items[i]);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return out;
}

function errLine(e: unknown): string {
  return e instanceof CodetracerError ? e.oneLine() : String((e as Error)?.message ?? e);
}

/** Events of one session: `events/<n>.json` in numeric order, gaps filled from `event_cache` chunks. */
export async function loadSession(
  src: FileSource,
  sessionDir: string,
  warnings: string[],
): Promise<{ events: EventRecord[]; sources: string[] }> {
  const eventsDir = join(sessionDir, 'events');
  const files = (await listOrEmpty(src, eventsDir))
    .map((e) => ({ e, m: EVENT_FILE.exec(e.name) }))
    .filter((x) => x.e.kind === 'file' && x.m)
    .map((x) => ({ name: x.e.name, n: Number(x.m![1]) }))
    .sort((a, b) => a.n - b.n);
  const read = await mapLimit(files, 32, async (f) => {
    const p = join(eventsDir, f.name);
    try {
      const v = await readJson(src, p);
      if (!isEventLike(v)) {
        warnings.push(`${src.display(p)}: not an OpenHands event, skipped`);
        return null;
      }
      // The file name is the event id; trust it when the event lost its own.
      const ev: OhEvent = eventId(v) === undefined ? { ...v, id: f.n } : v;
      return { event: ev, file: src.display(p) } as EventRecord;
    } catch (e) {
      warnings.push(`${errLine(e)} (event skipped)`);
      return null;
    }
  });
  const events = read.filter((r): r is EventRecord => r !== null);
  const have = new Set(events.map((r) => eventId(r.event)));
  const sources: string[] = files.length ? [src.display(eventsDir)] : [];

  // Cache chunks are read only for ids the events dir lacks (a complete events dir needs none).
  const cacheDir = join(sessionDir, 'event_cache');
  const chunks = (await listOrEmpty(src, cacheDir))
    .map((e) => ({ e, m: CACHE_FILE.exec(e.name) }))
    .filter((x) => x.e.kind === 'file' && x.m)
    .map((x) => ({ name: x.e.name, a: Number(x.m![1]), b: Number(x.m![2]) }))
    .sort((x, y) => x.a - y.a || x.b - y.b);
  for (const ch of chunks) {
    let missing = false;
    for (let id = ch.a; id < Math.max(ch.b, ch.a + 1) && !missing; id++) missing = !have.has(id);
    if (!missing) continue;
    const p = join(cacheDir, ch.name);
    let list: unknown;
    try {
      list = await readJson(src, p);
    } catch (e) {
      warnings.push(`${errLine(e)} (cache chunk skipped)`);
      continue;
    }
    let added = 0;
    for (const v of asArray(list)) {
      if (!isEventLike(v)) continue;
      const id = eventId(v);
      if (id !== undefined && have.has(id)) continue;
      have.add(id);
      events.push({ event: v, file: src.display(p) });
      added++;
    }
    if (added) sources.push(src.display(p));
  }
  return { events, sources };
}

/** The event list inside parsed JSON: an array, or an object's `history` / `events` list. */
export function eventListOf(v: unknown): { items: unknown[]; record: Obj | null } | null {
  if (Array.isArray(v)) return looksLikeEventList(v) ? { items: v, record: null } : null;
  const o = asObj(v);
  if (!o) return null;
  for (const key of ['history', 'events']) {
    const list = o[key];
    if (Array.isArray(list) && looksLikeEventList(list)) return { items: list, record: o };
  }
  return null;
}

function stem(p: string): string {
  return basename(p).replace(/\.(jsonl|json)$/i, '');
}

/** Largest `sessions/*.json` file holding an event list (upstream's flat layout). */
async function findFlatSession(src: FileSource, dir: string): Promise<string | null> {
  const sessions = join(dir, 'sessions');
  const files = (await listOrEmpty(src, sessions))
    .filter((e) => e.kind === 'file' && /\.json$/i.test(e.name))
    .sort((a, b) => b.size - a.size);
  for (const f of files) {
    const p = join(sessions, f.name);
    const text = await readText(src, p).catch(() => null);
    if (text === null || !EVENT_KEY.test(text)) continue;
    try {
      if (eventListOf(JSON.parse(text))) return p;
    } catch {
      continue;
    }
  }
  return null;
}

export async function loadDir(src: FileSource, dir: string): Promise<LoadedRun> {
  const warnings: string[] = [];
  const store = await locateStore(src, dir);
  if (store) {
    const [session, ...others] = store.sessions;
    if (others.length) {
      warnings.push(
        `${others.length} more session(s) in the file store were not read: ${others.map((s) => basename(s)).join(', ')}`,
      );
    }
    const { events, sources } = await loadSession(src, session, warnings);
    if (!events.length) {
      throw new CodetracerError(
        'invalid_data',
        'OpenHands session holds no readable event',
        src.display(session),
      );
    }
    return {
      id: basename(store.runDir),
      layout: 'file-store',
      runDir: store.runDir,
      file: null,
      events,
      sources,
      record: null,
      sessionId: basename(session),
      warnings,
    };
  }
  const flat = await findFlatSession(src, dir);
  if (flat) {
    const run = await loadJsonFile(src, flat);
    return { ...run, id: basename(dir), layout: 'flat-sessions', runDir: dir, file: flat };
  }
  throw new CodetracerError(
    'invalid_data',
    'no OpenHands event store (sessions/sessions/<id>/events) here',
    src.display(dir),
  );
}

export async function loadJsonFile(src: FileSource, p: string): Promise<LoadedRun> {
  const shown = src.display(p);
  const list = eventListOf(await readJson(src, p));
  if (!list) throw new CodetracerError('invalid_data', 'not an OpenHands event list', shown);
  const events = flattenEvents(list.items).map((event) => ({ event, file: shown }));
  return {
    id: asString(list.record?.instance_id) ?? stem(p),
    layout: list.record ? 'history-object' : 'event-list',
    runDir: null,
    file: p,
    events,
    sources: [shown],
    record: list.record,
    warnings: [],
  };
}

interface JsonlLine {
  line: number;
  text: string;
}

/** Non-blank lines of a JSONL text with their 1-based line numbers. */
export function jsonlLines(text: string): JsonlLine[] {
  const out: JsonlLine[] = [];
  eachLine(text, (raw, line) => {
    const t = raw.trim();
    if (t) out.push({ line, text: t });
  });
  return out;
}

function parseLine(l: JsonlLine, shown: string): unknown {
  try {
    return JSON.parse(l.text);
  } catch (e) {
    throw new CodetracerError(
      'invalid_json',
      `line ${l.line} is not valid JSON (${(e as Error).message})`,
      shown,
    );
  }
}

/** A JSONL file whose lines are events (one run), rather than one run record per line. */
function isEventStream(lines: JsonlLine[], shown: string): boolean {
  if (!lines.length) return false;
  try {
    return isEventLike(parseLine(lines[0], shown));
  } catch {
    return false;
  }
}

function recordRun(value: unknown, l: JsonlLine, index: number, p: string, shown: string): LoadedRun {
  const list = eventListOf(value);
  if (!list || !list.record) {
    throw new CodetracerError(
      'invalid_data',
      `line ${l.line} holds no OpenHands run (no event \`history\`)`,
      shown,
    );
  }
  const events = flattenEvents(list.items).map((event) => ({ event, file: shown, line: l.line }));
  return {
    id: asString(list.record.instance_id) ?? `${stem(p)}#${index + 1}`,
    layout: 'jsonl-record',
    runDir: null,
    file: p,
    events,
    sources: [`${shown}:${l.line}`],
    record: list.record,
    line: l.line,
    warnings: [],
  };
}

export async function countJsonlRuns(src: FileSource, p: string): Promise<number> {
  const lines = jsonlLines(await readText(src, p));
  return isEventStream(lines, src.display(p)) ? 1 : lines.length;
}

/** Runs of a JSONL file; with `index`, only that record's line is parsed. */
export async function loadJsonl(src: FileSource, p: string, index?: number): Promise<LoadedRun[]> {
  const shown = src.display(p);
  const lines = jsonlLines(await readText(src, p));
  if (isEventStream(lines, shown)) {
    if (index !== undefined && index !== 0) {
      throw new CodetracerError('not_found', `run #${index + 1} does not exist (1 run)`, shown);
    }
    const warnings: string[] = [];
    const events: EventRecord[] = [];
    for (const l of lines) {
      let v: unknown;
      try {
        v = parseLine(l, shown);
      } catch (e) {
        warnings.push(errLine(e));
        continue;
      }
      if (isEventLike(v)) events.push({ event: v, file: shown, line: l.line });
    }
    return [
      {
        id: stem(p),
        layout: 'event-jsonl',
        runDir: null,
        file: p,
        events,
        sources: [shown],
        record: null,
        warnings,
      },
    ];
  }
  if (index !== undefined) {
    const l = lines[index];
    if (!l)
      throw new CodetracerError(
        'not_found',
        `run #${index + 1} does not exist (${lines.length} runs)`,
        shown,
      );
    return [recordRun(parseLine(l, shown), l, index, p, shown)];
  }
  const runs: LoadedRun[] = [];
  const skipped: string[] = [];
  lines.forEach((l, i) => {
    try {
      runs.push(recordRun(parseLine(l, shown), l, i, p, shown));
    } catch (e) {
      skipped.push(errLine(e));
    }
  });
  if (!runs.length) {
    throw new CodetracerError(
      'invalid_data',
      `no OpenHands run in the file (${skipped[0] ?? 'empty'})`,
      shown,
    );
  }
  // File-level problems are reported once, on the first run.
  runs[0].warnings.push(...skipped);
  return runs;
}
