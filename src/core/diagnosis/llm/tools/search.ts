// Regex search over actions, observations and reasoning. A pattern the model writes may backtrack
// catastrophically, so it is length-capped and evaluated inside a vm context with a time limit.
import vm from 'node:vm';
import { z } from 'zod';
import { defineTool, fail, ok } from './types.js';
import { clip } from './render.js';

const MAX_PATTERN = 200;
const MAX_RESULTS = 50;
/** Characters of each field searched (huge observations are cut, not scanned whole). */
const MAX_FIELD_CHARS = 200_000;
export const SEARCH_TIME_LIMIT_MS = 500;

const FIELDS = ['action', 'observation', 'reasoning'] as const;
type Field = (typeof FIELDS)[number];

// Runs inside the vm: only primitives and arrays cross the boundary.
const SEARCH_SCRIPT = `
  'use strict';
  const re = new RegExp(pattern, flags);
  for (let i = 0; i < texts.length && hits.length < max; i++) {
    const t = texts[i];
    if (!t) continue;
    re.lastIndex = 0;
    const m = re.exec(t);
    if (m) hits.push([i, m.index, m[0].length]);
  }
`;
const compiled = new vm.Script(SEARCH_SCRIPT);

export interface SearchHit {
  index: number;
  at: number;
  length: number;
}

/** Evaluate a pattern over texts with a time limit. Throws Error('timeout') or a SyntaxError. */
export function timeBoxedSearch(
  pattern: string,
  flags: string,
  texts: string[],
  max: number,
  timeMs = SEARCH_TIME_LIMIT_MS,
): SearchHit[] {
  const sandbox = vm.createContext({ pattern, flags, texts, max, hits: [] as number[][] });
  try {
    compiled.runInContext(sandbox, { timeout: timeMs });
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ERR_SCRIPT_EXECUTION_TIMEOUT') throw new Error('timeout');
    throw e;
  }
  return (sandbox.hits as number[][]).map(([index, at, length]) => ({ index, at, length }));
}

export const searchTool = defineTool({
  name: 'search',
  description:
    'Search steps with a JavaScript regular expression over action, observation and/or reasoning. Returns at most ' +
    '50 hits (first match per step and field) with context. Patterns are limited to 200 characters and 0.5 s.',
  schema: z.object({
    pattern: z.string().min(1).describe('regular expression (JavaScript syntax, no slashes)'),
    fields: z.array(z.enum(FIELDS)).min(1).optional().describe('fields to search (default: all three)'),
    from: z.number().int().optional(),
    to: z.number().int().optional(),
    case_sensitive: z.boolean().optional().describe('default false'),
    max_results: z.number().int().positive().max(MAX_RESULTS).optional(),
  }),
  run: (a, ctx) => {
    if (a.pattern.length > MAX_PATTERN)
      return fail(`pattern is ${a.pattern.length} characters; the limit is ${MAX_PATTERN}`);
    const flags = a.case_sensitive ? '' : 'i';
    try {
      new RegExp(a.pattern, flags);
    } catch (e) {
      return fail(`invalid regular expression: ${(e as Error).message}`);
    }
    const fields: readonly Field[] = a.fields ?? FIELDS;
    const from = a.from ?? -Infinity;
    const to = a.to ?? Infinity;
    const steps = ctx.traj.steps.filter((s) => s.id >= from && s.id <= to);
    const texts: string[] = [];
    const where: { step: number; field: Field }[] = [];
    for (const s of steps) {
      for (const f of fields) {
        const v = f === 'action' ? s.action : f === 'observation' ? s.observation : s.reasoning;
        if (!v) continue;
        texts.push(v.length > MAX_FIELD_CHARS ? v.slice(0, MAX_FIELD_CHARS) : v);
        where.push({ step: s.id, field: f });
      }
    }
    const max = a.max_results ?? 30;
    let hits: SearchHit[];
    try {
      hits = timeBoxedSearch(a.pattern, flags, texts, max + 1);
    } catch (e) {
      if ((e as Error).message === 'timeout') {
        return fail(
          'the pattern took too long (catastrophic backtracking?); use a simpler pattern, e.g. a plain word',
        );
      }
      return fail(`search failed: ${(e as Error).message}`);
    }
    if (!hits.length) return ok(`No match for /${a.pattern}/${flags} in ${fields.join(', ')}.`);
    const lines = hits.slice(0, max).map((h) => {
      const w = where[h.index];
      const t = texts[h.index];
      const a0 = Math.max(0, h.at - 60);
      const ctxText = clip(t.slice(a0, h.at + h.length + 80), 200);
      return `[${w.step}] ${w.field}: ${a0 > 0 ? '…' : ''}${ctxText}`;
    });
    const more = hits.length > max ? `\n[more hits exist; narrow with from/to or fields]` : '';
    return ok(`${Math.min(hits.length, max)} hit(s):\n${lines.join('\n')}${more}`);
  },
});
