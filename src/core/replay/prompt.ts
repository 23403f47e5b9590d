// The corrective context as text: the replay agent's system prompt and the exported markdown share it.
import type { Checkpoint } from './types.js';

const MAX_SUMMARY_LINES = 200;

export function checkpointSections(cp: Checkpoint): string {
  const kept = cp.priorSummary.length
    ? cp.priorSummary.slice(-MAX_SUMMARY_LINES).join('\n') +
      (cp.priorSummary.length > MAX_SUMMARY_LINES
        ? `\n(${cp.priorSummary.length - MAX_SUMMARY_LINES} earlier steps not shown)`
        : '')
    : '(none: the replay starts from the beginning)';
  const restored = cp.edits.length
    ? cp.edits.map((e) => `- step ${e.stepId}: ${e.edit.kind} ${e.edit.path}`).join('\n')
    : '(no file edits to re-apply)';
  const notRestored = cp.commands.length
    ? cp.commands.map((c) => `- step ${c.stepId}: ${c.command.split('\n', 1)[0]}`).join('\n')
    : '(none)';
  return [
    `## Task\n\n${cp.task.trim() || '(the run has no task text)'}`,
    `## Checkpoint\n\nThe previous attempt went wrong at step ${cp.breakpoint} (${cp.breakpointReason}). ` +
      `The steps before it are kept:\n\n${kept}`,
    `File edits of those steps re-applied to the workspace:\n\n${restored}`,
    `State-changing commands of those steps that were not re-created automatically:\n\n${notRestored}`,
    `## Diagnosis (${cp.diagnosis.diagnoser})\n\n${cp.diagnosis.summary?.trim() || 'No summary.'}` +
      (cp.diagnosis.rootCauseChain?.length
        ? `\n\nRoot-cause chain (final failure first):\n${cp.diagnosis.rootCauseChain.map((c) => `- ${c}`).join('\n')}`
        : ''),
    `## Corrective strategy\n\n${cp.strategy}`,
  ].join('\n\n');
}

export function replaySystemPrompt(cp: Checkpoint, env: string, maxSteps: number): string {
  return [
    'You are a coding agent continuing a task that a previous attempt got wrong. The workspace is in the ' +
      'state the previous attempt had reached just before its mistake. Use the diagnosis and the corrective ' +
      'strategy below: do not repeat the mistake.',
    `Environment: ${env}. The \`shell\` tool runs one command there (sh -c, in the workspace folder); ` +
      'there is no network. `read_file` and `write_file` work on files in the workspace. When the task is ' +
      `done, call \`finish\` with a short summary. You have at most ${maxSteps} turns.`,
    checkpointSections(cp),
  ].join('\n\n');
}
