// Memory through the commands, in-process against the scripted LLM server: `run` learns and the next
// `run` is given the lessons; --no-memory and evaluation mode (--eval, a batch manifest with gold
// labels) neither use nor update memory unless --memory says so; `codetracer memory ...` manages it.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { MemoryStore } from '../../src/core/memory/store.js';
import { agentKey } from '../../src/core/memory/paths.js';
import { runInFolder } from '../helpers/cli-folder.js';
import { ScriptedLlmServer } from '../helpers/scripted-llm-server.js';
import { harness, KEY, type Harness } from '../llm/setup.js';
import { happyPath } from '../llm/script.js';
import { makeBatchRoot, scriptedDiagnosis, type BatchRoot } from '../batch/setup.js';
import { isExtraction, lessonsReply, routed, systemPromptOf } from './scripted.js';

let h: Harness | null = null;
let b: BatchRoot | null = null;
let server: ScriptedLlmServer | null = null;
let tmp = '';
afterEach(async () => {
  await h?.close();
  await server?.close();
  if (b) rmSync(b.tmp, { recursive: true, force: true });
  if (tmp) rmSync(tmp, { recursive: true, force: true });
  h = null;
  b = null;
  server = null;
  tmp = '';
});

const LESSON = 'The agent tends to compile before it has read every input file it was given.';
const SEEDED = 'Runs of this agent often stop right after the first command that succeeds.';

function llmEnv(hh: Harness, dataDir: string): Record<string, string> {
  return {
    CODETRACER_API_BASE: hh.server.url,
    CODETRACER_API_KEY: KEY,
    CODETRACER_MODEL: 'gpt-4.1-mini',
    CODETRACER_DATA_DIR: dataDir,
  };
}

describe('memory in run / analyze', () => {
  it('a run learns a lesson; the next run of the same agent type is given it', async () => {
    h = await harness({
      fallback: routed(
        (req) => happyPath('detailed')[req.body.messages.filter((m: any) => m.role === 'assistant').length],
        [lessonsReply([{ kind: 'failure_pattern', text: LESSON }])],
      ),
    });
    const data = path.join(h.tmp, 'data');
    const env = llmEnv(h, data);
    const first = await runInFolder(['run', h.runDir, '-o', path.join(h.tmp, 'o1')], env, h.tmp);
    expect(first.stderr).toBe('');
    expect(first.code).toBe(0);
    const key = agentKey(h.traj.format, h.traj.agent);
    expect(first.stdout).toContain(`memory (${key}): 1 lesson(s) learned`);
    expect(h.server.chatRequests.filter(isExtraction)).toHaveLength(1);
    expect(systemPromptOf(h.server.chatRequests[0])).not.toContain(LESSON);

    const before = h.server.chatRequests.length;
    const second = await runInFolder(
      ['analyze', h.runDir, '-o', path.join(h.tmp, 'o2'), '--json'],
      env,
      h.tmp,
    );
    expect(second.code).toBe(0);
    expect(systemPromptOf(h.server.chatRequests[before])).toContain(`- ${LESSON}`);
    expect(JSON.parse(second.stdout).runs[0].memory).toEqual({ key, stored: 0 });

    const list = await runInFolder(['memory', 'list'], env, h.tmp);
    expect(list.stdout).toBe(`${key}\t1 lesson(s)\n`);
  });

  it('--no-memory and --eval: no lesson in the prompt, no extraction, the store unchanged; --eval --memory uses it', async () => {
    h = await harness({
      fallback: routed(
        (req) => happyPath('detailed')[req.body.messages.filter((m: any) => m.role === 'assistant').length],
      ),
    });
    const data = path.join(h.tmp, 'data');
    const env = llmEnv(h, data);
    const store = new MemoryStore(path.join(data, 'memory'), agentKey(h.traj.format, h.traj.agent));
    await store.addLessons([{ kind: 'failure_pattern', text: SEEDED }], null);
    const records = (await store.records()).length;

    for (const flags of [['--no-memory'], ['--eval']]) {
      const at = h.server.chatRequests.length;
      const r = await runInFolder(['run', h.runDir, '-o', path.join(h.tmp, 'o'), ...flags], env, h.tmp);
      expect(r.code).toBe(0);
      const reqs = h.server.chatRequests.slice(at);
      expect(reqs.length).toBe(4);
      expect(reqs.some(isExtraction)).toBe(false);
      for (const q of reqs) expect(JSON.stringify(q.body)).not.toContain(SEEDED);
      expect(r.stdout).not.toContain('memory (');
    }
    expect((await store.records()).length).toBe(records);

    const at = h.server.chatRequests.length;
    const r = await runInFolder(
      ['run', h.runDir, '-o', path.join(h.tmp, 'o'), '--eval', '--memory'],
      env,
      h.tmp,
    );
    expect(r.code).toBe(0);
    expect(systemPromptOf(h.server.chatRequests[at])).toContain(SEEDED);
    expect(h.server.chatRequests.slice(at).filter(isExtraction)).toHaveLength(1);
  });
});

