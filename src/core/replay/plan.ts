// What restoring the state before the breakpoint takes: the file edits CodeTracer can re-apply (edit
// tools with old/new text) in order, and the state-changing commands it cannot re-create by itself.
import type { Step } from '../model/trajectory.js';
import { classifySteps } from '../tree/classify.js';
import { SHELL_TOOLS, commandText, toolKey } from '../tree/tools.js';
import type { RestoreCommand, RestoreEdit } from './types.js';

export interface RestorePlan {
  edits: RestoreEdit[];
  commands: RestoreCommand[];
}

function commandsOf(step: Step): string[] {
  if (!step.toolCalls.length) return [step.action];
  const shell = step.toolCalls.filter((c) => SHELL_TOOLS.has(toolKey(c.name)));
  // A non-shell tool that changed state (an unknown tool): show its display text so the user can judge.
  if (!shell.length) return [step.action];
  return shell.map((c) => commandText(c.arguments, step.action, c.name));
}

export function restorePlan(steps: readonly Step[], breakpoint: number): RestorePlan {
  const classes = classifySteps(steps);
  const edits: RestoreEdit[] = [];
  const commands: RestoreCommand[] = [];
  steps.forEach((step, i) => {
    if (step.id >= breakpoint || step.actor !== 'agent') return;
    if (step.edits?.length) {
      for (const edit of step.edits) edits.push({ stepId: step.id, edit });
      return;
    }
    const c = classes[i];
    if (c.type !== 'change' || c.submit) return;
    for (const command of commandsOf(step)) {
      if (command.trim()) commands.push({ stepId: step.id, command: command.trim() });
    }
  });
  return { edits, commands };
}
