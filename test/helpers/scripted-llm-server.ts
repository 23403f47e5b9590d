// A real OpenAI-compatible HTTP server on 127.0.0.1 for tests and benches. Tests script what it answers
// (text, reasoning deltas, tool calls split across chunks, usage) and which faults it shows (HTTP errors
// with retry-after, hangs, streams cut mid-way), then read back the requests it received.
// Bounded: a request cap, a cap on how long a hang lasts, and close() drops every open connection.
import http from 'node:http';
import type { AddressInfo } from 'node:net';

export interface ScriptedToolCall {
  id?: string;
  name: string;
  /** An object is JSON-encoded; a string is sent verbatim (use it for malformed JSON). */
  arguments: string | Record<string, unknown>;
  /** How many chunks the arguments are split into (default 3). */
  pieces?: number;
}

export interface ScriptedUsage {
  prompt_tokens: number;
  completion_tokens: number;
  cached_tokens?: number;
}

export interface ScriptedReply {
  type?: 'reply';
  text?: string;
  reasoning?: string;
  toolCalls?: ScriptedToolCall[];
  /** Default: computed from the request and reply sizes. null: send no usage at all. */
  usage?: ScriptedUsage | null;
  finishReason?: string;
  /** Characters per content/reasoning chunk (default 8). */
  chunkChars?: number;
  /** Wait before answering (overrides the server-wide delay). */
  delayMs?: number;
}

export type ScriptedFault =
  | { type: 'status'; status: number; retryAfter?: string; message?: string }
  /** Accept the request and never answer (until the client gives up or the hang cap passes). */
  | { type: 'hang' }
  /** Stream the reply's first `afterChunks` SSE events, then drop the connection. */
  | { type: 'cut'; reply: ScriptedReply; afterChunks: number };

export type ScriptStep =
  ScriptedReply | ScriptedFault | ((req: ReceivedRequest) => ScriptedReply | ScriptedFault);

export interface ReceivedRequest {
  method: string;
  path: string;
  headers: Record<string, string>;
  /** Parsed JSON body (null for GET or unparseable bodies). */
  body: any;
  at: number;
}

export interface ScriptedServerOptions {
  script?: ScriptStep[];
  /** Answer used when the script is exhausted (default: a 400 naming the problem). */
  fallback?: ScriptStep;
  /** Delay before every answer, for benches. */
  delayMs?: number;
  models?: string[];
  /** Requests beyond this get a 503 and are not scripted (default 2000). */
  maxRequests?: number;
  /** A hang ends (socket destroyed) after this long at most (default 30 s). */
  hangCapMs?: number;
}

export class ScriptedLlmServer {
  readonly requests: ReceivedRequest[] = [];
  private script: ScriptStep[];
  private server: http.Server;
  private port = 0;
  private timers = new Set<NodeJS.Timeout>();

  private constructor(private readonly opts: ScriptedServerOptions) {
    this.script = [...(opts.script ?? [])];
    this.server = http.createServer((req, res) => void this.handle(req, res));
  }

  static async start(opts: ScriptedServerOptions = {}): Promise<ScriptedLlmServer> {
    const s = new ScriptedLlmServer(opts);
    await new Promise<void>((resolve, reject) => {
      s.server.once('error', reject);
      s.server.listen(0, '127.0.0.1', () => resolve());
    });
    s.port = (s.server.address() as AddressInfo).port;
    return s;
  }

  /** Base URL with "/v1", as an OpenAI client wants it. */
  get url(): string {
    return `http://127.0.0.1:${this.port}/v1`;
  }

  /** Append steps to the script. */
  push(...steps: ScriptStep[]): void {
    this.script.push(...steps);
  }

  /** How many scripted steps are still unused. */
  get remaining(): number {
    return this.script.length;
  }

  /** Chat-completion requests only. */
  get chatRequests(): ReceivedRequest[] {
    return this.requests.filter((r) => r.path.endsWith('/chat/completions'));
  }