describe('memory settings', () => {
  it('config memory.enabled: false turns it off; --memory still turns it on', async () => {
    h = await harness({
      fallback: routed(
        (req) => happyPath('detailed')[req.body.messages.filter((m: any) => m.role === 'assistant').length],
      ),
    });
    const env = llmEnv(h, path.join(h.tmp, 'data'));
    const cfg = path.join(h.tmp, 'ct.yaml');
    writeFileSync(cfg, 'memory:\n  enabled: false\n  every_steps: 1\n');
    const off = await runInFolder(['run', h.runDir, '-o', path.join(h.tmp, 'o'), '-c', cfg], env, h.tmp);
    expect(off.code).toBe(0);
    expect(h.server.chatRequests.some(isExtraction)).toBe(false);
    const on = await runInFolder(
      ['run', h.runDir, '-o', path.join(h.tmp, 'o'), '-c', cfg, '--memory'],
      env,
      h.tmp,
    );
    expect(on.code).toBe(0);
    // every_steps 1: online extractions during the run, plus the final one.
    expect(h.server.chatRequests.filter(isExtraction).length).toBeGreaterThanOrEqual(2);
    const bad = path.join(h.tmp, 'bad.yaml');
    writeFileSync(bad, 'memory:\n  every_step: 3\n');
    const r = await runInFolder(['run', h.runDir, '-c', bad], env, h.tmp);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/config memory/);
  });
});

describe('memory in batch', () => {
  it('a manifest with gold labels is an evaluation: memory off unless --memory', async () => {
    b = await makeBatchRoot();
    // Every extraction answers the same lesson: runs of one agent type share it, merged.
    server = await ScriptedLlmServer.start({
      fallback: routed(
        scriptedDiagnosis,
        Array.from({ length: 9 }, () => lessonsReply([{ kind: 'pitfall', text: LESSON }])),
      ),
    });
    const data = path.join(b.tmp, 'data');
    const env = {
      CODETRACER_API_BASE: server.url,
      CODETRACER_API_KEY: 'sk-batch-test',
      CODETRACER_MODEL: 'gpt-4.1-mini',
      CODETRACER_DATA_DIR: data,
    };
    const off = await runInFolder(
      ['batch', '-m', b.manifest, '-r', b.root, '-o', path.join(b.tmp, 'out1'), '-j', '3'],
      env,
      b.tmp,
    );
    expect(off.code).toBe(0);
    expect(off.stdout).toMatch(
      /memory off \(evaluation: the manifest has gold labels; --memory turns it on\)/,
    );
    expect(server.chatRequests.some(isExtraction)).toBe(false);
    expect(server.chatRequests).toHaveLength(27);

    // --memory: each run is followed by one extraction, written by parallel workers to shared stores.
    const on = await runInFolder(
      ['batch', '-m', b.manifest, '-r', b.root, '-o', path.join(b.tmp, 'out2'), '-j', '3', '--memory'],
      env,
      b.tmp,
    );
    expect(on.code).toBe(0);
    expect(on.stdout).toMatch(/; memory on\n/);
    expect(server.chatRequests.filter(isExtraction)).toHaveLength(9);
    const list = (await runInFolder(['memory', 'list'], env, b.tmp)).stdout.trim().split('\n');
    expect(list.length).toBeGreaterThan(3);
    for (const l of list) expect(l).toMatch(/\t1 lesson\(s\)$/);
  });
});

