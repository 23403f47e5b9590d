// LLM-guided discovery against the scripted server: a layout no marker or fingerprint matches (real ATIF
// trajectories stored under names nothing expects), proposals checked one by one, bad ones rejected with a
// reason, garbage answers retried once, and a listing that stays bounded on a huge tree.
import { execFileSync } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { discoverAll } from '../../src/core/discovery/index.js';
import { guidedDiscover } from '../../src/core/discovery/llm-guided.js';
import { buildListing } from '../../src/core/discovery/listing.js';
import { resolveProposalPath } from '../../src/core/discovery/check-proposal.js';
import type { LlmClient } from '../../src/core/llm/client.js';
import { scriptedLlmClient } from '../helpers/llm-client.js';
import { callTool, ScriptedLlmServer, type ScriptStep } from '../helpers/scripted-llm-server.js';

const FIX = path.join(path.dirname(fileURLToPath(import.meta.url)), '../fixtures/atif');
// regex-log: 5 ATIF steps; prove-plus-comm: 24 ATIF steps (see test/fixtures/atif/NOTICE.md).
const SMALL = path.join(FIX, 'regex-log__XYfBZFy/agent/trajectory.json');
const BIG = path.join(FIX, 'prove-plus-comm__YDACMLN/agent/trajectory.json');

let tmp: string;
let root: string;
let outside: string;

function put(rel: string, from: string): void {
  const p = path.join(tmp, rel);
  mkdirSync(path.dirname(p), { recursive: true });
  copyFileSync(from, p);
}

beforeAll(() => {
  tmp = mkdtempSync(path.join(os.tmpdir(), 'ct-guided-'));
  root = path.join(tmp, 'lab');
  outside = path.join(tmp, 'outside');
  // Runs stored as "attempt.dat": no marker, no fingerprint, no file pattern (*.json, *.log, *.txt...).
  put('lab/experiments/2026-01/alpha/attempt.dat', SMALL);
  put('lab/experiments/2026-01/beta/attempt.dat', BIG);
  mkdirSync(path.join(root, 'experiments/2026-01/notes'), { recursive: true });
  writeFileSync(path.join(root, 'experiments/2026-01/notes/todo.txt'), 'compare alpha and beta\n');
  // A FIFO: reading it would block, so no check may open it.
  execFileSync('mkfifo', [path.join(root, 'experiments/2026-01/notes/pipe')]);
  writeFileSync(path.join(root, 'README.txt'), 'lab notebook\n');
  // A real run outside the root, reachable through a link inside it.
  put('outside/attempt.dat', SMALL);
  symlinkSync(outside, path.join(root, 'escape'));
});
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

let server: ScriptedLlmServer | null = null;
afterEach(async () => {
  await server?.close();
  server = null;
});

async function client(script: ScriptStep[]): Promise<LlmClient> {
  server = await ScriptedLlmServer.start({ script });
  return scriptedLlmClient(server.url);
}

const userText = (i: number): string =>
  (server!.chatRequests[i].body.messages as { role: string; content: string }[])
    .filter((m) => m.role === 'user')
    .map((m) => m.content)
    .join('\n');

