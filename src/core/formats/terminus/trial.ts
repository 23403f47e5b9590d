// Reading a whole Terminus trial (terminus-1 and terminus-2 differ only in the response file and its fields).
import { CodetracerError } from '../../io/errors.js';
import { join, basename } from '../../io/source.js';
import { readOptionalText, readText } from '../../io/read.js';
import type { Trajectory } from '../../model/trajectory.js';
import { StepList, makeTrajectory } from '../shared/build.js';
import { taskFromRunDir } from '../shared/task.js';
import { UNKNOWN, verdictFromResultsJson, verdictFromReward } from '../shared/verdict.js';
import type { RunLocation } from '../types.js';
import { listEpisodes, resolveTrial, runIdentity, type Episode } from './episodes.js';
import { taskFromPrompt } from './prompt.js';
import { episodeStep } from './step.js';

export interface TerminusVariant {
  formatId: string;
  /** `response.json` (terminus-1) or `response.txt` (terminus-2). */
  responseName: string;
  defaultAgent: string;
}

async function readResponse(loc: RunLocation, path: string): Promise<{ text: string } | { error: string }> {
  try {
    return { text: await readText(loc.src, path, { allowEmpty: true }) };
  } catch (e) {
    return { error: e instanceof CodetracerError ? e.oneLine() : String(e) };
  }
}

function lineCount(text: string): number {
  return text === '' ? 1 : text.split('\n').length;
}

/** Steps are episodes: step k is `episode-(k-1)`, so ids match CodeTraceBench's terminus ids. */
export async function parseTerminusTrial(loc: RunLocation, v: TerminusVariant): Promise<Trajectory> {
  const { src } = loc;
  const trial = loc.kind === 'dir' ? await resolveTrial(src, loc.path, v.responseName) : null;
  if (!trial) {
    throw new CodetracerError(
      'invalid_data',
      `no agent-logs/episode-N/${v.responseName} here`,
      src.display(loc.path),
    );
  }
  const { trialDir, logsDir } = trial;
  const episodes = await listEpisodes(src, logsDir);
  const byIndex = new Map<number, Episode>(episodes.map((e) => [e.index, e]));
  const hasResponse = new Map<number, boolean>();
  for (const e of episodes) {
    const st = await src.stat(join(e.dir, v.responseName)).catch(() => null);
    hasResponse.set(e.index, st?.kind === 'file');
  }
  const last = Math.max(-1, ...episodes.filter((e) => hasResponse.get(e.index)).map((e) => e.index));
  const warnings: string[] = [];
  const steps = new StepList();
  const taskCompleteSteps: number[] = [];
  const kinds = { json: 0, xml: 0, unparsed: 0 };

  for (let i = 0; i <= last; i++) {
    const ep = byIndex.get(i);
    const responsePath = join(ep?.dir ?? join(logsDir, `episode-${i}`), v.responseName);
    const nextPrompt = byIndex.has(i + 1)
      ? await readOptionalText(src, join(byIndex.get(i + 1)!.dir, 'prompt.txt'))
      : null;
    if (!ep || !hasResponse.get(i)) {
      // Keep the ids aligned with episode numbers even when one episode lost its response.
      warnings.push(`${src.display(responsePath)}: missing; step ${i + 1} is a placeholder`);
      steps.push({ action: `(no response recorded for episode-${i})`, observation: null });
      continue;
    }
    const read = await readResponse(loc, responsePath);
    if ('error' in read) {
      warnings.push(read.error);
      steps.push({ action: `(unreadable response for episode-${i})`, observation: null });
      continue;
    }
    const built = episodeStep(read.text, nextPrompt);
    if (built.problem) {
      kinds.unparsed++;
      warnings.push(
        `${src.display(responsePath)}: not a Terminus response (${built.problem}); raw text kept as the action`,
      );
    } else if (built.kind) {
      kinds[built.kind]++;
    }
    built.step.raw = { file: src.display(responsePath), lineStart: 1, lineEnd: lineCount(read.text) };
    const step = steps.push(built.step);
    if (built.taskComplete) taskCompleteSteps.push(step.id);
  }

  // The last batch's output never reaches a prompt; the harness's post-agent pane capture shows it.
  const lastStep = steps.last();
  if (lastStep && lastStep.observation === null && hasResponse.get(last)) {
    const pane = await readOptionalText(src, join(trialDir, 'panes', 'post-agent.txt'));
    if (pane && pane.trim())
      lastStep.observation = `(terminal after the agent finished, panes/post-agent.txt)\n${pane.trimEnd()}`;
  }

  const firstPrompt = byIndex.has(0)
    ? await readOptionalText(src, join(byIndex.get(0)!.dir, 'prompt.txt'))
    : null;
  let task = await taskFromRunDir(src, trialDir);
  if (!task) task = taskFromPrompt(firstPrompt) ?? firstPrompt?.trim() ?? '';
  const verdict =
    (await verdictFromResultsJson(src, trialDir)) ?? (await verdictFromReward(src, trialDir)) ?? UNKNOWN;
  const who = await runIdentity(src, trialDir);
  if (steps.length === 0) warnings.push(`${src.display(logsDir)}: no episode has a ${v.responseName}`);

  const metadata: Record<string, unknown> = {
    trial: basename(trialDir),
    episodes: episodes.length,
    taskCompleteSteps,
  };
  if (kinds.xml) metadata.responseFormat = kinds.json ? 'mixed' : 'xml';
  if (who.source) metadata.runMetadata = who.source;

  return makeTrajectory({
    id: basename(trialDir),
    sources: [src.display(logsDir)],
    format: v.formatId,
    agent: who.agent ?? v.defaultAgent,
    model: who.model ?? null,
    task,
    verdict: { ...verdict },
    steps: steps.steps,
    warnings,
    metadata,
  });
}
