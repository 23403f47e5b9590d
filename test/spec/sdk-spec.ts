// Scripted LLM replies for learning the OpenHands SDK v1 format (test/fixtures/spec/openhands-sdk-conversation).
import path from 'node:path';

export const SDK_RUN = path.resolve(import.meta.dirname, '../fixtures/spec/openhands-sdk-conversation');

/** The spec a model would write after reading the samples: ActionEvents paired with ObservationEvents. */
export function sdkSpec(id = 'openhands-sdk'): Record<string, unknown> {
  return {
    version: 1,
    id,
    title: 'OpenHands Software Agent SDK v1 conversation',
    description:
      'A persisted OpenHands SDK conversation: base_state.json plus events/event-NNNNN-<uuid>.json, one event per file.',
    fingerprints: ['events/event-*.json'],
    detect: { contains: ['"kind":'] },
    files: [{ glob: 'events/event-*.json', sort: 'natural' }],
    read: 'json',
    steps: {
      when: { kind: ['ActionEvent', 'MessageEvent', 'AgentErrorEvent'] },
      actor: { path: 'source', map: { user: 'user', agent: 'agent', environment: 'environment' } },
      text: ['llm_message.content', 'error'],
      toolCalls: { path: 'tool_call', id: 'id', name: 'name', arguments: 'arguments' },
      reasoning: ['thought', 'reasoning_content'],
      timestamp: 'timestamp',
    },
    results: { when: { kind: 'ObservationEvent' }, callId: 'tool_call_id', content: 'observation.content' },
    group: { by: 'llm_response_id' },
    task: { when: { kind: 'MessageEvent', source: 'user' }, path: 'llm_message.content' },
    model: { file: 'base_state.json', path: 'agent.llm.model' },
  };
}

export const SKILL_MD = [
  '# OpenHands SDK v1 conversation',
  '',
  'Events are stored one per file; ActionEvent holds the tool call, ObservationEvent its result (same tool_call_id).',
].join('\n');

/** A reply holding the spec (JSON block) and SKILL.md (markdown block). */
export function reply(spec: Record<string, unknown>): string {
  return [
    'Here is the spec.',
    '```json',
    JSON.stringify(spec, null, 2),
    '```',
    '```markdown',
    SKILL_MD,
    '```',
  ].join('\n');
}

/** One error: the step filter names an event kind that does not exist, so nothing becomes a step. */
export function wrongSpec(): Record<string, unknown> {
  const s = sdkSpec();
  return { ...s, steps: { ...(s.steps as object), when: { kind: 'Action' } } };
}
