// Claude Code stream-json format module: detection, parse and cheap step count.
import type { FileSource } from '../../io/source.js';
import { join } from '../../io/source.js';
import { readOptionalText, readText } from '../../io/read.js';
import type { Trajectory } from '../../model/trajectory.js';
import type { FormatModule, RunLocation } from '../types.js';
import { isObj } from '../shared/access.js';
import { looksLikeCast } from '../shared/asciinema.js';
import { CLAUDE_CODE_DESCRIPTION } from './description.js';
import { isStreamEvent } from './events.js';
import { CLAUDE_CODE_FORMAT_ID, parseClaudeCodeDir, parseClaudeCodeFile } from './parse.js';
import { eventsFromFile, STREAM_CANDIDATES, type LoadedStream } from './sources.js';

/** stream-json lines as they appear JSON-escaped inside a cast's output strings. */
const CAST_EVENT = /\{\\"type\\":\s*\\"(?:system|assistant|user)\\"/;
const LAUNCH = /\bclaude\b[^\n]*--output-format[ =]['"]?stream-json/;
const PROXY_HINT = /"tool_use"/;

/** Does the head of a text file look like Claude Code events (or a proxy log of its requests)? */
function textLooksLikeStream(text: string): boolean {
  if (looksLikeCast(text)) return CAST_EVENT.test(text);
  const head = text
    .slice(0, 256 * 1024)
    .split('\n')
    .slice(0, 200);
  for (const l of head) {
    const s = l.trim();
    if (!s.startsWith('{') || !s.includes('"type"')) continue;
    try {
      const v: unknown = JSON.parse(s);
      if (isStreamEvent(v) && (v.type !== 'system' || 'session_id' in v || 'subtype' in v)) return true;
      if (isObj(v) && Array.isArray(v.messages) && PROXY_HINT.test(s)) return true;
    } catch {
      // a long line cut by the head slice, or noise: keep looking
    }
  }
  return false;
}

async function exists(src: FileSource, p: string): Promise<boolean> {
  return !!(await src.stat(p).catch(() => null));
}

async function detectDir(src: FileSource, dir: string): Promise<boolean> {
  if (await exists(src, join(dir, 'agent', 'claude-code.txt'))) return true;
  const log = await readOptionalText(src, join(dir, 'sessions', 'claude_code.log'));
  if (log !== null && textLooksLikeStream(log)) return true;
  // A terminal-bench trial that launched `claude ... --output-format stream-json` is a Claude Code run even
  // when its recordings are missing (then it opens with no steps and says why).
  const commands = await readOptionalText(src, join(dir, 'commands.txt'));
  if (commands !== null && LAUNCH.test(commands)) return true;
  const cast = await readOptionalText(src, join(dir, 'sessions', 'agent.cast'));
  return cast !== null && CAST_EVENT.test(cast);
}

function countCalls(stream: LoadedStream): number {
  const ids = new Set<string>();
  let anonymous = 0;
  for (const ev of stream.events) {
    const msg = ev.value.message;
    if (ev.value.type !== 'assistant' || !isObj(msg) || !Array.isArray(msg.content)) continue;
    for (const b of msg.content) {
      if (!isObj(b) || !(b.type === 'tool_use' || b.type === 'server_tool_use' || b.type === 'mcp_tool_use'))
        continue;
      if (typeof b.id === 'string' && b.id) ids.add(b.id);
      else anonymous++;
    }
  }
  return ids.size + anonymous;
}

// Every tool-call block has "type": "tool_use" (or server_/mcp_tool_use) in its line; other lines add nothing.
const mayHoldCall = (line: string): boolean => line.includes('tool_use');

/** Tool calls in one candidate file, as countCalls on its full stream; null when it holds no events. */
async function quickCallsOf(src: FileSource, p: string): Promise<number | null> {
  const calls = await eventsFromFile(src, p, mayHoldCall);
  if (calls) return countCalls(calls);
  // No stream-json event: the full reader also tries the proxy-log form before the next candidate is read.
  const all = await eventsFromFile(src, p);
  return all ? countCalls(all) : null;
}

export const claude_codeFormat: FormatModule = {
  id: CLAUDE_CODE_FORMAT_ID,
  title: 'Claude Code (stream-json)',
  description: CLAUDE_CODE_DESCRIPTION,
  fingerprints: [
    'agent/claude-code.txt',
    'sessions/claude_code.log',
    'sessions/agent.cast',
    'commands.txt',
    'file:*.jsonl',
    'file:*.ndjson',
    'file:*.txt',
    'file:*.log',
    'file:*.cast',
  ],
  // Above the generic terminal-bench readers (miniswe also fingerprints commands.txt), below ATIF, whose
  // agent/trajectory.json is the better view of a Harbor trial that also has agent/claude-code.txt.
  priority: 55,
  async detect(loc: RunLocation): Promise<boolean> {
    try {
      if (loc.kind === 'dir') return await detectDir(loc.src, loc.path);
      return textLooksLikeStream(await readText(loc.src, loc.path));
    } catch {
      return false;
    }
  },
  async parse(loc: RunLocation): Promise<Trajectory[]> {
    return [
      loc.kind === 'dir'
        ? await parseClaudeCodeDir(loc.src, loc.path)
        : await parseClaudeCodeFile(loc.src, loc.path),
    ];
  },
  async quickCount(loc: RunLocation): Promise<number | null> {
    try {
      if (loc.kind === 'file') return (await quickCallsOf(loc.src, loc.path)) ?? 0;
      // The candidates in findStream's order: the first one holding events is the one the parse reads.
      for (const rel of STREAM_CANDIDATES) {
        const p = join(loc.path, rel);
        const st = await loc.src.stat(p).catch(() => null);
        if (!st || st.kind !== 'file') continue;
        const n = await quickCallsOf(loc.src, p).catch(() => null);
        if (n !== null) return n;
      }
      return 0;
    } catch {
      return null;
    }
  },
};
