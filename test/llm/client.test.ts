// The LLM client through the real openai SDK against the scripted loopback server.
import { afterEach, describe, expect, it } from 'vitest';
import { LlmClient, type LlmSettings } from '../../src/core/llm/client.js';
import { LlmError } from '../../src/core/llm/errors.js';
import { parseRetryAfter } from '../../src/core/llm/retry.js';
import { DEFAULT_PRICES } from '../../src/core/config/models.js';
import { costOf } from '../../src/core/llm/cost.js';
import { ScriptedLlmServer, type ScriptedServerOptions } from '../helpers/scripted-llm-server.js';

const KEY = 'sk-test-SECRET-1234567890';
let server: ScriptedLlmServer | null = null;

afterEach(async () => {
  await server?.close();
  server = null;
});

async function setup(opts: ScriptedServerOptions, over: Partial<LlmSettings> = {}): Promise<LlmClient> {
  server = await ScriptedLlmServer.start(opts);
  return new LlmClient(
    {
      apiBase: server.url,
      apiKey: KEY,
      model: 'gpt-4.1-mini',
      timeoutMs: 2_000,
      maxRetries: 3,
      retryBaseMs: 10,
      retryMaxMs: 50,
      retryAfterCapMs: 1_500,
      prices: DEFAULT_PRICES,
      stream: true,
      streamUsage: true,
      ...over,
    },
    { random: () => 0.5 },
  );
}

const msgs = [{ role: 'user' as const, content: 'hello' }];

