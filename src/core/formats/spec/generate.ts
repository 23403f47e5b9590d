// Learning a format: the LLM writes a spec from a bounded sample of the run, CodeTracer checks it on the
// run and sends the problems back, up to N attempts; a spec that reads the run is saved as a skill and
// registered, so every command detects the format from then on. Nothing the LLM writes is executed.
import type { ChatModel } from '../../diagnosis/llm/controller/loop.js';
import type { ChatMessage } from '../../llm/types.js';
import type { Trajectory } from '../../model/trajectory.js';
import { registerFormat } from '../registry.js';
import type { RunLocation } from '../types.js';
import { checkSpecOnRun } from './check.js';
import { firstMessages, retryMessage, splitReply } from './prompt.js';
import { DEFAULT_SAMPLE, sampleRun, type SampleLimits } from './sample.js';
import type { Spec } from './schema.js';
import { saveSkill, skillFormat, skillsDir } from './store.js';

export interface GenerateOptions {
  llm: ChatModel;
  /** LLM replies tried (default 3). */
  attempts?: number;
  /** Where the skill is saved (default: skillsDir()). */
  skillsDir?: string;
  /** Force the format id. */
  id?: string;
  signal?: AbortSignal;
  /** Save and register the skill (default true). */
  save?: boolean;
  sample?: SampleLimits;
  /** Progress lines ("attempt 1: 2 problems"). */
  log?: (line: string) => void;
}

export interface GenerateResult {
  spec: Spec | null;
  skill: string;
  /** Replies used. */
  attempts: number;
  /** The problems found in each rejected attempt. */
  rejected: string[][];
  /** The run as the accepted spec reads it. */
  traj?: Trajectory;
  /** The skill folder, when saved. */
  dir?: string;
  usage: { input: number; output: number; cost: number | null };
}

function defaultSkill(spec: Spec): string {
  return `# ${spec.title}\n\n${spec.description}\n`;
}

export async function learnFormat(loc: RunLocation, o: GenerateOptions): Promise<GenerateResult> {
  const attempts = Math.max(1, Math.floor(o.attempts ?? 3));
  const sample = await sampleRun(loc, o.sample ?? DEFAULT_SAMPLE);
  const messages: ChatMessage[] = firstMessages(sample, o.id);
  const rejected: string[][] = [];
  const usage: GenerateResult['usage'] = { input: 0, output: 0, cost: 0 };
  for (let i = 1; i <= attempts; i++) {
    const r = await o.llm.chat({ messages, temperature: 0 }, { signal: o.signal });
    usage.input += r.usage.input;
    usage.output += r.usage.output;
    usage.cost = usage.cost === null || r.cost === null ? null : usage.cost + r.cost;
    messages.push({ role: 'assistant', content: r.content });
    const parts = splitReply(r.content, r.toolCalls);
    const check = parts.specText
      ? await checkSpecOnRun(parts.specText, loc, { id: o.id })
      : { ok: false as const, errors: ['no spec found: put the spec JSON in one ```json code block'] };
    if (check.ok) {
      const skill = parts.skill?.trim() || defaultSkill(check.spec);
      o.log?.(`attempt ${i}: spec "${check.spec.id}" reads ${check.traj.steps.length} steps`);
      const result: GenerateResult = {
        spec: check.spec,
        skill,
        attempts: i,
        rejected,
        traj: check.traj,
        usage,
      };
      if (o.save !== false) {
        result.dir = await saveSkill(o.skillsDir ?? skillsDir(), check.spec, skill);
        registerFormat(skillFormat({ id: check.spec.id, dir: result.dir, spec: check.spec, skill }));
      }
      return result;
    }
    rejected.push(check.errors);
    o.log?.(`attempt ${i}: rejected (${check.errors.length} problem(s)): ${check.errors[0]}`);
    messages.push({ role: 'user', content: retryMessage(check.errors) });
  }
  return { spec: null, skill: '', attempts, rejected, usage };
}

/** For callers that only need the spec (LLM-guided discovery): the saved, registered spec, or null. */
export async function generateSpecForRun(
  loc: RunLocation,
  o: { llm: ChatModel; attempts?: number; skillsDir?: string; signal?: AbortSignal; id?: string },
): Promise<Spec | null> {
  return (await learnFormat(loc, o)).spec;
}
