// The only way a label enters the run: the controller checks that the step exists, that the model has
// viewed it in this run, and that the verdict is one a label can have.
import { z } from 'zod';
import { DEVIATION_TYPES, IMPACT_SEVERITIES } from '../../../profiles/schemas.js';
import { defineTool, fail, ok } from './types.js';
import { rangeText } from './view_step.js';

export const recordLabelTool = defineTool({
  name: 'record_label',
  description:
    'Record a label for a step you have viewed: verdict "incorrect" (a wrong state-changing action: mislocalized ' +
    'edit, bad hypothesis, regression) or "unuseful" (redundant exploration that gave no new evidence). Steps ' +
    'without a label are correct. Labelling a step again replaces its label.',
  // The verdict is checked by hand so a wrong one gets a sentence the model can act on.
  schema: z.object({
    step_id: z.number().int(),
    verdict: z.string(),
    reasoning: z.string(),
    stage_id: z.number().int().optional(),
    deviation_type: z.enum(DEVIATION_TYPES).optional(),
    correct_alternative: z.string().optional(),
    impact_severity: z.enum(IMPACT_SEVERITIES).optional(),
  }),
  shownSchema: z.object({
    step_id: z.number().int(),
    verdict: z.enum(['incorrect', 'unuseful']),
    reasoning: z.string().describe('the evidence: what the step did and why it was wrong or redundant'),
    stage_id: z.number().int().optional(),
    deviation_type: z.enum(DEVIATION_TYPES).optional(),
    correct_alternative: z.string().optional().describe('what the agent should have done instead'),
    impact_severity: z.enum(IMPACT_SEVERITIES).optional(),
  }),
  run: (a, ctx) => {
    if (!ctx.steps.has(a.step_id))
      return fail(`step ${a.step_id} does not exist (${rangeText(ctx)}); nothing recorded`);
    if (a.verdict !== 'incorrect' && a.verdict !== 'unuseful') {
      return fail(
        `verdict "${a.verdict}" is not allowed; use "incorrect" or "unuseful" (steps without a label count as correct)`,
      );
    }
    if (!ctx.state.viewed.has(a.step_id)) {
      return fail(
        `you have not viewed step ${a.step_id} in this run; call view_step with step_id=${a.step_id} (or view_stage on its stage) first, then record the label`,
      );
    }
    if (!a.reasoning.trim())
      return fail('reasoning is empty; say what the step did and why it was wrong or redundant');
    if (a.stage_id !== undefined) {
      const st = ctx.stages.find((s) => s.id === a.stage_id);
      if (!st)
        return fail(
          `stage ${a.stage_id} does not exist; omit stage_id or use the stage that contains step ${a.step_id}`,
        );
      if (a.step_id < st.start || a.step_id > st.end) {
        return fail(
          `step ${a.step_id} is not in stage ${st.id} (steps ${st.start}-${st.end}); omit stage_id or fix it`,
        );
      }
    }
    const replaced = ctx.state.labels.has(a.step_id);
    ctx.state.labels.set(a.step_id, {
      stepId: a.step_id,
      verdict: a.verdict,
      reasoning: a.reasoning.trim(),
      ...(a.stage_id !== undefined ? { stageId: a.stage_id } : {}),
      ...(a.deviation_type ? { deviationType: a.deviation_type } : {}),
      ...(a.correct_alternative ? { correctAlternative: a.correct_alternative } : {}),
      ...(a.impact_severity ? { impactSeverity: a.impact_severity } : {}),
      call: ctx.state.call,
    });
    return ok(
      `${replaced ? 'Replaced' : 'Recorded'}: step ${a.step_id} ${a.verdict}. ${ctx.state.labels.size} label(s) so far.`,
    );
  },
});