describe('LlmClient', () => {
  it('streams text and reasoning deltas in order and accumulates split tool-call arguments', async () => {
    const client = await setup({
      script: [
        {
          reasoning: 'thinking about it',
          text: 'calling a tool',
          chunkChars: 4,
          toolCalls: [
            { id: 'c1', name: 'view_step', arguments: { step_id: 3 }, pieces: 4 },
            { id: 'c2', name: 'search', arguments: { pattern: 'error|fail' }, pieces: 2 },
          ],
          usage: { prompt_tokens: 1000, completion_tokens: 100, cached_tokens: 400 },
        },
      ],
    });
    const seen: string[] = [];
    const r = await client.chat(
      { messages: msgs, tools: [{ name: 'view_step', description: 'd', parameters: { type: 'object' } }] },
      { onText: (d) => seen.push(`t:${d}`), onReasoning: (d) => seen.push(`r:${d}`) },
    );
    expect(seen.slice(0, 2)).toEqual(['r:thin', 'r:king']);
    expect(
      seen
        .filter((s) => s.startsWith('t:'))
        .join('')
        .replace(/t:/g, ''),
    ).toBe('calling a tool');
    expect(seen.findIndex((s) => s.startsWith('t:'))).toBeGreaterThan(
      seen.findLastIndex((s) => s.startsWith('r:')),
    );
    expect(r.reasoning).toBe('thinking about it');
    expect(r.toolCalls).toEqual([
      { id: 'c1', name: 'view_step', arguments: '{"step_id":3}' },
      { id: 'c2', name: 'search', arguments: '{"pattern":"error|fail"}' },
    ]);
    expect(r.usage).toEqual({ input: 1000, output: 100, cached: 400, estimated: false });
    // gpt-4.1-mini: 600 fresh * 0.4 + 400 cached * 0.1 + 100 out * 1.6, per million.
    expect(r.cost).toBeCloseTo((600 * 0.4 + 400 * 0.1 + 100 * 1.6) / 1e6, 12);
    const req = server!.chatRequests[0];
    expect(req.body.stream).toBe(true);
    expect(req.body.stream_options).toEqual({ include_usage: true });
    expect(req.body.tools[0].function.name).toBe('view_step');
    expect(req.headers.authorization).toBe(`Bearer ${KEY}`);
  });

  it('estimates usage when the server sends none, and says so', async () => {
    const client = await setup({ script: [{ text: 'x'.repeat(400), usage: null }] });
    const r = await client.chat({ messages: msgs });
    expect(r.usage.estimated).toBe(true);
    expect(r.usage.output).toBe(100);
    expect(r.usage.input).toBeGreaterThan(0);
  });

  it('works without streaming', async () => {
    const client = await setup(
      { script: [{ text: 'plain', toolCalls: [{ name: 'overview', arguments: {} }] }] },
      { stream: false },
    );
    const r = await client.chat({ messages: msgs });
    expect(r.content).toBe('plain');
    expect(r.toolCalls[0].name).toBe('overview');
    expect(server!.chatRequests[0].body.stream).toBe(false);
  });

  it('an unknown model costs null, not a guess', async () => {
    const client = await setup({ script: [{ text: 'ok' }] }, { model: 'some-local-model' });
    const r = await client.chat({ messages: msgs });
    expect(r.cost).toBeNull();
    expect(r.usage.input).toBeGreaterThan(0);
  });

  it('retries a 429 honouring retry-after (seconds), then a 500, then succeeds', async () => {
    const client = await setup({
      script: [
        { type: 'status', status: 429, retryAfter: '1' },
        { type: 'status', status: 500 },
        { text: 'finally' },
      ],
    });
    const retries: { delayMs: number; reason: string }[] = [];
    const t0 = Date.now();
    const r = await client.chat({ messages: msgs }, { onRetry: (i) => retries.push(i) });
    expect(r.content).toBe('finally');
    expect(r.attempts).toBe(3);
    expect(retries[0].delayMs).toBe(1000);
    expect(retries[0].reason).toMatch(/429/);
    expect(retries[1].reason).toMatch(/500/);
    expect(Date.now() - t0).toBeGreaterThanOrEqual(1000);
    expect(server!.chatRequests).toHaveLength(3);
  });

  it('caps a huge retry-after', async () => {
    const client = await setup({
      script: [{ type: 'status', status: 429, retryAfter: '3600' }, { text: 'ok' }],
    });
    const retries: number[] = [];
    await client.chat({ messages: msgs }, { onRetry: (i) => retries.push(i.delayMs) });
    expect(retries).toEqual([1500]);
  });

  it('parses retry-after as an HTTP date', () => {
    const now = Date.parse('2025-01-01T00:00:00Z');
    const h = new Headers({ 'retry-after': 'Wed, 01 Jan 2025 00:00:05 GMT' });
    expect(parseRetryAfter(h, now)).toBe(5000);
    expect(parseRetryAfter(new Headers({ 'retry-after': 'soon' }), now)).toBeNull();
  });

  it('does not retry 401 and keeps the key out of the message', async () => {
    const client = await setup({ script: [{ type: 'status', status: 401, message: `bad key ${KEY}` }] });
    const err = await client.chat({ messages: msgs }).catch((e) => e);
    expect(err).toBeInstanceOf(LlmError);
    expect(err.kind).toBe('auth');
    expect(String(err.message)).not.toContain(KEY);
    expect(String(err.message)).toContain('[REDACTED]');
    expect(server!.chatRequests).toHaveLength(1);
  });

  it('times out a hanging server, retries, and gives up with a timeout error', async () => {
    const client = await setup(
      { script: [{ type: 'hang' }, { type: 'hang' }] },
      { timeoutMs: 200, maxRetries: 1 },
    );
    const err = await client.chat({ messages: msgs }).catch((e) => e);
    expect(err.kind).toBe('timeout');
    expect(server!.chatRequests).toHaveLength(2);
  });

  it('recovers from a stream cut mid-way by retrying the request', async () => {
    const client = await setup({
      script: [
        { type: 'cut', reply: { text: 'partial text that never ends', chunkChars: 4 }, afterChunks: 3 },
        { text: 'whole' },
      ],
    });
    const retries: string[] = [];
    const r = await client.chat({ messages: msgs }, { onRetry: (i) => retries.push(i.reason) });
    expect(r.content).toBe('whole');
    expect(retries).toHaveLength(1);
    expect(retries[0]).toMatch(/connection/i);
  });

  it('aborts mid-stream on the signal without retrying', async () => {
    const client = await setup(
      { script: [{ type: 'cut', reply: { text: 'abcdefghijkl', chunkChars: 2 }, afterChunks: 3 }] },
      { timeoutMs: 5_000 },
    );
    const ctrl = new AbortController();
    const err = await client
      .chat({ messages: msgs }, { signal: ctrl.signal, onText: () => ctrl.abort() })
      .catch((e) => e);
    expect(err.kind).toBe('aborted');
    expect(server!.chatRequests).toHaveLength(1);
  });

  it('lists models', async () => {
    const client = await setup({ models: ['a-model', 'b-model'] });
    expect(await client.listModels()).toEqual(['a-model', 'b-model']);
  });
});

describe('price table', () => {
  it('matches specific patterns first and provider-prefixed names', () => {
    const u = { input: 1_000_000, output: 0, cached: 0, estimated: false };
    expect(costOf(DEFAULT_PRICES, 'gpt-4.1-mini-2025-04-14', u)).toBeCloseTo(0.4);
    expect(costOf(DEFAULT_PRICES, 'gpt-4.1', u)).toBeCloseTo(2);
    expect(costOf(DEFAULT_PRICES, 'openai/gpt-4o-mini', u)).toBeCloseTo(0.15);
    expect(costOf(DEFAULT_PRICES, 'qwen3-coder', u)).toBeNull();
  });
});
