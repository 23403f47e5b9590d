// Turns a CodeTraceBench `action_ref.content` slice (raw JSON of one assistant message cut out of
// `agent-logs/mini.traj.json`, often truncated mid-object; or raw text of a `sessions/agent.log` segment) and
// the matching `observation_ref.content` into a step, with the same code the raw parser uses.
import type { StepInput } from '../shared/build.js';
import { isObj, type Obj } from '../shared/access.js';
import { parsePartialJson } from '../shared/partial_json.js';
import { stepFromMessage } from './message.js';

function sliceMessage(text: string, role: string): Obj {
  if (text.trimStart().startsWith('{')) {
    const v = parsePartialJson(text);
    if (isObj(v) && ('content' in v || 'tool_calls' in v || 'role' in v)) return v.role ? v : { ...v, role };
  }
  // agent.log slices are the terminal text itself.
  return { role, content: text };
}

export function stepFromSlice(action: string, observation: string | null): StepInput | null {
  const msg = sliceMessage(action, 'assistant');
  const obs = observation !== null && observation.trim() ? [sliceMessage(observation, 'user')] : [];
  return stepFromMessage(msg, obs);
}
