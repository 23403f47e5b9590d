// One row per step over a range, optionally filtered: kind, tool, text. Rows do not count as "viewed".
import { z } from 'zod';
import { defineTool, fail, ok } from './types.js';
import { stepRow } from './render.js';

const MAX_ROWS = 200;

export const listStepsTool = defineTool({
  name: 'list_steps',
  description:
    'List steps as one-line rows (id, change/explore, tool, exit code, first line of action and observation). ' +
    'Filter by range, kind, tool name, or a plain substring of the action/observation. At most 200 rows.',
  schema: z.object({
    from: z.number().int().optional().describe('first step id (default: first step)'),
    to: z.number().int().optional().describe('last step id (default: last step)'),
    kind: z.enum(['change', 'explore']).optional(),
    tool: z.string().optional().describe('tool name, exact (case-insensitive)'),
    text: z.string().max(200).optional().describe('case-insensitive substring of the action or observation'),
    limit: z.number().int().positive().max(MAX_ROWS).optional().describe('rows to return (default 60)'),
  }),
  run: (a, ctx) => {
    const from = a.from ?? -Infinity;
    const to = a.to ?? Infinity;
    if (from > to) return fail(`from (${a.from}) is after to (${a.to})`);
    const text = a.text?.toLowerCase();
    const tool = a.tool?.toLowerCase();
    const limit = a.limit ?? 60;
    const rows: string[] = [];
    let matched = 0;
    for (const s of ctx.traj.steps) {
      if (s.id < from || s.id > to) continue;
      if (a.kind && ctx.kinds.get(s.id) !== a.kind) continue;
      if (tool && (s.tool ?? '').toLowerCase() !== tool) continue;
      if (
        text &&
        !s.action.toLowerCase().includes(text) &&
        !(s.observation ?? '').toLowerCase().includes(text)
      )
        continue;
      matched++;
      if (rows.length < limit) rows.push(stepRow(ctx, s));
    }
    if (!matched) return ok('No step matches.');
    const more =
      matched > rows.length ? `\n[${matched - rows.length} more match; narrow the range or raise limit]` : '';
    return ok(`${matched} step(s) match.\n${rows.join('\n')}${more}`);
  },
});