describe('codetracer memory', () => {
  it('list, show, edit --add / --remove, edit in $EDITOR, clear', async () => {
    tmp = mkdtempSync(path.join(os.tmpdir(), 'ct-memcli-'));
    const env = { CODETRACER_DATA_DIR: path.join(tmp, 'data') };
    expect((await runInFolder(['memory', 'list'], env, tmp)).stdout).toMatch(/^no memory yet/);

    const add = await runInFolder(
      ['memory', 'edit', 'miniswe', '--add', 'Check the last submit step first.', '--kind', 'strategy'],
      env,
      tmp,
    );
    expect(add.stderr).toBe('');
    expect(add.stdout).toBe('miniswe: added 1 lesson(s); 1 now\n');
    await runInFolder(
      ['memory', 'edit', 'miniswe', '--add', 'A failing lint is not a failing test.'],
      env,
      tmp,
    );
    await runInFolder(
      [
        'memory',
        'edit',
        'openhands--codeactagent',
        '--add',
        'Condensation events hide earlier steps.',
        '--kind',
        'agent_quirk',
      ],
      env,
      tmp,
    );

    expect((await runInFolder(['memory', 'list'], env, tmp)).stdout).toBe(
      'miniswe\t2 lesson(s)\nopenhands--codeactagent\t1 lesson(s)\n',
    );
    const shown = JSON.parse((await runInFolder(['memory', 'show', 'mini', '--json'], env, tmp)).stdout);
    expect(shown[0].agent).toBe('miniswe');
    expect(shown[0].header).toMatch(/^CodeTracer memory for "miniswe" runs/);
    const [a, b2] = shown[0].entries as { id: string; kind: string; text: string }[];
    expect([a.kind, b2.kind]).toEqual(['strategy', 'pitfall']);
    const text = (await runInFolder(['memory', 'show', 'miniswe'], env, tmp)).stdout;
    expect(text).toContain(`${a.id} strategy: Check the last submit step first.`);

    // Unknown agent, bad kind, unknown id: one line, exit 2.
    expect((await runInFolder(['memory', 'show', 'nope'], env, tmp)).stderr).toMatch(/no memory for "nope"/);
    expect(
      (await runInFolder(['memory', 'edit', 'miniswe', '--add', 'x y z', '--kind', 'gossip'], env, tmp)).code,
    ).toBe(2);
    expect(
      (await runInFolder(['memory', 'edit', 'miniswe', '--remove', 'deadbeef'], env, tmp)).stderr,
    ).toMatch(/no lesson with id deadbeef/);

    const rm = await runInFolder(['memory', 'edit', 'miniswe', '--remove', b2.id], env, tmp);
    expect(rm.stdout).toBe('miniswe: removed 1 lesson(s); 1 now\n');

    // $EDITOR: a script that rewrites the lesson's text and adds a line; the result is validated.
    const editor = `sed -i -e 's/Check the last submit step first./Read the final diff first./' -e '$a pitfall: Retries of a flaky command are not redundant.'`;
    const ed = await runInFolder(['memory', 'edit', 'miniswe'], { ...env, EDITOR: editor }, tmp);
    expect(ed.stderr).toBe('');
    expect(ed.stdout).toBe('miniswe: 1 added, 1 changed, 0 removed\n');
    const after = JSON.parse((await runInFolder(['memory', 'show', 'miniswe', '--json'], env, tmp)).stdout)[0]
      .entries;
    expect(after.map((e: { text: string }) => e.text)).toEqual([
      'Read the final diff first.',
      'Retries of a flaky command are not redundant.',
    ]);
    expect(after[0].id).toBe(a.id);
    // An edit that is not valid changes nothing.
    const bad = await runInFolder(
      ['memory', 'edit', 'miniswe'],
      { ...env, EDITOR: `sed -i -e '$a this is not a lesson'` },
      tmp,
    );
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/line \d+: expected/);
    expect(
      JSON.parse((await runInFolder(['memory', 'show', 'miniswe', '--json'], env, tmp)).stdout)[0].entries,
    ).toHaveLength(2);

    // clear asks; without a terminal it needs --yes. The header stays.
    const ask = await runInFolder(['memory', 'clear', 'miniswe'], env, tmp);
    expect(ask.code).toBe(2);
    expect(ask.stderr).toMatch(/give --yes/);
    const cleared = await runInFolder(['memory', 'clear', 'miniswe', '--yes'], env, tmp);
    expect(cleared.stdout).toBe('cleared the memory of miniswe\n');
    expect((await runInFolder(['memory', 'list'], env, tmp)).stdout).toBe(
      'miniswe\t0 lesson(s)\nopenhands--codeactagent\t1 lesson(s)\n',
    );
    const store = new MemoryStore(path.join(tmp, 'data', 'memory'), 'miniswe');
    expect(await store.records()).toEqual([{ t: 'header', v: 1, agent: 'miniswe' }]);
    // A new agent type from --add gets a file-safe key.
    expect(
      (
        await runInFolder(
          ['memory', 'edit', 'My Agent/v2', '--add', 'Lesson for a new agent type.'],
          env,
          tmp,
        )
      ).stdout,
    ).toBe('my-agent-v2: added 1 lesson(s); 1 now\n');
    await runInFolder(['memory', 'clear', '--yes'], env, tmp);
    expect((await runInFolder(['memory', 'list'], env, tmp)).stdout).toBe(
      'miniswe\t0 lesson(s)\nmy-agent-v2\t0 lesson(s)\nopenhands--codeactagent\t0 lesson(s)\n',
    );
  });
});