describe('LLM-guided discovery', () => {
  it('plain discovery finds nothing in this layout', async () => {
    const r = await discoverAll([root]);
    expect(r.runs).toEqual([]);
  });

  it('finds the proposed runs and rejects proposals outside the root, missing or not runs', async () => {
    const llm = await client([
      callTool('propose_runs', {
        runs: [
          { path: 'experiments/2026-01/alpha', format: 'atif', reason: 'one attempt per folder' },
          { path: './experiments/2026-01/beta/attempt.dat', reason: 'ATIF head' },
          { path: '../outside', reason: 'sibling' },
          { path: outside, reason: 'absolute' },
          { path: path.join(outside, 'attempt.dat'), reason: 'absolute file' },
          { path: 'escape', reason: 'link' },
          { path: 'escape/attempt.dat', reason: 'file behind the link' },
          { path: 'experiments/2026-01/notes', reason: 'maybe' },
          { path: 'experiments/2026-01/notes/pipe', reason: 'a stream' },
          { path: 'experiments/2026-02', reason: 'guess' },
        ],
      }),
    ]);
    const r = await guidedDiscover(root, { llm });
    expect(r.failure).toBeNull();
    expect(r.calls).toBe(1);
    expect(r.runs.map((x) => [path.relative(root, x.path), x.format, x.steps])).toEqual([
      ['experiments/2026-01/alpha/attempt.dat', 'atif', 5],
      ['experiments/2026-01/beta/attempt.dat', 'atif', 24],
    ]);
    expect(r.runs.every((x) => x.size > 0)).toBe(true);
    expect(r.rejected).toEqual([
      { path: '../outside', reason: 'path goes outside the root (..)' },
      { path: outside, reason: 'absolute path outside the root' },
      { path: path.join(outside, 'attempt.dat'), reason: 'absolute path outside the root' },
      { path: 'escape', reason: 'symbolic link resolves outside the root' },
      { path: 'escape/attempt.dat', reason: 'symbolic link resolves outside the root' },
      {
        path: 'experiments/2026-01/notes',
        reason: 'no known trajectory format in this folder or the files directly in it',
      },
      { path: 'experiments/2026-01/notes/pipe', reason: 'not a regular file or folder' },
      { path: 'experiments/2026-02', reason: 'does not exist' },
    ]);
    // The model saw the listing (with heads), the formats, and nothing from behind the link.
    const sent = userText(0);
    expect(sent).toContain('experiments/2026-01/alpha/attempt.dat');
    expect(sent).toMatch(/attempt\.dat {2}\d+\.\d KB {2}head: .*schema_version/);
    expect(sent).toContain('- atif:');
    expect(sent).toContain('escape  (symbolic link to outside the root; not followed)');
    expect(server!.chatRequests[0].body.tools[0].function.name).toBe('propose_runs');
  });

  it('reads a fenced JSON answer, and does not report runs already known', async () => {
    const alpha = path.join(root, 'experiments/2026-01/alpha/attempt.dat');
    const llm = await client([
      {
        text:
          'Here they are:\n```json\n{"runs": [{"path": "experiments/2026-01/alpha/attempt.dat"}, ' +
          '{"path": "experiments/2026-01/beta"}]}\n```',
      },
    ]);
    const r = await guidedDiscover(root, { llm, known: [alpha] });
    expect(r.runs.map((x) => [path.relative(root, x.path), x.steps])).toEqual([
      ['experiments/2026-01/beta/attempt.dat', 24],
    ]);
    expect(r.rejected).toEqual([]);
  });

  it('sends a garbage answer back once with the validation error, then uses the corrected one', async () => {
    const llm = await client([
      callTool('propose_runs', { runs: [{ where: 'alpha' }] }),
      callTool('propose_runs', { runs: [{ path: 'experiments/2026-01/alpha' }] }),
    ]);
    const r = await guidedDiscover(root, { llm });
    expect(r.calls).toBe(2);
    expect(r.failure).toBeNull();
    expect(r.runs.map((x) => x.steps)).toEqual([5]);
    const retry = server!.chatRequests[1].body.messages as { role: string; content: string }[];
    const fix = retry.at(-1)!;
    expect(fix.role).toBe('tool');
    expect(fix.content).toMatch(/could not be used: .*runs\.0\.path/);
  });

  it('gives up with one line after a second unusable answer', async () => {
    const llm = await client([
      { text: 'There might be runs in the experiments folder.' },
      callTool('propose_runs', '{"runs": [ {"path": '),
      { text: 'never asked' },
    ]);
    const r = await guidedDiscover(root, { llm });
    expect(r.calls).toBe(2);
    expect(server!.chatRequests).toHaveLength(2);
    expect(r.runs).toEqual([]);
    expect(r.failure).toMatch(/^the LLM gave no usable proposals \(2 answers; last: .*not valid JSON/);
    expect(r.failure).not.toContain('\n');
    expect(userText(1)).toContain('the reply holds no propose_runs call and no JSON block');
  });

  it('makes no retry once the token limit is spent', async () => {
    const llm = await client([{ text: 'no idea' }, { text: 'never asked' }]);
    const r = await guidedDiscover(root, { llm, limits: { costUsd: 1, tokenLimit: 10 } });
    expect(r.calls).toBe(1);
    expect(r.failure).toMatch(/no usable proposals \(its answer; last: the reply holds no/);
  });

  it('reports a failed call in one line', async () => {
    const llm = await client([{ type: 'status', status: 401, message: 'bad key' }]);
    const r = await guidedDiscover(root, { llm });
    expect(r.runs).toEqual([]);
    expect(r.failure).toMatch(/^the LLM call failed: /);
  });
});

describe('pattern proposals', () => {
  let many: string;
  beforeAll(() => {
    many = path.join(tmp, 'many');
    // More sibling runs than the listing shows (40 per folder): only a pattern can name them all.
    for (let i = 0; i < 60; i++) put(`many/runs/r${String(i).padStart(2, '0')}/run.dat`, SMALL);
    mkdirSync(path.join(many, 'runs/r-broken'));
    writeFileSync(path.join(many, 'runs/r-broken/run.dat'), 'not a run\n');
    put('outside2/run.dat', SMALL);
    symlinkSync(path.join(tmp, 'outside2'), path.join(many, 'runs/zz-link'));
  });

  it('expands a glob inside the root and checks every match', async () => {
    const llm = await client([
      callTool('propose_runs', {
        runs: [
          { path: 'runs/*/run.dat', reason: 'one run per folder, 62 folders' },
          { path: '../*/run.dat' },
          { path: path.join(tmp, '*/run.dat') },
          { path: 'runs/**/run.dat' },
          { path: 'logs/*' },
          { path: 'runs/r-broken/*' },
        ],
      }),
    ]);
    const r = await guidedDiscover(many, { llm });
    expect(userText(0)).toContain('runs/…  (22 more entries not listed)');
    expect(r.runs).toHaveLength(60);
    expect(new Set(r.runs.map((x) => x.format))).toEqual(new Set(['atif']));
    expect(r.runs.every((x) => x.steps === 5 && x.path.startsWith(many + '/runs/r'))).toBe(true);
    // The folder behind the link is never entered: its run is not among the matches.
    expect(r.notes).toEqual([
      {
        path: 'runs/*/run.dat',
        message: expect.stringMatching(/^1 of 61 matches are not runs \(first: runs\/r-broken\/run\.dat: /),
      },
    ]);
    expect(r.rejected).toEqual([
      { path: '../*/run.dat', reason: 'path goes outside the root (..)' },
      { path: path.join(tmp, '*/run.dat'), reason: 'absolute path outside the root' },
      { path: 'runs/**/run.dat', reason: '"**" is not supported: use one "*" per folder level' },
      { path: 'logs/*', reason: 'the pattern matches nothing' },
      {
        path: 'runs/r-broken/*',
        reason: expect.stringMatching(/^none of the 1 match is a run \(first: runs\/r-broken\/run\.dat: /),
      },
    ]);
  });
});

describe('the listing', () => {
  let big: string;
  beforeAll(() => {
    big = path.join(tmp, 'big');
    mkdirSync(path.join(big, 'flat'), { recursive: true });
    for (let i = 0; i < 3000; i++) writeFileSync(path.join(big, 'flat', `f${i}.txt`), 'x');
    for (let d = 0; d < 60; d++) {
      const dir = path.join(big, 'tree', `d${d}`, 'deeper', 'still', 'more', 'and', 'more');
      mkdirSync(dir, { recursive: true });
      for (let i = 0; i < 30; i++) writeFileSync(path.join(big, 'tree', `d${d}`, `g${i}.log`), 'y');
    }
    mkdirSync(path.join(big, 'node_modules/pkg'), { recursive: true });
    writeFileSync(path.join(big, 'node_modules/pkg/index.js'), '');
  });

  it('is capped per folder, in total and in depth, and honours the skip list', async () => {
    const l = await buildListing(big);
    expect(l.truncated).toBe(true);
    expect(l.shown).toBeLessThanOrEqual(420);
    expect(l.text.length).toBeLessThanOrEqual(24_000 + 100);
    expect(l.text).toContain('flat/…  (2960 more entries not listed)');
    expect(l.text).toContain('node_modules/  (skipped)');
    expect(l.text).not.toContain('node_modules/pkg');
    expect(l.text).not.toMatch(/more\/and\/more/);
  });

  it('shows no head of private-looking files and masks key-shaped text in the others', async () => {
    const d = path.join(tmp, 'private');
    mkdirSync(d);
    writeFileSync(path.join(d, '.env'), 'OPENAI_API_KEY=abcdef123456\n');
    writeFileSync(path.join(d, 'aws_credentials'), '[default]\naws_access_key_id = AKIA\n');
    writeFileSync(path.join(d, 'notes.txt'), 'use sk-proj-abcdefghijklmnop for the runs\n');
    const l = await buildListing(d);
    expect(l.text).toContain('.env  28 B\n');
    expect(l.text).toContain('aws_credentials  35 B\n');
    expect(l.text).toContain('notes.txt  42 B  head: "use [REDACTED] for the runs"');
    expect(l.text).not.toMatch(/abcdef123456|abcdefghijklmnop/);
  });

  it('keeps the request bounded on a tree with thousands of files', async () => {
    const llm = await client([{ text: '```json\n{"runs": []}\n```' }]);
    const r = await guidedDiscover(big, { llm });
    expect(r.failure).toBeNull();
    expect(r.runs).toEqual([]);
    const size = JSON.stringify(server!.chatRequests[0].body.messages).length;
    expect(size).toBeLessThan(30_000);
    expect(userText(0)).toContain('(bounded: some entries were left out)');
  });
});

describe('proposal paths', () => {
  it('are normalized and must stay inside the root', () => {
    const rt = '/data/root';
    expect(resolveProposalPath('a/../b', rt)).toEqual({ abs: '/data/root/b' });
    expect(resolveProposalPath('a/../../x', rt)).toEqual({ reason: 'path goes outside the root (..)' });
    expect(resolveProposalPath('/data/root/x', rt)).toEqual({ abs: '/data/root/x' });
    expect(resolveProposalPath('/data/rootkit', rt)).toEqual({ reason: 'absolute path outside the root' });
    expect(resolveProposalPath('..\\..\\etc', rt)).toEqual({ reason: 'path goes outside the root (..)' });
    expect(resolveProposalPath('  ', rt)).toEqual({ reason: 'empty path' });
  });
});
