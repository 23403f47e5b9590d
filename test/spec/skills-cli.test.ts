// The skills store from the command line: list/show/remove, broken skills skipped with one line, and
// `inspect --learn-format` learning an unknown run through a scripted LLM.
import { cpSync, existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { builtinSpec } from '../../src/core/formats/spec/builtin/index.js';
import { saveSkill } from '../../src/core/formats/spec/store.js';
import { runInProcess } from '../helpers/cli.js';
import { ScriptedLlmServer } from '../helpers/scripted-llm-server.js';
import { reply, sdkSpec, SDK_RUN, wrongSpec } from './sdk-spec.js';
import { writeFiles } from '../helpers/files.js';

const tmp = mkdtempSync(path.join(os.tmpdir(), 'ct-skills-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));
const ATIF_RUN = path.resolve(import.meta.dirname, '../fixtures/atif/regex-log__XYfBZFy');

function skillDir(name: string, files: Record<string, string>): string {
  return writeFiles(path.join(tmp, name), files);
}

describe('skills list/show/remove', () => {
  it('shows and removes a saved skill', async () => {
    const dir = path.join(tmp, 'store');
    const spec = { ...builtinSpec('whowhen'), id: 'team-chat' };
    await saveSkill(dir, spec, '# Team chat\n\nOne message per step.');
    const env = { CODETRACER_SKILLS_DIR: dir };
    const list = await runInProcess(['skills', 'list'], tmp, env);
    expect(list.stdout).toMatch(/^team-chat\s+Who&When \(as a spec\)\s+\[file:\*\.json\]/);
    const show = await runInProcess(['skills', 'show', 'team-chat'], tmp, env);
    expect(show.stdout).toMatch(/^# Team chat\n\nOne message per step.\n\n--- .*team-chat\/spec\.yaml\n/);
    expect(show.stdout).toContain('records: history');
    expect((await runInProcess(['skills', 'remove', 'team-chat'], tmp, env)).stdout).toBe(
      'removed team-chat\n',
    );
    expect(existsSync(path.join(dir, 'team-chat'))).toBe(false);
    expect((await runInProcess(['skills', 'list'], tmp, env)).stdout).toMatch(/^no learned formats in /);
    const gone = await runInProcess(['skills', 'remove', 'team-chat'], tmp, env);
    expect(gone.code).toBe(2);
    expect(gone.stderr).toMatch(/^codetracer: no learned format "team-chat"/);
  });

  it('a broken skill is skipped with a one-line warning; every command still works', async () => {
    const dir = skillDir('broken', {
      'bad-version/spec.yaml': 'version: 2\nid: bad-version\n',
      'bad-regex/spec.yaml': JSON.stringify({
        ...sdkSpec('bad-regex'),
        read: 'embedded-json-lines',
        files: ['log.txt'],
        pattern: '^(a+)+$',
      }),
      'not-yaml/spec.yaml': 'version: [1\n',
      'wrong-folder/spec.yaml': JSON.stringify(sdkSpec('other-id')),
      'atif/spec.yaml': JSON.stringify(sdkSpec('atif')),
      'good/spec.yaml': JSON.stringify(sdkSpec('good')),
    });
    const env = { CODETRACER_SKILLS_DIR: dir };
    const r = await runInProcess(['inspect', ATIF_RUN], tmp, env);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/format\s+atif/);
    const lines = r.stderr.trimEnd().split('\n');
    expect(lines).toHaveLength(5);
    for (const l of lines) expect(l).toMatch(/^codetracer: warning: skill "[a-z-]+" .*skipped: /);
    expect(r.stderr).toMatch(/skill "bad-regex" .* can backtrack catastrophically/);
    expect(r.stderr).toMatch(/skill "bad-version" .* version: /);
    expect(r.stderr).toMatch(/skill "not-yaml" .* neither JSON nor YAML/);
    expect(r.stderr).toMatch(/skill "wrong-folder" .* differs from its folder name/);
    expect(r.stderr).toMatch(/skill "atif" skipped: id "atif" is a built-in format/);
    const list = await runInProcess(['skills', 'list', '--json'], tmp, env);
    expect(JSON.parse(list.stdout).map((s: { id: string }) => s.id)).toEqual(['atif', 'good']);
  });
});

describe('inspect --learn-format', () => {
  it('learns the unknown run with the LLM, then shows it; a known run is left alone', async () => {
    const run = path.join(tmp, 'sdk-run');
    cpSync(SDK_RUN, run, { recursive: true });
    const server = await ScriptedLlmServer.start({ script: [{ text: reply(sdkSpec('sdk-learned')) }] });
    try {
      const env = {
        CODETRACER_SKILLS_DIR: path.join(tmp, 'learned'),
        CODETRACER_API_BASE: server.url,
        CODETRACER_API_KEY: 'sk-test',
        CODETRACER_MODEL: 'gpt-4.1-mini',
        CODETRACER_CONF_DIR: path.join(tmp, 'conf'),
      };
      const r = await runInProcess(['inspect', run, '--learn-format'], tmp, env);
      expect(r.code).toBe(0);
      expect(r.stderr).toMatch(
        /learned format "sdk-learned" \(5 steps; \d+ tokens.*\); saved to .*learned\/sdk-learned/,
      );
      expect(r.stdout).toMatch(/format\s+sdk-learned/);
      expect(existsSync(path.join(tmp, 'learned/sdk-learned/spec.yaml'))).toBe(true);
      expect(server.chatRequests).toHaveLength(1);

      // Known now: no LLM call, and `skills generate` refuses.
      await runInProcess(['inspect', run, '--learn-format'], tmp, env);
      expect(server.chatRequests).toHaveLength(1);
      const g = await runInProcess(['skills', 'generate', run], tmp, env);
      expect(g.code).toBe(2);
      expect(g.stderr).toMatch(/already reads this run; nothing to learn/);
    } finally {
      await server.close();
    }
  });

  it('without an LLM it says what to set', async () => {
    const run = path.join(tmp, 'sdk-run-2');
    cpSync(SDK_RUN, run, { recursive: true });
    // Another events layout so the format learned above does not read it.
    rmSync(path.join(run, 'events'), { recursive: true });
    mkdirSync(path.join(run, 'log'));
    writeFileSync(path.join(run, 'log', 'e1.json'), '{"kind":"X"}');
    const r = await runInProcess(['skills', 'generate', run], tmp, {
      CODETRACER_SKILLS_DIR: path.join(tmp, 'none'),
      CODETRACER_CONF_DIR: path.join(tmp, 'conf'),
    });
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/^codetracer: learning a format needs an LLM: set CODETRACER_API_KEY/);
  });

  it('inspect offers --learn-format for an unknown run when an LLM is configured', async () => {
    const run = path.join(tmp, 'unknown-run');
    mkdirSync(path.join(run, 'log'), { recursive: true });
    writeFileSync(path.join(run, 'log', 'e1.json'), '{"kind":"X"}');
    const base = {
      CODETRACER_SKILLS_DIR: path.join(tmp, 'none'),
      CODETRACER_CONF_DIR: path.join(tmp, 'conf'),
    };
    const offered = await runInProcess(['inspect', run], tmp, {
      ...base,
      CODETRACER_API_BASE: 'http://127.0.0.1:9/v1',
      CODETRACER_API_KEY: 'sk-test',
    });
    expect(offered.code).toBe(2);
    expect(offered.stderr).toMatch(
      /no known trajectory format here .*\(--learn-format lets the LLM learn this format\)\n$/,
    );
    const plain = await runInProcess(['inspect', run], tmp, base);
    expect(plain.stderr).not.toContain('--learn-format');
  });

  it('analyze --learn-format learns the format first, then diagnoses the run', async () => {
    const run = path.join(tmp, 'sdk-history');
    cpSync(SDK_RUN, run, { recursive: true });
    cpSync(path.join(run, 'events'), path.join(run, 'history'), { recursive: true });
    rmSync(path.join(run, 'events'), { recursive: true });
    const spec = {
      ...sdkSpec('sdk-history'),
      fingerprints: ['history/event-*.json'],
      files: [{ glob: 'history/event-*.json' }],
    };
    const server = await ScriptedLlmServer.start({ script: [{ text: reply(spec) }] });
    try {
      const out = path.join(tmp, 'analyze-out');
      const r = await runInProcess(['analyze', run, '--learn-format', '--offline', '-o', out], tmp, {
        CODETRACER_SKILLS_DIR: path.join(tmp, 'learned-2'),
        CODETRACER_API_BASE: server.url,
        CODETRACER_API_KEY: 'sk-test',
        CODETRACER_MODEL: 'gpt-4.1-mini',
        CODETRACER_CONF_DIR: path.join(tmp, 'conf'),
        HOME: tmp,
        XDG_CACHE_HOME: path.join(tmp, 'cache'),
      });
      expect(r.stderr).toMatch(/learned format "sdk-history" \(5 steps/);
      expect(r.code).toBe(0);
      expect(r.stdout).toMatch(/sdk-history: \d+ incorrect, \d+ unuseful of 5 steps/);
      expect(server.chatRequests).toHaveLength(1);
    } finally {
      await server.close();
    }
  });

  it('skills generate gives up after --attempts bad specs with the last problem, saving nothing', async () => {
    const run = path.join(tmp, 'sdk-give-up');
    cpSync(SDK_RUN, run, { recursive: true });
    cpSync(path.join(run, 'events'), path.join(run, 'ev'), { recursive: true });
    rmSync(path.join(run, 'events'), { recursive: true });
    const server = await ScriptedLlmServer.start({
      script: [{ text: 'I am not sure.' }, { text: reply(wrongSpec()) }, { text: reply(sdkSpec()) }],
    });
    try {
      const skillsDir = path.join(tmp, 'give-up-skills');
      const r = await runInProcess(['skills', 'generate', run, '--attempts', '2'], tmp, {
        CODETRACER_SKILLS_DIR: skillsDir,
        CODETRACER_API_BASE: server.url,
        CODETRACER_API_KEY: 'sk-test',
        CODETRACER_MODEL: 'gpt-4.1-mini',
        CODETRACER_CONF_DIR: path.join(tmp, 'conf'),
      });
      expect(r.code).toBe(2);
      expect(r.stderr).toMatch(/attempt 1: rejected \(1 problem\(s\)\): no spec found/);
      expect(r.stderr.trimEnd().split('\n').pop()).toMatch(
        /^codetracer: .*sdk-give-up: no usable spec after 2 attempt\(s\) \(\d+ tokens.*\); last problem: fingerprints \["events\/event-\*\.json"\] match nothing in this run$/,
      );
      expect(server.chatRequests).toHaveLength(2);
      expect(existsSync(skillsDir)).toBe(false);
    } finally {
      await server.close();
    }
  });
});
