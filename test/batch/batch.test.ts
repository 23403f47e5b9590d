// `codetracer batch` in-process: heuristic and scripted-LLM batches over real fixture runs (one packed as
// a .tar.zst artifact), shards, per-run timeouts, bad manifest rows, --resume, and eval over the outputs.
import { readdirSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { main } from '../../src/cli/main.js';
import { inShard, parseShard } from '../../src/core/batch/shard.js';
import { runInFolder } from '../helpers/cli-folder.js';
import { ScriptedLlmServer } from '../helpers/scripted-llm-server.js';
import { writeTinyParquet } from '../helpers/tiny-parquet.js';
import {
  ALL_IDS,
  GOLD_MARKER,
  llmEnv,
  makeBatchRoot,
  readSummary,
  scriptedDiagnosis,
  validateOutputs,
  type BatchRoot,
} from './setup.js';

let b: BatchRoot | null = null;
let server: ScriptedLlmServer | null = null;
afterEach(async () => {
  await server?.close();
  server = null;
  if (b) rmSync(b.tmp, { recursive: true, force: true });
  b = null;
});

const outDirs = (out: string) =>
  readdirSync(out, { withFileTypes: true })
    .filter((e) => e.isDirectory())
    .map((e) => e.name)
    .sort();

describe('codetracer batch', () => {
  it('--offline --parallel 4: every run of the manifest diagnosed, outputs valid, summary written', async () => {
    b = await makeBatchRoot();
    const out = path.join(b.tmp, 'out');
    const r = await runInFolder(
      ['batch', '--manifest', b.manifest, '--root', b.root, '--output', out, '--offline', '--parallel', '4'],
      {},
      b.tmp,
    );
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/--offline: using the heuristic diagnoser; 9 run\(s\), 4 at a time/);
    expect(r.stdout).toMatch(/9 completed, 0 failed, 0 not started/);
    expect(outDirs(out)).toEqual([...ALL_IDS].sort());
    expect(await validateOutputs(b, out, ALL_IDS)).toEqual([]);
    const s = readSummary(out);
    expect(s.finished).toBe(true);
    expect(s.runs.map((x) => x.traj_id)).toEqual(ALL_IDS);
    expect(s.runs.every((x) => x.status === 'completed' && x.error === null && (x.steps ?? 0) > 0)).toBe(
      true,
    );
    // The archived run opened as the run inside it.
    expect(s.runs.find((x) => x.traj_id === 'regex-log')?.steps).toBe(5);

    // eval reads the output folder: every gold run finds its prediction.
    const ev = await runInFolder(['eval', '--gold', b.manifest, '--pred', out, '--json'], {}, b.tmp);
    expect(ev.code).toBe(0);
    const report = JSON.parse(ev.stdout);
    expect(report.runs).toHaveLength(9);
    expect(JSON.stringify(report.warnings)).not.toMatch(/no prediction|missing/i);

    // --resume: a damaged output is redone, the rest are kept.
    writeFileSync(path.join(out, 'hello-world', 'codetracer_labels.json'), '[{"stage_id": 99');
    const again = await runInFolder(
      ['batch', '-m', b.manifest, '-r', b.root, '-o', out, '--offline', '--resume'],
      {},
      b.tmp,
    );
    expect(again.code).toBe(0);
    const s2 = readSummary(out);
    expect(s2.runs.filter((x) => !x.resumed).map((x) => x.traj_id)).toEqual(['hello-world']);
    expect(s2.runs.every((x) => x.status === 'completed')).toBe(true);
    expect(await validateOutputs(b, out, ALL_IDS)).toEqual([]);
  });

  it('with the scripted LLM server, --parallel 4: outputs valid, 3 calls a run, no gold field sent', async () => {
    b = await makeBatchRoot();
    server = await ScriptedLlmServer.start({ fallback: scriptedDiagnosis, delayMs: 30 });
    const out = path.join(b.tmp, 'out');
    const r = await runInFolder(
      ['batch', '-m', b.manifest, '-r', b.root, '-o', out, '--parallel', '4'],
      llmEnv(server.url),
      b.tmp,
    );
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/using the LLM diagnoser \(gpt-4\.1-mini/);
    expect(await validateOutputs(b, out, ALL_IDS)).toEqual([]);
    const s = readSummary(out);
    expect(s.runs.every((x) => x.status === 'completed' && x.labels === 1 && (x.cost ?? 0) > 0)).toBe(true);
    expect(server.chatRequests).toHaveLength(27);
    for (const q of server.chatRequests) expect(JSON.stringify(q.body)).not.toContain(GOLD_MARKER);
    // Several runs were in flight at once: requests overlapped, up to the limit.
    const starts = server.chatRequests.map((q) => q.at).sort((a, c) => a - c);
    const overlap = Math.max(...starts.map((t) => starts.filter((u) => u >= t && u < t + 25).length));
    expect(overlap).toBeGreaterThan(1);
    expect(overlap).toBeLessThanOrEqual(4);
  });

  it('--shard 1/3, 2/3, 3/3 cover the manifest exactly once, and eval merges the three folders', async () => {
    b = await makeBatchRoot();
    const seen: string[] = [];
    const outs: string[] = [];
    for (const i of [1, 2, 3]) {
      const out = path.join(b.tmp, `out${i}`);
      outs.push(out);
      const r = await runInFolder(
        ['batch', '-m', b.manifest, '-r', b.root, '-o', out, '--offline', '--shard', `${i}/3`],
        {},
        b.tmp,
      );
      expect(r.code).toBe(0);
      const ids = readSummary(out).runs.map((x) => x.traj_id);
      expect(outDirs(out)).toEqual([...ids].sort());
      seen.push(...ids);
    }
    expect([...seen].sort()).toEqual([...ALL_IDS].sort());
    const ev = await runInFolder(['eval', '--gold', b.manifest, '--pred', ...outs, '--json'], {}, b.tmp);
    expect(ev.code).toBe(0);
    expect(JSON.parse(ev.stdout).runs).toHaveLength(9);
    expect(ev.stderr).not.toMatch(/no prediction/i);
  });

  it('a run whose LLM hangs hits --timeout; the batch goes on and records it', async () => {
    b = await makeBatchRoot();
    // Requests about the regex-log run (the archived one) never get an answer.
    server = await ScriptedLlmServer.start({
      fallback: (req) =>
        JSON.stringify(req.body).includes('regex expression') ? { type: 'hang' } : scriptedDiagnosis(req),
      hangCapMs: 20_000,
    });
    const out = path.join(b.tmp, 'out');
    const t0 = Date.now();
    const r = await runInFolder(
      ['batch', '-m', b.manifest, '-r', b.root, '-o', out, '--parallel', '4', '--timeout', '2'],
      llmEnv(server.url),
      b.tmp,
    );
    expect(Date.now() - t0).toBeLessThan(15_000);
    expect(r.code).toBe(1);
    const s = readSummary(out);
    const hung = s.runs.find((x) => x.traj_id === 'regex-log')!;
    expect(hung.status).toBe('timeout');
    expect(hung.error).toMatch(/timed out after 2 s/);
    expect(s.runs.filter((x) => x.status === 'completed')).toHaveLength(8);
    expect(r.stdout).toMatch(/8 completed, 1 failed/);
    // The partial diagnosis of the timed-out run was still written, and is valid.
    expect(await validateOutputs(b, out, ALL_IDS)).toEqual([]);
  }, 30_000);

  it('broken lines and unknown paths are reported with a reason; the rest completes', async () => {
    b = await makeBatchRoot();
    const lines = [
      JSON.stringify(b.rows[0]),
      '{"traj_id": "broken", "path": ',
      JSON.stringify({ path: 'runs/hello-world' }),
      JSON.stringify({ traj_id: 'ghost', path: 'runs/does-not-exist' }),
      JSON.stringify({ traj_id: 'nopath', solved: true }),
      JSON.stringify(b.rows[0]),
      JSON.stringify(b.rows[3]),
    ];
    const manifest = path.join(b.tmp, 'bad.jsonl');
    writeFileSync(manifest, lines.join('\n') + '\n');
    const out = path.join(b.tmp, 'out');
    const r = await runInFolder(['batch', '-m', manifest, '-r', b.root, '-o', out, '--offline'], {}, b.tmp);
    expect(r.code).toBe(1);
    const s = readSummary(out);
    const by = Object.fromEntries(s.runs.map((x) => [x.traj_id, x]));
    expect(by['overfull-hbox-ea068f9e'].status).toBe('completed');
    expect(by['hello-world'].status).toBe('completed');
    expect(by.ghost.status).toBe('failed');
    expect(by.ghost.error).toMatch(/run not found: .*does-not-exist/);
    expect(by.nopath.status).toBe('skipped');
    expect(by.nopath.error).toMatch(/no run path/);
    expect(s.runs).toHaveLength(4);
    expect(s.problems.map((p) => p.reason).join('\n')).toMatch(/bad\.jsonl:2: (invalid|truncated) JSON/);
    expect(s.problems.map((p) => p.reason).join('\n')).toMatch(/no traj_id/);
    for (const line of r.stderr.trim().split('\n')) expect(line).toMatch(/^codetracer: /);
    expect(r.stderr).toMatch(/given twice/);
    expect(await validateOutputs(b, out, ['overfull-hbox-ea068f9e', 'hello-world'])).toEqual([]);
  });

  it('reads a parquet manifest', async () => {
    b = await makeBatchRoot();
    const rows = b.rows.filter((r) => typeof r.source_relpath === 'string');
    const manifest = path.join(b.tmp, 'm.parquet');
    writeFileSync(
      manifest,
      writeTinyParquet([
        { name: 'traj_id', type: 'string', values: rows.map((r) => String(r.traj_id)) },
        { name: 'source_relpath', type: 'string', values: rows.map((r) => String(r.source_relpath)) },
      ]),
    );
    const out = path.join(b.tmp, 'out');
    const r = await runInFolder(['batch', '-m', manifest, '-r', b.root, '-o', out, '--offline'], {}, b.tmp);
    expect(r.code).toBe(0);
    expect(readSummary(out).runs.map((x) => x.traj_id)).toEqual(rows.map((x) => x.traj_id));
  });

  it('--budget: no run starts once the batch has cost that much; those runs are listed as not started', async () => {
    b = await makeBatchRoot();
    server = await ScriptedLlmServer.start({ fallback: scriptedDiagnosis });
    const out = path.join(b.tmp, 'out');
    const r = await runInFolder(
      ['batch', '-m', b.manifest, '-r', b.root, '-o', out, '--parallel', '1', '--budget', '0.001'],
      llmEnv(server.url),
      b.tmp,
    );
    expect(r.code).toBe(1);
    const s = readSummary(out);
    // The first run alone costs more than $0.001 (about $0.002 at gpt-4.1-mini prices).
    expect(s.runs.map((x) => x.status)).toEqual(['completed', ...Array(8).fill('not_started')]);
    expect(s.runs[1].error).toMatch(/budget of \$0\.001 reached/);
    expect(r.stderr).toMatch(/budget of \$0\.001 reached: 8 run\(s\) not started/);
    expect(server.chatRequests).toHaveLength(3);
  });

  it('on a terminal: one status line rewritten in place, then the table', async () => {
    b = await makeBatchRoot();
    const out = path.join(b.tmp, 'out');
    let stdout = '';
    let stderr = '';
    const code = await main(['batch', '-m', b.manifest, '-r', b.root, '-o', out, '--offline'], {
      stdout: (s) => void (stdout += s),
      stderr: (s) => void (stderr += s),
      isTTY: true,
      env: { NO_COLOR: '1', CODETRACER_CONF_DIR: path.join(b.tmp, 'conf') },
      cwd: b.tmp,
    });
    expect(code).toBe(0);
    expect(stderr).toContain('\r\x1b[K');
    expect(stderr).toMatch(
      /9\/9 finished: 9 done, 0 failed, 0 running, cost \$0\.0000, \d+s elapsed, ETA 0s/,
    );
    expect(stderr).not.toContain('\n');
    expect(stdout).not.toMatch(/^\[1\/9\]/m);
    expect(stdout).toMatch(/^traj_id +status +steps +labels +cost +time$/m);
  });

  it('usage errors: a bad --shard or --parallel exits 2 with one line', async () => {
    b = await makeBatchRoot();
    for (const bad of [
      ['--shard', '4/3'],
      ['--shard', 'x'],
      ['--parallel', '0'],
    ]) {
      const r = await runInFolder(
        ['batch', '-m', b.manifest, '-o', path.join(b.tmp, 'o'), '--offline', ...bad],
        {},
        b.tmp,
      );
      expect(r.code).toBe(2);
      expect(r.stderr.trim().split('\n')).toHaveLength(1);
    }
  });
});

describe('shards', () => {
  it('n shards partition any id list', () => {
    const ids = Array.from({ length: 500 }, (_, i) => `traj-${i}-${(i * 7919) % 1000}`);
    for (const n of [1, 2, 3, 7]) {
      const counts = ids.map(
        (id) => [...Array(n).keys()].filter((i) => inShard(id, { index: i + 1, count: n })).length,
      );
      expect(counts.every((c) => c === 1)).toBe(true);
    }
    expect(parseShard(' 2 / 5 ')).toEqual({ index: 2, count: 5 });
    expect(() => parseShard('0/3')).toThrow(/--shard expects i\/n/);
  });
});
