// The spec language on small synthetic runs: each reading mode, filters, actor rules, commands, grouping,
// cross-record pairing, task and verdict sources.
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { locate } from '../../src/core/formats/open.js';
import { interpretSpec } from '../../src/core/formats/spec/interpret.js';
import { validateSpec } from '../../src/core/formats/spec/load.js';
import { parsePath, selectAll, selectOne } from '../../src/core/formats/spec/path.js';
import { specFormat } from '../../src/core/formats/spec/module.js';
import { matchesWhen } from '../../src/core/formats/spec/values.js';
import { writeFiles } from '../helpers/files.js';

const tmp = mkdtempSync(path.join(os.tmpdir(), 'ct-spec-lang-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

function runDir(name: string, files: Record<string, string>): string {
  return writeFiles(path.join(tmp, name), files);
}

const head = { version: 1, id: 'synthetic', title: 'synthetic', description: 'synthetic test format' };

describe('paths', () => {
  it('select keys, indices, wildcards and quoted keys', () => {
    const v = { a: { 'b c': [1, { d: 'x' }], list: [{ t: 'p' }, { t: 'q' }] } };
    expect(selectOne(v, 'a["b c"][1].d')).toBe('x');
    expect(selectOne(v, 'a.list[-1].t')).toBe('q');
    expect(selectAll(v, 'a.list[*].t')).toEqual(['p', 'q']);
    expect(selectOne(v, '$.a.list.0.t')).toBe('p');
    expect(selectOne(v, 'a.missing.x')).toBeUndefined();
    expect(() => parsePath('a[b]')).toThrow(/not an index/);
    expect(matchesWhen({ tags: ['a', 'b'] }, { 'tags[*]': 'b' })).toBe(true);
    expect(matchesWhen({ tags: ['a'] }, { 'tags[*]': ['x', 'y'] })).toBe(false);
    expect(matchesWhen({ k: 1 }, { missing: null, k: [1, 2] })).toBe(true);
    expect(() => parsePath('a..b')).toThrow(/empty segment/);
  });
});

describe('reading modes', () => {
  it('embedded JSON lines: a pattern picks log lines, commands group by turn into one step', async () => {
    const dir = runDir('embedded', {
      'agent.log': [
        'boot 12:00 starting',
        '12:01 STEP {"turn":1,"cmd":"ls","out":"a.py b.py","why":"look around"}',
        '12:02 STEP {"turn":2,"cmd":"cat a.py","out":"print(1)"}',
        '12:02 STEP {"turn":2,"cmd":"cat b.py","out":"print(2)"}',
        '12:03 STEP {not json}',
        '12:04 DONE',
      ].join('\n'),
      'TASK.md': '# Fix the bug\n',
      'result.json': '{"status":"pass"}',
    });
    const spec = validateSpec(
      {
        ...head,
        fingerprints: ['agent.log'],
        files: ['agent.log'],
        read: 'embedded-json-lines',
        pattern: '^\\S+ STEP (\\{)',
        steps: { command: { path: 'cmd' }, observation: 'out', reasoning: 'why' },
        group: { by: 'turn' },
        task: { file: 'TASK.md' },
        verdict: { file: 'result.json', path: 'status', equals: 'pass' },
      },
      'spec',
    );
    const t = await interpretSpec(spec, await locate(dir));
    expect(t.steps.map((s) => [s.id, s.action, s.tool, s.observation])).toEqual([
      [1, 'ls', 'bash', 'a.py b.py'],
      [2, 'cat a.py\n\ncat b.py', 'bash', 'print(1)\n\nprint(2)'],
    ]);
    expect(t.steps[0].reasoning).toBe('look around');
    expect(t.steps[1].toolCalls).toEqual([
      { name: 'bash', arguments: { command: 'cat a.py' } },
      { name: 'bash', arguments: { command: 'cat b.py' } },
    ]);
    expect(t.steps[1].parallelGroup).toBe(1);
    expect(t.steps[0].raw).toMatchObject({ lineStart: 2 });
    expect(t.warnings.join()).toMatch(/1 line\(s\) are not JSON/);
    expect(t.task).toBe('# Fix the bug');
    expect(t.verdict).toMatchObject({ solved: true });
  });

  it('text lines: each non-empty line is a record {line, text}', async () => {
    const dir = runDir('lines', { 'session.txt': '> ls\n\n> pwd\n' });
    const spec = validateSpec(
      { ...head, fingerprints: ['*.txt'], files: ['*.txt'], read: 'text-lines', steps: { text: 'text' } },
      'spec',
    );
    const t = await interpretSpec(spec, await locate(dir));
    expect(t.steps.map((s) => [s.action, s.raw?.lineStart])).toEqual([
      ['> ls', 1],
      ['> pwd', 3],
    ]);
  });

  it('JSON with a records path; actor rules, skip, cross-record pairing and orphans', async () => {
    const doc = {
      meta: { model: 'm-1', ok: false },
      log: [
        { type: 'result', call: 'c0', text: 'too early' },
        { type: 'msg', who: 'human', text: 'please list files' },
        { type: 'call', id: 'c1', fn: 'bash', args: '{"command":"ls"}', think: 'start' },
        { type: 'debug', text: 'noise' },
        { type: 'call', id: 'c2', fn: 'bash', args: { command: 'pwd' } },
        { type: 'result', call: 'c2', text: '/work' },
        { type: 'result', call: 'c1', text: 'a b' },
        { type: 'result', call: 'zz', text: 'who knows' },
        { type: 'msg', who: 'bot', text: '' },
      ],
    };
    const dir = runDir('json', { 'run.json': JSON.stringify(doc) });
    const spec = validateSpec(
      {
        ...head,
        fingerprints: ['run.json'],
        detect: { contains: ['"log"'] },
        files: ['run.json'],
        read: 'json',
        records: 'log',
        steps: {
          skip: { type: 'debug' },
          actor: { rules: [{ when: { who: 'human' }, actor: 'user' }], default: 'agent' },
          text: 'text',
          toolCalls: { path: '$', id: 'id', name: 'fn', arguments: 'args' },
          reasoning: 'think',
        },
        results: { when: { type: 'result' }, callId: 'call', content: 'text' },
        model: { path: 'meta.model' },
        verdict: { path: 'meta.ok' },
      },
      'spec',
    );
    const fmt = specFormat(spec);
    const loc = await locate(dir);
    expect(await fmt.detect(loc)).toBe(true);
    const [t] = await fmt.parse(loc);
    expect(t.steps.map((s) => [s.actor, s.tool ?? null, s.observation])).toEqual([
      ['user', null, null],
      ['agent', 'bash', 'a b'],
      // The unknown call id is kept with the step before it.
      ['agent', 'bash', '/work\n\nwho knows'],
      ['agent', null, null],
    ]);
    expect(t.steps[1].toolCalls[0]).toEqual({ id: 'c1', name: 'bash', arguments: { command: 'ls' } });
    expect(t.steps[1].reasoning).toBe('start');
    expect(t.steps[3].action).toBe('(empty agent message)');
    expect(t.warnings).toContain('1 result record(s) come before any step; dropped');
    expect(t.model).toBe('m-1');
    expect(t.verdict.solved).toBe(false);
    expect(t.format).toBe('synthetic');
  });

  it('a run whose files are missing is a clear one-line error; detect says no', async () => {
    const dir = runDir('empty', { 'other.txt': 'x' });
    const spec = validateSpec(
      { ...head, fingerprints: ['run.json'], files: ['run.json'], read: 'json', steps: { text: 'text' } },
      'spec',
    );
    expect(await specFormat(spec).detect(await locate(dir))).toBe(false);
    await expect(interpretSpec(spec, await locate(dir))).rejects.toThrow(
      /no file of the run matches the spec's files \(run\.json\)/,
    );
  });
});
