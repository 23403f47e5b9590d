// Acceptance: a real format no built-in parser reads (OpenHands SDK v1 events) is learned from a scripted
// LLM that first returns a spec with one error, then a correct one; the skill is saved, and inspect,
// discover and the TUI read the format from then on.
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cleanup } from 'ink-testing-library';
import { startSession } from '../../components/session.js';
import { resolveConfig } from '../../src/core/config/resolve.js';
import { locate } from '../../src/core/formats/open.js';
import { detect } from '../../src/core/formats/registry.js';
import { learnFormat, type GenerateResult } from '../../src/core/formats/spec/generate.js';
import { loadSkills, readSkills } from '../../src/core/formats/spec/store.js';
import { LlmClient } from '../../src/core/llm/client.js';
import { runInProcess } from '../helpers/cli.js';
import { ScriptedLlmServer } from '../helpers/scripted-llm-server.js';
import { renderSession } from '../components/render-app.js';
import { reply, sdkSpec, SDK_RUN, SKILL_MD, wrongSpec } from './sdk-spec.js';

const tmp = mkdtempSync(path.join(os.tmpdir(), 'ct-learn-'));
const root = path.join(tmp, 'runs');
const run = path.join(root, 'conversation-cd945624');
const skills = path.join(tmp, 'skills');
let server: ScriptedLlmServer;
let result: GenerateResult;

async function client(url: string): Promise<LlmClient> {
  const cfg = await resolveConfig({
    flags: { apiBase: url, apiKey: 'sk-test', model: 'gpt-4.1-mini' },
    env: {},
    confCwd: false,
  });
  return new LlmClient(
    {
      apiBase: url,
      apiKey: 'sk-test',
      model: 'gpt-4.1-mini',
      timeoutMs: 5000,
      maxRetries: 0,
      retryBaseMs: 5,
      retryMaxMs: 20,
      retryAfterCapMs: 1000,
      prices: cfg.prices,
      stream: false,
      streamUsage: false,
    },
    { random: () => 0.5 },
  );
}

beforeAll(async () => {
  mkdirSync(root, { recursive: true });
  cpSync(SDK_RUN, run, { recursive: true });
  server = await ScriptedLlmServer.start({
    script: [{ text: reply(wrongSpec()) }, { text: reply(sdkSpec()) }],
  });
});

afterAll(async () => {
  cleanup();
  await server.close();
  rmSync(tmp, { recursive: true, force: true });
});

