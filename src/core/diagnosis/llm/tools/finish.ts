// The final answer: the profile's object, checked by the controller. An invalid answer comes back with
// the errors so the model can fix it.
import { z } from 'zod';
import type { ProfileName } from '../../../profiles/schemas.js';
import { checkFinal, MODEL_OUTPUT_SCHEMAS } from '../output.js';
import { defineTool, fail, type DiagnoserTool } from './types.js';

export function makeFinishTool(profile: ProfileName, diagnoser: string): DiagnoserTool {
  return defineTool({
    name: 'finish',
    description: `Submit the final answer in the "${profile}" shape described in the instructions, as {"output": ...}. Ends the diagnosis when it is valid.`,
    // Checked by checkFinal (which gives better messages and accepts a JSON string); shown in full.
    schema: z.object({ output: z.unknown() }),
    shownSchema: z.object({ output: MODEL_OUTPUT_SCHEMAS[profile] }),
    run: (a: { output: unknown }, ctx) => {
      const r = checkFinal(profile, a.output, ctx, diagnoser);
      if (!r.ok) {
        return fail(
          `the final answer is invalid; fix these and call finish again:\n- ${r.errors.join('\n- ')}`,
        );
      }
      return { ok: true, content: 'Final answer accepted.', final: r.diagnosis };
    },
  });
}
