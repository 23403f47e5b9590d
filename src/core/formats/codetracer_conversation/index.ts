// Reads CodeTracer's own diagnosis conversations (`*.traj.json` written by analyze/run) as trajectories:
// each tool call of the diagnoser is a step, its tool result the observation.
import { CodetracerError } from '../../io/errors.js';
import { parseJson, readText } from '../../io/read.js';
import { basename } from '../../io/source.js';
import { StepList, makeTrajectory } from '../shared/build.js';
import { joinNonEmpty } from '../shared/text.js';
import type { Trajectory } from '../../model/trajectory.js';
import type { FormatModule, RunLocation } from '../types.js';
import { CONVERSATION_FORMAT, ConversationDocumentSchema, type ConversationDocument } from './document.js';

async function load(loc: RunLocation): Promise<ConversationDocument> {
  const shown = loc.src.display(loc.path);
  const data = parseJson(await readText(loc.src, loc.path), shown);
  const r = ConversationDocumentSchema.safeParse(data);
  if (!r.success) {
    const i = r.error.issues[0];
    throw new CodetracerError(
      'invalid_data',
      `not a CodeTracer conversation: ${i.path.join('.') || 'top level'}: ${i.message}`,
      shown,
    );
  }
  return r.data;
}

function parseArgs(s: string): unknown {
  try {
    return JSON.parse(s);
  } catch {
    return s;
  }
}

export function conversationToTrajectory(doc: ConversationDocument, source: string, id: string): Trajectory {
  const list = new StepList();
  const results = new Map<string, { content: string | null; ok?: boolean }>();
  for (const m of doc.messages)
    if (m.role === 'tool' && m.tool_call_id) results.set(m.tool_call_id, { content: m.content, ok: m.ok });
  const task = doc.messages.find((m) => m.role === 'user')?.content ?? '';
  let firstUserSeen = false;
  doc.messages.forEach((m, index) => {
    const raw = { file: source, eventStart: index };
    if (m.role === 'assistant') {
      const tokens = m.usage
        ? {
            input: m.usage.prompt_tokens,
            output: m.usage.completion_tokens,
            ...(m.cost_usd != null ? { cost: m.cost_usd } : {}),
          }
        : undefined;
      const thought = joinNonEmpty([m.reasoning, m.content]);
      const calls = m.tool_calls ?? [];
      if (!calls.length) {
        list.push({
          action: m.content?.trim() || '(no tool call)',
          reasoning: m.reasoning ?? null,
          timestamp: m.timestamp,
          tokens,
          raw,
        });
        return;
      }
      const group = calls.length > 1 ? list.nextGroup() : undefined;
      calls.forEach((c, k) => {
        const r = results.get(c.id);
        list.push({
          action: `${c.name} ${c.arguments}`.trim(),
          tool: c.name,
          toolCalls: [{ id: c.id, name: c.name, arguments: parseArgs(c.arguments) }],
          observation: r?.content ?? null,
          reasoning: k === 0 ? thought : null,
          timestamp: m.timestamp,
          ...(k === 0 && tokens ? { tokens } : {}),
          ...(group !== undefined ? { parallelGroup: group } : {}),
          ...(r?.ok === false ? { exitCode: 1 } : {}),
          raw,
        });
      });
    } else if (m.role === 'user') {
      // The task message is the run's task; later user messages (warnings, notes) are shown as steps.
      if (!firstUserSeen) {
        firstUserSeen = true;
        return;
      }
      list.push({ actor: 'user', action: m.content ?? '', timestamp: m.timestamp, raw });
    }
  });
  return makeTrajectory({
    id,
    sources: [source],
    format: 'codetracer_conversation',
    agent: 'codetracer',
    model: doc.model,
    task: task ?? '',
    verdict: { solved: null, exitStatus: doc.status, source },
    steps: list.steps,
    metadata: {
      diagnosed_run: doc.diagnosed_run,
      profile: doc.profile,
      status: doc.status,
      reason: doc.reason,
      n_calls: doc.n_calls,
      cost_usd: doc.cost_usd,
      usage_estimated: doc.usage_estimated,
    },
  });
}

export const codetracer_conversationFormat: FormatModule = {
  id: 'codetracer_conversation',
  title: 'CodeTracer diagnosis conversation',
  description:
    "A CodeTracer diagnoser's own conversation (`<output>.traj.json`). Each step is one tool call of the " +
    'diagnosis agent (overview, list_steps, search, view_step, view_stage, read_file, record_label, finish) with ' +
    "its tool result as the observation; reasoning is the model's thinking and text. Later user messages (budget " +
    'warnings, compaction notes) are user steps. The task is the first user message.',
  // Conversation files are named after the profile output they belong to (codetracer_labels.traj.json, ...).
  fingerprints: ['file:codetracer_*.traj.json'],
  priority: 60,
  async detect(loc) {
    if (loc.kind !== 'file' || !loc.path.endsWith('.traj.json')) return false;
    try {
      const head = (await loc.src.read(loc.path)).subarray(0, 200).toString('utf8');
      return (
        head.includes(`"format": "${CONVERSATION_FORMAT}"`) ||
        head.includes(`"format":"${CONVERSATION_FORMAT}"`)
      );
    } catch {
      return false;
    }
  },
  async parse(loc) {
    const doc = await load(loc);
    const name = basename(loc.path).replace(/\.traj\.json$/, '');
    return [conversationToTrajectory(doc, loc.src.display(loc.path), `${doc.diagnosed_run.traj_id}:${name}`)];
  },
};
