// --export-prompt: the corrective context for the user's own agent harness, as markdown and JSON.
// Nothing is executed.
import { promises as fs } from 'node:fs';
import path from 'node:path';
import { writeFileAtomic, writeJsonAtomic } from '../io/atomic.js';
import { fromFsError } from '../io/errors.js';
import { checkpointSections } from './prompt.js';
import type { Checkpoint } from './types.js';

/** FILE.md and FILE.json; a FILE ending in .md or .json names one of the pair. */
export function exportPaths(file: string): { md: string; json: string } {
  const base = file.replace(/\.(md|json)$/i, '');
  return { md: `${base}.md`, json: `${base}.json` };
}

export function exportMarkdown(cp: Checkpoint): string {
  return (
    `# Replay of ${cp.origin.trajId} from step ${cp.breakpoint}\n\n` +
    `Origin: \`${cp.origin.address}\` (${cp.origin.format}); diagnosis from ${cp.diagnosisSource}.\n\n` +
    checkpointSections(cp) +
    '\n'
  );
}

export function exportJson(cp: Checkpoint): Record<string, unknown> {
  return {
    codetracer_replay_prompt: 1,
    origin: cp.origin,
    task: cp.task,
    breakpoint: { step: cp.breakpoint, reason: cp.breakpointReason },
    prior_steps: cp.priorSummary,
    diagnosis: {
      source: cp.diagnosisSource,
      diagnoser: cp.diagnosis.diagnoser,
      summary: cp.diagnosis.summary ?? null,
      root_cause_chain: cp.diagnosis.rootCauseChain ?? [],
      labels: cp.diagnosis.labels.map((l) => ({
        step_id: l.stepId,
        verdict: l.verdict,
        reasoning: l.reasoning,
      })),
    },
    corrective_strategy: cp.strategy,
    restore: {
      edits: cp.edits.map((e) => ({ step_id: e.stepId, ...e.edit })),
      commands_not_restored: cp.commands.map((c) => ({ step_id: c.stepId, command: c.command })),
    },
    prompt_markdown: exportMarkdown(cp),
  };
}

export async function writeExport(cp: Checkpoint, file: string): Promise<{ md: string; json: string }> {
  const p = exportPaths(path.resolve(file));
  try {
    await fs.mkdir(path.dirname(p.md), { recursive: true });
  } catch (e) {
    throw fromFsError(e, path.dirname(p.md));
  }
  await writeFileAtomic(p.md, exportMarkdown(cp));
  await writeJsonAtomic(p.json, exportJson(cp));
  return p;
}
