// Where LLM settings come from: flags > --config file > env > persistent settings (conf) > defaults.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DEFAULT_LIMITS, llmConfigured, resolveConfig } from '../../src/core/config/resolve.js';
import { openSettings } from '../../src/core/config/store.js';
import { connectLlm } from '../../src/core/llm/connect.js';
import { ScriptedLlmServer } from '../helpers/scripted-llm-server.js';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(path.join(os.tmpdir(), 'ct-conf-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

function yamlFile(text: string): string {
  const p = path.join(dir, 'c.yaml');
  writeFileSync(p, text);
  return p;
}

describe('resolveConfig', () => {
  it('applies the precedence flags > config > env > conf > defaults, per setting', async () => {
    openSettings({ cwd: dir }).set('llm', {
      apiBase: 'http://conf/v1',
      apiKey: 'conf-key',
      model: 'conf-model',
    });
    openSettings({ cwd: dir }).set('limits', { costUsd: 9 });
    const env = {
      CODETRACER_API_BASE: 'http://env/v1',
      OPENAI_API_KEY: 'env-openai-key',
      CODETRACER_MODEL: 'env-model',
    };
    const only = (o: Parameters<typeof resolveConfig>[0]) => resolveConfig({ confCwd: dir, ...o });

    let c = await only({});
    expect([c.apiBase, c.apiKey, c.model, c.limits.costUsd]).toEqual([
      'http://conf/v1',
      'conf-key',
      'conf-model',
      9,
    ]);
    expect(c.sources).toEqual({ apiBase: 'conf', apiKey: 'conf', model: 'conf' });

    c = await only({ env });
    expect([c.apiBase, c.apiKey, c.model]).toEqual(['http://env/v1', 'env-openai-key', 'env-model']);
    expect({ ...c.sources }).toEqual({ apiBase: 'env', apiKey: 'env', model: 'env' });

    const file = yamlFile(
      'llm:\n  api_base: http://file/v1\n  model: file-model\nlimits:\n  cost_usd: 1.5\n  max_calls: 7\n',
    );
    c = await only({ env, configPath: file });
    expect([c.apiBase, c.apiKey, c.model, c.limits.costUsd, c.limits.maxCalls]).toEqual([
      'http://file/v1',
      'env-openai-key',
      'file-model',
      1.5,
      7,
    ]);

    c = await only({ env, configPath: file, flags: { model: 'flag-model', costLimit: 0.5 } });
    expect([c.apiBase, c.model, c.limits.costUsd]).toEqual(['http://file/v1', 'flag-model', 0.5]);
    expect(c.sources.model).toBe('flag');
  });

  it('prefers CODETRACER_* over OPENAI_* and has defaults without anything', async () => {
    const c = await resolveConfig({
      env: { CODETRACER_API_KEY: 'a', OPENAI_API_KEY: 'b', OPENAI_BASE_URL: 'http://o/v1' },
      confCwd: false,
    });
    expect([c.apiKey, c.apiBase]).toEqual(['a', 'http://o/v1']);
    const d = await resolveConfig({ env: {}, confCwd: false });
    expect(d.limits).toEqual(DEFAULT_LIMITS);
    expect(d.limits.costUsd).toBe(3.0);
    expect(llmConfigured(d)).toBe(false);
  });

  it('config prices come before the built-in table', async () => {
    const c = await resolveConfig({
      env: {},
      confCwd: false,
      configPath: yamlFile('llm:\n  prices:\n    - {model: "gpt-4.1*", input: 1, output: 1}\n'),
    });
    expect(c.prices[0]).toEqual({ model: 'gpt-4.1*', input: 1, output: 1 });
  });

  it('names the file and key of an invalid config', async () => {
    const err = await resolveConfig({
      env: {},
      confCwd: false,
      configPath: yamlFile('limits:\n  cost_usd: -1\n'),
    }).catch((e) => e);
    expect(err.oneLine()).toMatch(/c\.yaml: config limits\.cost_usd/);
    await expect(
      resolveConfig({ env: {}, confCwd: false, configPath: yamlFile('llm:\n  modle: x\n') }),
    ).rejects.toThrow(/modle/);
    await expect(
      resolveConfig({ env: {}, confCwd: false, configPath: yamlFile('llm: [\n') }),
    ).rejects.toThrow(/invalid YAML/);
  });
});

describe('connectLlm', () => {
  it('takes the only model an endpoint serves, and refuses to guess among several', async () => {
    const one = await ScriptedLlmServer.start({ models: ['only-model'] });
    const many = await ScriptedLlmServer.start({ models: ['a', 'b'] });
    try {
      const base = await resolveConfig({ env: {}, confCwd: false });
      const c1 = await connectLlm({ ...base, apiBase: one.url, apiKey: 'k-123456' });
      expect(c1.model).toBe('only-model');
      await expect(connectLlm({ ...base, apiBase: many.url, apiKey: 'k-123456' })).rejects.toThrow(
        /serves 2 \(a, b\)/,
      );
      await expect(connectLlm(base)).rejects.toThrow(/no LLM configured/);
    } finally {
      await one.close();
      await many.close();
    }
  });
});
