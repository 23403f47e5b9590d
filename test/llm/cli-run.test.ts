// `codetracer run` in-process against the scripted server; the API key must never show anywhere.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { main } from '../../src/cli/main.js';
import type { CliIO } from '../../src/cli/context.js';
import { callTool, type ScriptStep } from '../helpers/scripted-llm-server.js';
import { harness, KEY, type Harness } from './setup.js';
import { happyPath } from './script.js';

let h: Harness | null = null;
afterEach(async () => {
  await h?.close();
  h = null;
});

async function cli(args: string[], env: Record<string, string>, isTTY = true) {
  let stdout = '';
  let stderr = '';
  const io: CliIO = {
    stdout: (s) => void (stdout += s),
    stderr: (s) => void (stderr += s),
    isTTY,
    env: { NO_COLOR: '1', ...env },
    cwd: h!.tmp,
  };
  const code = await main(args, io);
  return { code, stdout, stderr };
}

function filesUnder(dir: string): string[] {
  return readdirSync(dir).flatMap((n) => {
    const p = path.join(dir, n);
    return statSync(p).isDirectory() ? filesUnder(p) : [p];
  });
}

describe('codetracer run', () => {
  it('diagnoses with the LLM, prints the labelled steps, and never shows the API key', async () => {
    const script: ScriptStep[] = happyPath('detailed');
    // A server error that quotes the key (retried) and a model that echoes it: both must be redacted.
    script.splice(1, 0, { type: 'status', status: 500, message: `upstream rejected key ${KEY}` });
    script.splice(
      3,
      0,
      callTool('search', { pattern: 'pdflatex' }, { text: `my key is ${KEY}`, reasoning: `recall ${KEY}` }),
    );
    h = await harness({ script });
    const out = path.join(h.tmp, 'outputs');
    const env = {
      CODETRACER_API_BASE: h.server.url,
      CODETRACER_API_KEY: KEY,
      CODETRACER_MODEL: 'gpt-4.1-mini',
      CODETRACER_CONF_DIR: path.join(h.tmp, 'conf'),
    };
    const r = await cli(['run', h.runDir, '-o', out], env);
    expect(r.stderr).not.toMatch(/internal error/);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('using the LLM diagnoser (gpt-4.1-mini');
    expect(r.stdout).toMatch(/Step 2 \[incorrect\]: pdflatex was run before any substitution/);
    expect(r.stderr).toContain('[REDACTED]');
    expect(r.stderr).toMatch(/label: step 2 incorrect/);

    const files = filesUnder(out);
    expect(files.map((f) => path.basename(f)).sort()).toEqual([
      'codetracer_analysis.json',
      'codetracer_analysis.traj.json',
      'codetracer_labels.json',
      'codetracer_rl_feedback.json',
      'codetracer_run.json',
    ]);
    for (const text of [r.stdout, r.stderr, ...files.map((f) => readFileSync(f, 'utf8'))]) {
      expect(text).not.toContain(KEY);
      expect(text).not.toContain('SECRET-1234567890');
    }
    // The key was sent, as a header only.
    expect(h.server.chatRequests[0].headers.authorization).toBe(`Bearer ${KEY}`);
    // Only in the header: the prompt never carries it (later requests echo what the model itself said).
    expect(JSON.stringify(h.server.chatRequests[0].body)).not.toContain(KEY);
  });

  it('--dry-run prints the tree and the first request size without calling the LLM', async () => {
    h = await harness({ script: happyPath('tracebench') });
    const r = await cli(['run', h.runDir, '--dry-run'], {
      CODETRACER_API_BASE: h.server.url,
      CODETRACER_API_KEY: KEY,
    });
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^root$/m);
    expect(r.stdout).toMatch(/first request: ~\d+ tokens/);
    expect(h.server.requests).toHaveLength(0);
  });

  it('without an LLM, says so in one line and uses the heuristic diagnoser', async () => {
    h = await harness({});
    const out = path.join(h.tmp, 'outputs');
    const r = await cli(
      ['run', h.runDir, '-o', out],
      { CODETRACER_CONF_DIR: path.join(h.tmp, 'conf') },
      false,
    );
    expect(r.code).toBe(0);
    expect(r.stdout.split('\n').filter((l) => l.includes('no LLM configured'))).toHaveLength(1);
    expect(h.server.requests).toHaveLength(0);
    expect(filesUnder(out).some((f) => f.endsWith('codetracer_labels.json'))).toBe(true);
  });

  it('a run that hits a limit exits 1 and still writes the labels', async () => {
    const script: ScriptStep[] = [
      ...happyPath('detailed').slice(0, 3),
      ...Array.from({ length: 5 }, () => callTool('overview', {})),
    ];
    h = await harness({ script });
    const out = path.join(h.tmp, 'outputs');
    const env = {
      CODETRACER_API_BASE: h.server.url,
      CODETRACER_API_KEY: KEY,
      CODETRACER_MODEL: 'gpt-4.1-mini',
      CODETRACER_CONF_DIR: path.join(h.tmp, 'conf'),
    };
    const r = await cli(['run', h.runDir, '-o', out, '--max-calls', '4'], env, false);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/limits_exceeded \(LLM call limit reached/);
    expect(r.stdout).toMatch(/Step 2 \[incorrect\]/);
  });
});

describe('codetracer analyze with an LLM configured', () => {
  it('uses the LLM diagnoser and writes every profile plus the conversation', async () => {
    h = await harness({ script: happyPath('detailed') });
    const out = path.join(h.tmp, 'outputs');
    const env = {
      CODETRACER_API_BASE: h.server.url,
      CODETRACER_API_KEY: KEY,
      CODETRACER_MODEL: 'gpt-4.1-mini',
      CODETRACER_CONF_DIR: path.join(h.tmp, 'conf'),
    };
    const r = await cli(['analyze', h.runDir, '-o', out], env, false);
    expect(r.stderr).not.toMatch(/internal error/);
    expect(r.code).toBe(0);
    expect(r.stdout.split('\n')[0]).toMatch(/^using the LLM diagnoser \(gpt-4\.1-mini at /);
    expect(r.stdout).toMatch(/: 1 incorrect, \d+ unuseful of \d+ steps \(first incorrect: step 2\)/);
    const written = filesUnder(out)
      .map((f) => path.basename(f))
      .sort();
    expect(written).toEqual(
      expect.arrayContaining([
        'codetracer_analysis.json',
        'codetracer_analysis.traj.json',
        'codetracer_labels.json',
        'codetracer_rl_feedback.json',
      ]),
    );
    for (const f of filesUnder(out)) expect(readFileSync(f, 'utf8')).not.toContain(KEY);
  });
});