  async close(): Promise<void> {
    for (const t of this.timers) clearTimeout(t);
    this.timers.clear();
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  private later(ms: number, fn: () => void): void {
    const t = setTimeout(() => {
      this.timers.delete(t);
      fn();
    }, ms);
    this.timers.add(t);
  }

  private async handle(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const c of req) chunks.push(c as Buffer);
    const raw = Buffer.concat(chunks).toString('utf8');
    let body: any = null;
    try {
      body = raw ? JSON.parse(raw) : null;
    } catch {
      body = null;
    }
    const headers: Record<string, string> = {};
    for (const [k, v] of Object.entries(req.headers))
      headers[k] = Array.isArray(v) ? v.join(', ') : String(v ?? '');
    const path = (req.url ?? '/').split('?')[0];
    const received: ReceivedRequest = { method: req.method ?? 'GET', path, headers, body, at: Date.now() };
    this.requests.push(received);

    if (this.requests.length > (this.opts.maxRequests ?? 2000)) {
      return sendJson(res, 503, {
        error: { message: 'scripted server: request cap reached', type: 'server_error' },
      });
    }
    if (req.method === 'GET' && path.endsWith('/models')) {
      const ids = this.opts.models ?? ['scripted-model'];
      return sendJson(res, 200, {
        object: 'list',
        data: ids.map((id) => ({ id, object: 'model', created: 0, owned_by: 'test' })),
      });
    }
    if (req.method !== 'POST' || !path.endsWith('/chat/completions')) {
      return sendJson(res, 404, { error: { message: `scripted server: no route ${req.method} ${path}` } });
    }
    const next = this.script.shift() ?? this.opts.fallback;
    if (!next) {
      return sendJson(res, 400, {
        error: {
          message: 'scripted server: no reply scripted for this request',
          type: 'invalid_request_error',
        },
      });
    }
    const step = typeof next === 'function' ? next(received) : next;
    const delay = ('delayMs' in step && step.delayMs !== undefined ? step.delayMs : this.opts.delayMs) ?? 0;
    if (delay > 0) await new Promise<void>((r) => this.later(delay, r));
    this.answer(step, received, res);
  }

  private answer(step: ScriptedReply | ScriptedFault, req: ReceivedRequest, res: http.ServerResponse): void {
    if (step.type === 'status') {
      const h: Record<string, string> = {};
      if (step.retryAfter !== undefined) h['retry-after'] = step.retryAfter;
      return sendJson(
        res,
        step.status,
        { error: { message: step.message ?? `scripted HTTP ${step.status}`, type: 'scripted' } },
        h,
      );
    }
    if (step.type === 'hang') {
      this.later(this.opts.hangCapMs ?? 30_000, () => res.socket?.destroy());
      return;
    }
    const reply = step.type === 'cut' ? step.reply : step;
    const model = String(req.body?.model ?? 'scripted-model');
    if (req.body?.stream) {
      const events = sseEvents(reply, req, model);
      res.writeHead(200, {
        'content-type': 'text/event-stream',
        'cache-control': 'no-cache',
        connection: 'keep-alive',
      });
      if (step.type === 'cut') {
        for (const e of events.slice(0, step.afterChunks)) res.write(e);
        // Give the client the partial data, then drop the connection without a proper end.
        this.later(20, () => res.socket?.destroy());
        return;
      }
      res.end(events.join(''));
      return;
    }
    sendJson(res, 200, completion(reply, req, model));
  }
}

function sendJson(
  res: http.ServerResponse,
  status: number,
  obj: unknown,
  headers: Record<string, string> = {},
): void {
  const text = JSON.stringify(obj);
  res.writeHead(status, {
    'content-type': 'application/json',
    'content-length': Buffer.byteLength(text),
    ...headers,
  });
  res.end(text);
}

function argsText(c: ScriptedToolCall): string {
  return typeof c.arguments === 'string' ? c.arguments : JSON.stringify(c.arguments);
}

