// The memory store on disk: records fold into entries, duplicates merge, the size cap drops the least
// used and oldest entries but keeps the header, compaction is atomic and keeps what was appended, bad
// lines are skipped, and a lock left by a dead process is taken over.
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  writeFileSync,
  appendFileSync,
} from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { agentKey, memoryRoot, sanitizeKey } from '../../src/core/memory/paths.js';
import { listAgents, MemoryStore } from '../../src/core/memory/store.js';
import { renderForPrompt, parseEditable, renderEditable } from '../../src/core/memory/render.js';
import { withLock } from '../../src/core/memory/lock.js';
import { headerText } from '../../src/core/memory/types.js';

let tmp = '';
afterEach(() => {
  if (tmp) rmSync(tmp, { recursive: true, force: true });
  tmp = '';
});
const fresh = () => (tmp = mkdtempSync(path.join(os.tmpdir(), 'ct-mem-')));
const lines = (f: string) =>
  readFileSync(f, 'utf8')
    .trim()
    .split('\n')
    .map((l) => JSON.parse(l));

describe('memory paths', () => {
  it('keys are the format plus the agent name, sanitized into a file name', () => {
    expect(agentKey('openhands', 'CodeActAgent')).toBe('openhands--codeactagent');
    expect(agentKey('miniswe', null)).toBe('miniswe');
    expect(agentKey('claude_code', 'claude_code')).toBe('claude_code');
    expect(sanitizeKey('../../etc/passwd')).toBe('etc-passwd');
    expect(sanitizeKey('')).toBe('unknown');
  });

  it('the data dir: CODETRACER_DATA_DIR, else XDG_DATA_HOME, else ~/.local/share', () => {
    expect(memoryRoot({ CODETRACER_DATA_DIR: '/d' })).toBe('/d/memory');
    expect(memoryRoot({ XDG_DATA_HOME: '/x', HOME: '/h' })).toBe('/x/codetracer/memory');
    expect(memoryRoot({ HOME: '/h' })).toBe('/h/.local/share/codetracer/memory');
  });
});

describe('MemoryStore', () => {
  it('stores lessons after a header line and merges duplicates (normalized text or near-equal words)', async () => {
    const s = new MemoryStore(fresh(), 'openhands');
    await s.addLessons(
      [
        { kind: 'failure_pattern', text: 'The agent edits files before reproducing the failure.' },
        { kind: 'strategy', text: 'Compare the last test run with the first one.' },
      ],
      'run-1',
    );
    await s.addLessons(
      [{ kind: 'failure_pattern', text: 'the agent EDITS files before reproducing the failure' }],
      'run-2',
    );
    await s.addLessons(
      [{ kind: 'failure_pattern', text: 'The agent edits the files before reproducing the failure!' }],
      'run-3',
    );
    const recs = lines(s.file);
    expect(recs[0]).toEqual({ t: 'header', v: 1, agent: 'openhands' });
    const es = await s.entries();
    expect(es.map((e) => [e.kind, e.uses])).toEqual([
      ['failure_pattern', 2],
      ['strategy', 0],
    ]);
    expect(es[0].source).toBe('run-1');
    // Compaction writes the merged state: header + one line per entry.
    await s.compact();
    const after = lines(s.file);
    expect(after.map((r) => r.t)).toEqual(['header', 'entry', 'entry']);
    expect((await s.entries()).map((e) => e.uses)).toEqual([2, 0]);
  });

  it('the size cap drops the least used, then the oldest entries, and never the header', async () => {
    const big = new MemoryStore(fresh(), 'miniswe');
    for (let i = 0; i < 6; i++)
      await big.addLessons([{ kind: 'pitfall', text: `lesson q${i}x unique${i}y` }], null);
    const [second] = (await big.entries()).filter((e) => e.text.includes('q1x'));
    await big.markUsed([second.id]);
    const s = new MemoryStore(big.root, 'miniswe', { maxEntries: 3 });
    // Reads already show what the cap keeps.
    expect((await s.entries()).map((e) => e.text)).toEqual([
      'lesson q1x unique1y',
      'lesson q4x unique4y',
      'lesson q5x unique5y',
    ]);
    await s.compact();
    const recs = lines(s.file);
    expect(recs[0]).toEqual({ t: 'header', v: 1, agent: 'miniswe' });
    expect(recs.slice(1).map((r) => r.entry.text)).toEqual([
      'lesson q1x unique1y',
      'lesson q4x unique4y',
      'lesson q5x unique5y',
    ]);
    // Even a cap of 0 keeps the header.
    const z = new MemoryStore(s.root, 'miniswe', { maxEntries: 0 });
    await z.compact();
    expect(lines(z.file)).toEqual([{ t: 'header', v: 1, agent: 'miniswe' }]);
  });

  it('update, remove and clear; clear keeps the header', async () => {
    const s = new MemoryStore(fresh(), 'swe_agent');
    const [a, b] = await s.addLessons(
      [
        { kind: 'agent_quirk', text: 'Prints the whole file after every edit.' },
        { kind: 'pitfall', text: 'Do not count a failed install as a wrong edit.' },
      ],
      null,
    );
    await s.update(a, { text: 'Prints the whole file after each edit.', kind: 'agent_quirk' });
    await s.remove([b]);
    expect((await s.entries()).map((e) => e.text)).toEqual(['Prints the whole file after each edit.']);
    await s.clear();
    expect(await s.entries()).toEqual([]);
    expect(lines(s.file)).toEqual([{ t: 'header', v: 1, agent: 'swe_agent' }]);
  });

  it('skips broken lines (hand edits, a line being written) and lists agents with counts', async () => {
    const root = fresh();
    const s = new MemoryStore(root, 'atif');
    await s.addLessons([{ kind: 'strategy', text: 'Read the verifier output first.' }], null);
    appendFileSync(s.file, 'not json\n{"t":"add","id":"x"}\n{"t":"add","id":"abc');
    expect((await s.entries()).map((e) => e.text)).toEqual(['Read the verifier output first.']);
    await new MemoryStore(root, 'terminus').addLessons(
      [{ kind: 'pitfall', text: 'A timeout is not a wrong command.' }],
      null,
    );
    expect((await listAgents(root)).map((a) => [a.key, a.entries])).toEqual([
      ['atif', 1],
      ['terminus', 1],
    ]);
    expect(await listAgents(path.join(root, 'missing'))).toEqual([]);
  });

  it('appends made while the log is long are kept by the compaction they trigger', async () => {
    const s = new MemoryStore(fresh(), 'k', { maxEntries: 100, compactAfter: 5 });
    for (let i = 0; i < 20; i++) await s.addLessons([{ kind: 'pitfall', text: `l${i}a m${i}b` }], null);
    expect((await s.entries()).length).toBe(20);
    // Compacted at least once: far fewer records than 20 adds.
    expect(lines(s.file).length).toBeLessThanOrEqual(21);
    expect(lines(s.file)[0].t).toBe('header');
  });
});

