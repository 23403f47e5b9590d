// Scripted diagnoser replies shared by the tests.
import type { ProfileName } from '../../src/core/profiles/schemas.js';
import { callTool, type ScriptedReply } from '../helpers/scripted-llm-server.js';

export const LABEL_REASON =
  'pdflatex was run before any substitution, wasting a compile on a known-bad input';

export function finalOutput(profile: ProfileName): unknown {
  const entry = { stage_id: 1, incorrect_step_ids: [2], unuseful_step_ids: [], reasoning: LABEL_REASON };
  switch (profile) {
    case 'tracebench':
      return [entry];
    case 'detailed':
      return {
        root_cause_chain: ['the document still overflows', 'step 2 compiled before planning substitutions'],
        critical_decision_points: [
          { step_id: 2, decision: 'compiled main.tex first', should_have: 'read synonyms.txt first' },
        ],
        correct_strategy: 'Read input.tex and synonyms.txt, substitute, then compile.',
        stage_labels: [entry],
        summary: 'The agent compiled too early.',
      };
    case 'rl_feedback':
      return [
        {
          step_id: 2,
          verdict: 'incorrect',
          deviation_type: 'wrong_target',
          correct_alternative: 'read synonyms.txt first',
          impact_severity: 'critical',
          reasoning: LABEL_REASON,
          reward_signal: -1,
        },
      ];
  }
}

/** overview → view_stage + view_step (one message) → record_label → finish. */
export function happyPath(profile: ProfileName): ScriptedReply[] {
  return [
    callTool('overview', {}, { reasoning: 'Start with the overview.', text: 'Looking at the run.' }),
    {
      reasoning: 'Stage 1 holds the first compile.',
      toolCalls: [
        { name: 'view_stage', arguments: { stage_id: 1 } },
        { name: 'view_step', arguments: { step_id: 2 }, pieces: 5 },
      ],
    },
    callTool('record_label', {
      step_id: 2,
      verdict: 'incorrect',
      reasoning: LABEL_REASON,
      deviation_type: 'wrong_target',
    }),
    callTool('finish', { output: finalOutput(profile) }, { text: 'Done.' }),
  ];
}
