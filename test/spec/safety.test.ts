// A spec is data: it cannot read outside the run, backtrack for ever, or read without bound.
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { locate } from '../../src/core/formats/open.js';
import { interpretSpec } from '../../src/core/formats/spec/interpret.js';
import { validateSpec, specProblems } from '../../src/core/formats/spec/load.js';
import { regexProblem } from '../../src/core/formats/spec/safety.js';

const tmp = mkdtempSync(path.join(os.tmpdir(), 'ct-spec-safety-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

const base = {
  version: 1,
  id: 'probe',
  title: 'probe',
  description: 'probe',
  fingerprints: ['*.jsonl'],
  files: ['*.jsonl'],
  read: 'jsonl',
  steps: { action: 'cmd' },
};

describe('files outside the run', () => {
  it.each([
    ['../other/*.json', 'leaves the run'],
    ['logs/../../x.json', 'leaves the run'],
    ['/etc/passwd', 'absolute'],
    ['~/.ssh/id_rsa', 'absolute'],
    ['a/**/b.json', '"**"'],
  ])('%s is rejected', (glob, msg) => {
    const problems = specProblems({ ...base, files: [glob] });
    expect(problems.join('\n')).toContain(msg);
    expect(() => validateSpec({ ...base, files: [glob] }, 'spec.yaml')).toThrow(
      /invalid format spec: files\.0: /,
    );
  });

  it('a task file glob outside the run is rejected too', () => {
    expect(specProblems({ ...base, task: { file: '../task.md' } }).join()).toContain('leaves the run');
  });

  it('a symlink inside the run pointing outside is refused when read', async () => {
    const outside = path.join(tmp, 'secret.jsonl');
    writeFileSync(outside, '{"cmd":"stolen"}\n');
    const run = path.join(tmp, 'run-link');
    mkdirSync(run);
    writeFileSync(path.join(run, 'a.jsonl'), '{"cmd":"ls"}\n');
    symlinkSync(outside, path.join(run, 'b.jsonl'));
    const spec = validateSpec(base, 'spec');
    await expect(interpretSpec(spec, await locate(run))).rejects.toThrow(/outside the run; refused/);
  });
});

describe('regexes', () => {
  it.each(['^(a+)+$', '(x*)*y', '(a|aa)*$', '((ab)+c)+', '(?:\\d+\\s?)+$', '(a)\\1'])(
    '%s is rejected with a one-line reason',
    (re) => {
      const p = regexProblem(re);
      expect(p).toMatch(/backtrack|backreference/);
      expect(p).not.toContain('\n');
      const problems = specProblems({ ...base, read: 'embedded-json-lines', pattern: re });
      expect(problems.join()).toMatch(
        /pattern: regex .* (can backtrack catastrophically|uses a backreference)/,
      );
    },
  );

  it.each(['^\\[agent\\] (\\{.*)$', '^data: ', '"type":\\s*"event"', '^(?:INFO|DEBUG) [0-9:]+ (.*)$'])(
    '%s is accepted',
    (re) => expect(regexProblem(re)).toBeNull(),
  );

  it('a pattern only sees the start of a line, so a huge line costs nothing', async () => {
    const run = path.join(tmp, 'run-long');
    mkdirSync(run);
    const long = 'x'.repeat(2_000_000);
    writeFileSync(
      path.join(run, 'log.txt'),
      `[agent] {"cmd":"ls","pad":"${long}"}\n${long}\n[agent] {"cmd":"pwd"}\n`,
    );
    const spec = validateSpec(
      {
        ...base,
        fingerprints: ['log.txt'],
        files: ['log.txt'],
        read: 'embedded-json-lines',
        pattern: '^\\[agent\\] ',
      },
      'spec',
    );
    const t0 = Date.now();
    const [a, b] = (await interpretSpec(spec, await locate(run))).steps;
    expect([a.action, b.action]).toEqual(['ls', 'pwd']);
    expect(Date.now() - t0).toBeLessThan(3000);
  });
});

describe('size and time caps', () => {
  const run = path.join(tmp, 'run-many');
  mkdirSync(run);
  for (let i = 1; i <= 2100; i++) writeFileSync(path.join(run, `e_${i}.jsonl`), `{"cmd":"c${i}"}\n`);

  it('a glob matching more files than the cap reads the first ones and says so', async () => {
    const t = await interpretSpec(validateSpec(base, 'spec'), await locate(run));
    expect(t.steps.length).toBe(2000);
    expect(t.steps[9].action).toBe('c10'); // natural order: e_10 after e_9
    expect(t.warnings.join()).toMatch(/matches more than the 2000-file cap/);
  });

  it('a glob that lists too many entries stops with a clear message', async () => {
    await expect(
      interpretSpec(validateSpec(base, 'spec'), await locate(run), { caps: { maxListed: 500 } }),
    ).rejects.toThrow(/looked at more than 500 directory entries \(cap\)/);
  });

  it('total bytes and time are capped', async () => {
    const loc = await locate(run);
    await expect(
      interpretSpec(validateSpec(base, 'spec'), loc, { caps: { maxBytes: 1000 } }),
    ).rejects.toThrow(/add up to more than 1 KB \(cap\)/);
    await expect(interpretSpec(validateSpec(base, 'spec'), loc, { caps: { timeMs: -1 } })).rejects.toThrow(
      /took longer than .* s \(cap\)/,
    );
  });
});