describe('lock file', () => {
  it('is exclusive: critical sections never overlap', async () => {
    const file = path.join(fresh(), 'x.lock');
    let inside = 0;
    let maxInside = 0;
    await Promise.all(
      Array.from({ length: 8 }, () =>
        withLock(file, async () => {
          inside++;
          maxInside = Math.max(maxInside, inside);
          await new Promise((r) => setTimeout(r, 5));
          inside--;
        }),
      ),
    );
    expect(maxInside).toBe(1);
    expect(existsSync(file)).toBe(false);
  });

  it('a lock left by a dead process is taken over; a live one makes the writer wait, then give up', async () => {
    const dir = fresh();
    const file = path.join(dir, 'y.lock');
    mkdirSync(dir, { recursive: true });
    // A pid that does not exist, on this host, an old lock.
    writeFileSync(file, JSON.stringify({ pid: 2 ** 22 + 12345, host: os.hostname(), nonce: 'dead', at: 0 }));
    const old = new Date(Date.now() - 60_000);
    const { utimesSync } = await import('node:fs');
    utimesSync(file, old, old);
    expect(await withLock(file, async () => 'got it', { staleMs: 1000 })).toBe('got it');
    // Held by this (live) process and fresh: the second writer times out with a clear message.
    writeFileSync(
      file,
      JSON.stringify({ pid: process.pid, host: os.hostname(), nonce: 'live', at: Date.now() }),
    );
    await expect(withLock(file, async () => 1, { timeoutMs: 200 })).rejects.toThrow(
      /locked by another process/,
    );
    expect(JSON.parse(readFileSync(file, 'utf8')).nonce).toBe('live');
  });
});

describe('rendering', () => {
  it('the prompt block starts with the header, is bounded, and most used lessons come first', async () => {
    const s = new MemoryStore(fresh(), 'openhands');
    await s.addLessons(
      [
        { kind: 'failure_pattern', text: 'Gives up on a failing test and edits the test instead.' },
        { kind: 'strategy', text: 'Look for the first command whose exit code changed.' },
        { kind: 'pitfall', text: 'x'.repeat(390) },
      ],
      null,
    );
    const es = await s.entries();
    const full = renderForPrompt('openhands', es, 4000);
    expect(full.text.startsWith(headerText('openhands'))).toBe(true);
    expect(full.text).toContain('Recurring failure patterns:\n- Gives up on a failing test');
    expect(full.ids).toHaveLength(3);
    const small = renderForPrompt('openhands', es, headerText('openhands').length + 120);
    expect(small.ids).toHaveLength(2);
    expect(small.text).not.toContain('xxxx');
    expect(renderForPrompt('openhands', [], 4000).text).toBe('');
  });

  it('the editable file round-trips, and an edit is validated line by line', async () => {
    const s = new MemoryStore(fresh(), 'claude_code');
    const [a, b] = await s.addLessons(
      [
        { kind: 'agent_quirk', text: 'Uses TodoWrite before acting.' },
        { kind: 'pitfall', text: 'Subagent output is not the main agent.' },
      ],
      null,
    );
    const es = await s.entries();
    const text = renderEditable('claude_code', es);
    expect(parseEditable(text, es)).toEqual({ add: [], update: [], remove: [] });
    const edited = text
      .replace(
        `${a} agent_quirk: Uses TodoWrite before acting.`,
        `${a} strategy: Read the TodoWrite list first.`,
      )
      .replace(new RegExp(`^${b} .*$`, 'm'), 'failure_pattern: Stops after the first passing test.');
    expect(parseEditable(edited, es)).toEqual({
      add: [{ kind: 'failure_pattern', text: 'Stops after the first passing test.' }],
      update: [{ id: a, kind: 'strategy', text: 'Read the TodoWrite list first.' }],
      remove: [b],
    });
    expect(() => parseEditable(text + '\nwhatever this is\n', es)).toThrow(/line \d+: expected/);
    expect(() => parseEditable('deadbeef pitfall: x y z\n', es)).toThrow(/no lesson has the id deadbeef/);
  });
});
