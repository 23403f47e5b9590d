// All steps of one stage as rows with a little more detail than list_steps; paged. The rows shown count
// as viewed.
import { z } from 'zod';
import { defineTool, fail, ok } from './types.js';
import { pageFooter, stepRow } from './render.js';

const ROWS_PER_PAGE = 40;

export const viewStageTool = defineTool({
  name: 'view_stage',
  description:
    'Show the steps of one stage (id, kind, tool, exit code, first lines of action and observation), 40 per page. ' +
    'The steps shown count as viewed.',
  schema: z.object({
    stage_id: z.number().int(),
    page: z.number().int().positive().optional(),
  }),
  run: (a, ctx) => {
    const st = ctx.stages.find((s) => s.id === a.stage_id);
    if (!st) {
      const ids = ctx.stages.map((s) => s.id);
      return fail(
        `stage ${a.stage_id} does not exist (stages: ${ids.length ? `${ids[0]}-${ids[ids.length - 1]}` : 'none'})`,
      );
    }
    const steps = ctx.traj.steps.filter((s) => s.id >= st.start && s.id <= st.end);
    const pages = Math.max(1, Math.ceil(steps.length / ROWS_PER_PAGE));
    const page = a.page ?? 1;
    if (page > pages) return fail(`stage ${st.id} has ${pages} page(s)`);
    const shown = steps.slice((page - 1) * ROWS_PER_PAGE, page * ROWS_PER_PAGE);
    ctx.state.markViewed(shown.map((s) => s.id));
    const head = `Stage ${st.id}${st.label ? ` "${st.label}"` : ''}: steps ${st.start}-${st.end} (${steps.length} steps)`;
    const rows = shown.map((s) => stepRow(ctx, s, 160, 120));
    return ok(
      `${head}\n${rows.join('\n') || '(no steps)'}${pageFooter(page, pages, `view_stage stage_id=${st.id}`)}`,
    );
  },
});