function usageFor(reply: ScriptedReply, req: ReceivedRequest): Record<string, unknown> | null {
  if (reply.usage === null) return null;
  const u = reply.usage ?? {
    prompt_tokens: Math.ceil(JSON.stringify(req.body?.messages ?? []).length / 4),
    completion_tokens:
      Math.ceil(
        ((reply.text ?? '') + (reply.reasoning ?? '') + (reply.toolCalls ?? []).map(argsText).join(''))
          .length / 4,
      ) + 1,
  };
  return {
    prompt_tokens: u.prompt_tokens,
    completion_tokens: u.completion_tokens,
    total_tokens: u.prompt_tokens + u.completion_tokens,
    ...(u.cached_tokens !== undefined ? { prompt_tokens_details: { cached_tokens: u.cached_tokens } } : {}),
  };
}

function split(text: string, size: number): string[] {
  const out: string[] = [];
  for (let i = 0; i < text.length; i += size) out.push(text.slice(i, i + size));
  return out;
}

function splitPieces(text: string, pieces: number): string[] {
  if (text.length === 0) return [''];
  const size = Math.max(1, Math.ceil(text.length / Math.max(1, pieces)));
  return split(text, size);
}

function sseEvents(reply: ScriptedReply, req: ReceivedRequest, model: string): string[] {
  const id = `chatcmpl-${req.at}`;
  const base = { id, object: 'chat.completion.chunk', created: Math.floor(req.at / 1000), model };
  const ev = (choices: unknown[], extra: Record<string, unknown> = {}) =>
    `data: ${JSON.stringify({ ...base, choices, ...extra })}\n\n`;
  const delta = (d: Record<string, unknown>, finish: string | null = null) =>
    ev([{ index: 0, delta: d, finish_reason: finish }]);
  const size = reply.chunkChars ?? 8;
  const out: string[] = [delta({ role: 'assistant', content: '' })];
  for (const r of split(reply.reasoning ?? '', size)) out.push(delta({ reasoning_content: r }));
  for (const t of split(reply.text ?? '', size)) out.push(delta({ content: t }));
  (reply.toolCalls ?? []).forEach((c, index) => {
    const callId = c.id ?? `call_${req.at}_${index}`;
    out.push(
      delta({
        tool_calls: [{ index, id: callId, type: 'function', function: { name: c.name, arguments: '' } }],
      }),
    );
    for (const p of splitPieces(argsText(c), c.pieces ?? 3))
      out.push(delta({ tool_calls: [{ index, function: { arguments: p } }] }));
  });
  const finish = reply.finishReason ?? (reply.toolCalls?.length ? 'tool_calls' : 'stop');
  out.push(delta({}, finish));
  const usage = usageFor(reply, req);
  if (usage && req.body?.stream_options?.include_usage) out.push(ev([], { usage }));
  out.push('data: [DONE]\n\n');
  return out;
}

function completion(reply: ScriptedReply, req: ReceivedRequest, model: string): Record<string, unknown> {
  const message: Record<string, unknown> = { role: 'assistant', content: reply.text ?? null };
  if (reply.reasoning) message.reasoning_content = reply.reasoning;
  if (reply.toolCalls?.length) {
    message.tool_calls = reply.toolCalls.map((c, i) => ({
      id: c.id ?? `call_${req.at}_${i}`,
      type: 'function',
      function: { name: c.name, arguments: argsText(c) },
    }));
  }
  const usage = usageFor(reply, req);
  return {
    id: `chatcmpl-${req.at}`,
    object: 'chat.completion',
    created: Math.floor(req.at / 1000),
    model,
    choices: [
      {
        index: 0,
        message,
        finish_reason: reply.finishReason ?? (reply.toolCalls?.length ? 'tool_calls' : 'stop'),
      },
    ],
    ...(usage ? { usage } : {}),
  };
}

/** Shorthand for a reply that makes one tool call. */
export function callTool(
  name: string,
  args: Record<string, unknown> | string,
  extra: Partial<ScriptedReply> = {},
): ScriptedReply {
  return { ...extra, toolCalls: [{ name, arguments: args }] };
}
