// Per-step facts every rule reads: classification, a comparable form of the action and the observation,
// failure and check outcome. Computed once per run, linear in its size.
import type { Step, Trajectory } from '../../model/trajectory.js';
import { classifySteps, type StepClass } from '../../tree/index.js';
import { commandText, KEY_TOOLS, SHELL_TOOLS, toolKey } from '../../tree/tools.js';
import { isKeysOnly } from '../../tree/commands.js';
import { checkOutcome, stepFailed } from './outcome.js';
import type { RunFacts, StepFacts } from './types.js';

/** Arguments that describe or pace a call rather than say what it does. */
const BOOKKEEPING = new Set([
  'description',
  'thought',
  'timeout',
  'timeout_sec',
  'duration',
  'is_blocking',
  'blocking',
  'security_risk',
  'impl_source',
  'reasoning',
  'explanation',
  'cwd',
]);

const fold = (s: string) => s.replace(/\s+/g, ' ').trim();

function stable(v: unknown): string {
  if (v === null || typeof v !== 'object') return typeof v === 'string' ? fold(v) : (JSON.stringify(v) ?? '');
  if (Array.isArray(v)) return `[${v.map(stable).join(',')}]`;
  const o = v as Record<string, unknown>;
  return `{${Object.keys(o)
    .filter((k) => !BOOKKEEPING.has(k))
    .sort()
    .map((k) => `${k}:${stable(o[k])}`)
    .join(',')}}`;
}

const isShellTool = (name: string) => SHELL_TOOLS.has(toolKey(name)) || KEY_TOOLS.has(toolKey(name));

/** The shell text a step ran, if it ran one. */
export function shellOf(s: Step): string | null {
  const calls = s.toolCalls.filter((c) => isShellTool(c.name));
  if (calls.length) return calls.map((c) => commandText(c.arguments, s.action, c.name)).join('\n');
  if (s.tool && isShellTool(s.tool)) return s.action;
  if (!s.tool && !s.toolCalls.length && !s.agentName && s.actor === 'agent') return s.action;
  return null;
}

/** The action in a form where "the same action" compares equal. */
export function actionKey(s: Step, shell: string | null): string {
  if (s.toolCalls.length) {
    return s.toolCalls
      .map((c) =>
        isShellTool(c.name)
          ? `$ ${fold(commandText(c.arguments, s.action, c.name))}`
          : `${toolKey(c.name)} ${stable(c.arguments)}`,
      )
      .join('\n');
  }
  return shell !== null ? `$ ${fold(shell)}` : `${s.tool ?? ''} ${fold(s.action)}`;
}

function what(s: Step, shell: string | null): string {
  const text = (shell ?? s.action).trim();
  const line = text.split('\n')[0];
  const short = line.length > 70 ? `${line.slice(0, 69)}…` : line;
  return `\`${short}${text.includes('\n') && line.length <= 70 ? ' …' : ''}\``;
}

export function stepFacts(s: Step, index: number, cls: StepClass): StepFacts {
  const shell = shellOf(s);
  // Pressing C-c or Enter does not fail; the screen it shows may still hold an earlier error.
  const failed = s.actor === 'agent' && !(shell !== null && isKeysOnly(shell)) && stepFailed(s, cls);
  return {
    step: s,
    index,
    cls,
    agent: s.actor === 'agent',
    key: actionKey(s, shell),
    obs: s.observation === null ? null : fold(s.observation),
    shell,
    failed,
    outcome: checkOutcome(s, cls, failed, shell),
    what: what(s, shell),
  };
}

export function runFacts(traj: Trajectory, classes?: readonly StepClass[]): RunFacts {
  const cls = classes ?? classifySteps(traj.steps);
  const steps = traj.steps.map((s, i) => stepFacts(s, i, cls[i]));
  return { traj, steps, agentSteps: steps.filter((f) => f.agent) };
}
