// CodeTracer's step_jsonl form: one `step_<N>.jsonl` file per step, each holding ONE JSON object (despite the
// extension) `{step_index, command, terminal_result, llm_analysis, stage_label}`, plus `task.md`.
// `llm_analysis` is an annotator's verdict on the step (useful / incorrect ...): it is gold-like, so it is kept
// only under metadata.annotations, never in the step text a diagnoser reads.
import { CodetracerError } from '../../io/errors.js';
import { join } from '../../io/source.js';
import { parseJson, parseJsonl, readText } from '../../io/read.js';
import type { Stage, Trajectory } from '../../model/trajectory.js';
import { asNumber, asString, isObj, parseMaybeJson, type Obj } from '../shared/access.js';
import { StepList, makeTrajectory } from '../shared/build.js';
import { taskFromRunDir } from '../shared/task.js';
import { UNKNOWN, verdictFromResultsJson } from '../shared/verdict.js';
import { basename } from '../../io/source.js';
import type { FormatModule, RunLocation } from '../types.js';
import { planIds } from './ids.js';

const STEP_FILE = /^step_(\d+)\.jsonl$/;

async function stepFiles(loc: RunLocation): Promise<{ n: number; path: string }[]> {
  if (loc.kind !== 'dir') return [];
  const entries = await loc.src.list(loc.path).catch(() => []);
  return entries
    .flatMap((e) => {
      const m = STEP_FILE.exec(e.name);
      return m && e.kind === 'file' ? [{ n: Number(m[1]), path: join(loc.path, e.name) }] : [];
    })
    .sort((a, b) => a.n - b.n);
}

/** The file's one object; a file that really is JSON Lines gives its first record (with a warning). */
function readRecord(text: string, shown: string, warnings: string[]): Obj {
  let value: unknown;
  try {
    value = parseJson(text, shown);
  } catch (e) {
    const lines = parseJsonl(text, shown);
    if (!lines.records.length) throw e;
    if (lines.records.length > 1)
      warnings.push(`${shown}: ${lines.records.length} JSON lines; only the first is the step`);
    value = lines.records[0].value;
  }
  if (!isObj(value))
    throw new CodetracerError('invalid_data', 'expected one JSON object per step file', shown);
  return value;
}

function text(v: unknown): string | null {
  if (v === undefined || v === null) return null;
  return typeof v === 'string' ? v : JSON.stringify(v, null, 2);
}

/** Consecutive steps with the same stage_label form one stage. */
function stagesFromLabels(labels: { id: number; label: string | null }[]): Stage[] {
  const stages: Stage[] = [];
  for (const { id, label } of labels) {
    const cur = stages[stages.length - 1];
    if (label === null) continue;
    if (cur && cur.label === label && cur.end < id) cur.end = id;
    else stages.push({ id: stages.length + 1, start: id, end: id, label });
  }
  return stages;
}

async function parseStepJsonl(loc: RunLocation): Promise<Trajectory> {
  const { src } = loc;
  const files = await stepFiles(loc);
  if (!files.length)
    throw new CodetracerError('invalid_data', 'no step_<N>.jsonl files here', src.display(loc.path));
  const warnings: string[] = [];
  const records: { n: number; path: string; rec: Obj }[] = [];
  for (const f of files) {
    const shown = src.display(f.path);
    try {
      records.push({ ...f, rec: readRecord(await readText(src, f.path), shown, warnings) });
    } catch (e) {
      warnings.push(
        e instanceof CodetracerError
          ? `${e.oneLine()}; step skipped`
          : `${shown}: ${String(e)}; step skipped`,
      );
    }
  }
  const plan = planIds(
    records.map((r) => asNumber(r.rec.step_index) ?? r.n),
    src.display(loc.path),
  );
  warnings.push(...plan.warnings);

  const steps = new StepList();
  const assessments: Record<string, unknown>[] = [];
  const labels: { id: number; label: string | null }[] = [];
  plan.order.forEach((i, k) => {
    const { rec, path } = records[i];
    const id = plan.ids[k];
    const command = text(rec.command);
    const step = steps.push({
      action: command && command.trim() ? command : '(no command recorded)',
      observation: text(rec.terminal_result),
      reasoning: asString(rec.thinking) ?? asString(rec.reasoning) ?? null,
      tool: command && command.trim() ? 'bash' : undefined,
      toolCalls: command && command.trim() ? [{ name: 'bash', arguments: { command } }] : [],
      raw: { file: src.display(path) },
    });
    step.id = id;
    const analysis = parseMaybeJson(rec.llm_analysis);
    if (analysis !== undefined && analysis !== null) {
      assessments.push(
        isObj(analysis) ? { step_id: id, ...analysis } : { step_id: id, llm_analysis: analysis },
      );
    }
    const label = rec.stage_label;
    labels.push({ id, label: label === undefined || label === null || label === '' ? null : String(label) });
  });

  const metadata: Record<string, unknown> = {};
  // Annotations are gold-like: kept for evaluation, never shown to a diagnoser.
  if (assessments.length) metadata.annotations = { stepAssessments: assessments };

  return makeTrajectory({
    id: basename(loc.path),
    sources: files.map((f) => src.display(f.path)),
    format: 'step_jsonl',
    task: (await taskFromRunDir(src, loc.path)) ?? '',
    verdict: { ...((await verdictFromResultsJson(src, loc.path)) ?? UNKNOWN) },
    steps: steps.steps,
    stages: stagesFromLabels(labels),
    warnings,
    metadata,
  });
}

export const step_jsonlFormat: FormatModule = {
  id: 'step_jsonl',
  title: 'Per-step JSON files (CodeTracer step_jsonl)',
  description: [
    'CodeTracer step_jsonl run: a folder of step_<N>.jsonl files (sorted by N), each ONE JSON object',
    '{step_index, command, terminal_result, stage_label, ...}, plus task.md. One file is one step: step id =',
    'step_index (else N), action = command (a shell command), observation = terminal_result. Consecutive steps',
    'with the same stage_label form a stage.',
  ].join('\n'),
  fingerprints: ['step_*.jsonl'],
  priority: 100,
  async detect(loc: RunLocation): Promise<boolean> {
    return (await stepFiles(loc)).length > 0;
  },
  parse: async (loc: RunLocation) => [await parseStepJsonl(loc)],
  async quickCount(loc: RunLocation): Promise<number | null> {
    const n = (await stepFiles(loc)).length;
    return n > 0 ? n : null;
  },
};