describe('learning the OpenHands SDK v1 format', () => {
  it('no built-in format reads the run', async () => {
    const d = await detect(await locate(run));
    expect(d.format).toBeNull();
    const r = await runInProcess(['inspect', run], tmp, { CODETRACER_SKILLS_DIR: skills });
    expect(r.code).toBe(2);
  });

  it('retries with the errors, validates on the run and saves the skill', async () => {
    result = await learnFormat(await locate(run), {
      llm: await client(server.url),
      skillsDir: skills,
      attempts: 3,
    });
    expect(result.attempts).toBe(2);
    expect(result.rejected).toHaveLength(1);
    expect(result.rejected[0].join()).toMatch(/yields no steps/);
    expect(result.spec?.id).toBe('openhands-sdk');

    const reqs = server.chatRequests.map((r) => r.body.messages as { role: string; content: string }[]);
    expect(reqs).toHaveLength(2);
    // The first request shows the listing and bounded samples of the run.
    const first = reqs[0].map((m) => m.content).join('\n');
    expect(first).toContain('events/event-00002-fa7668e4-a43d-4fa4-b75c-ffd642afb5b5.json');
    expect(first).toContain('"kind":"ActionEvent"');
    expect(first.length).toBeLessThan(40_000);
    // The second carries the first reply and the problem found on the run.
    const last = reqs[1][reqs[1].length - 1];
    expect(last.role).toBe('user');
    expect(last.content).toMatch(/rejected it:\n- the spec yields no steps/);
    expect(reqs[1][reqs[1].length - 2].role).toBe('assistant');

    const t = result.traj!;
    expect(t.steps.map((s) => [s.id, s.actor, s.tool ?? null])).toEqual([
      [1, 'user', null],
      [2, 'agent', 'terminal'],
      [3, 'agent', 'finish'],
      [4, 'user', null],
      [5, 'agent', null],
    ]);
    expect(t.steps[1].action).toContain('pwd > tool_output.txt');
    expect(t.steps[1].toolCalls[0]).toMatchObject({ id: 'call_KaQ0kUcBb5tbMzhxbIx9dvoZ', name: 'terminal' });
    expect(t.steps[2].observation).toBe('The current directory has been written to tool_output.txt.');
    expect(t.task).toMatch(/^Use the terminal tool to run `pwd`/);
    expect(t.model).toBe('openai/gpt-4o-mini');
    expect(t.sources).toEqual([`${run}/events/ (8 files)`]);

    const dir = path.join(skills, 'openhands-sdk');
    expect(result.dir).toBe(dir);
    expect(readFileSync(path.join(dir, 'SKILL.md'), 'utf8').trim()).toBe(SKILL_MD);
    const saved = readSkills(skills);
    expect(saved.warnings).toEqual([]);
    expect(saved.skills.map((s) => s.id)).toEqual(['openhands-sdk']);
    expect(saved.skills[0].spec).toEqual(result.spec);
  });

  it('inspect and discover then read the format', async () => {
    const env = { CODETRACER_SKILLS_DIR: skills };
    const r = await runInProcess(['inspect', run], tmp, env);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/format\s+openhands-sdk/);
    expect(r.stdout).toMatch(/steps\s+5/);
    expect(r.stdout).toContain('pwd > tool_output.txt');

    const d = await runInProcess(['discover', root, '--json', '--no-llm'], tmp, env);
    expect(d.code).toBe(0);
    const found = JSON.parse(d.stdout) as { path: string; format: string }[];
    expect(found).toEqual([expect.objectContaining({ path: run, format: 'openhands-sdk' })]);
  });

  it('a fresh process loads the saved skill from disk (copied under another id)', async () => {
    const other = path.join(tmp, 'skills2');
    mkdirSync(path.join(other, 'sdk-copy'), { recursive: true });
    const text = readFileSync(path.join(skills, 'openhands-sdk/spec.yaml'), 'utf8');
    writeFileSync(path.join(other, 'sdk-copy/spec.yaml'), text.replace('id: openhands-sdk', 'id: sdk-copy'));
    const list = await runInProcess(['skills', 'list'], tmp, { CODETRACER_SKILLS_DIR: other });
    expect(list.stdout).toMatch(/^sdk-copy\s+OpenHands Software Agent SDK v1 conversation/);
    const r = await runInProcess(['inspect', run, '--format', 'sdk-copy'], tmp, {
      CODETRACER_SKILLS_DIR: other,
    });
    expect(r.stdout).toMatch(/format\s+sdk-copy/);
  });

  it('the TUI lists and opens the run in the learned format', async () => {
    // As codetracer-tui does at start-up: the learned formats from the skills dir.
    expect(loadSkills({ dir: skills }).skills.map((x) => x.id)).toEqual(['openhands-sdk']);
    const config = await resolveConfig({ env: {}, confCwd: false });
    const s = startSession({ roots: [root], config, env: { HOME: tmp }, cwd: tmp, watch: false });
    try {
      const app = await renderSession(s, { columns: 140, rows: 40 });
      s.start();
      const f = await app.waitFor((fr) => fr.includes('1 runs') && fr.includes('openhands-'), 'run listed');
      // The Runs pane shortens the format id to its column: the learned format, 5 steps.
      expect(f).toMatch(/openhands-\S*\s+5\s/);
      await app.press('\r');
      await app.waitFor(
        (fr) => fr.includes('1/5') && fr.includes('terminal') && fr.includes('pwd > tool_output.t'),
        'timeline with the terminal step',
      );
    } finally {
      await s.dispose();
    }
  });
});
