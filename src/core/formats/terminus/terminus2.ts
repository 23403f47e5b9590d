// Terminus-2 (terminal-bench): one step per `agent-logs/episode-N/response.txt`.
import { terminusModule } from './module.js';

export const terminus2Format = terminusModule({
  id: 'terminus2',
  title: 'Terminus-2 (terminal-bench)',
  description: [
    'Terminus-2 trial (terminal-bench / Harbor). Layout: <trial>/agent-logs/episode-N/{prompt.txt,response.txt}',
    '(Harbor: <trial>/agent/episode-N/), results.json (is_resolved, instruction), commands.txt, panes/.',
    'Each episode is one LLM turn and one step: step k = episode-(k-1), the same ids CodeTraceBench uses.',
    'response.txt is JSON {analysis, plan, commands:[{keystrokes, duration}], task_complete} (sometimes wrapped',
    'in extra text) or XML <response><analysis/><plan/><commands><keystrokes duration="s">…</keystrokes></commands>',
    '<task_complete/></response>. Action = the keystrokes as typed, one command per line (a final newline means',
    'Enter; control keys are shown as <C-c>, tmux key names like C-c appear as typed); each command is a send_keys',
    'tool call with its duration. Reasoning = analysis + plan. Observation = the next episode prompt.txt after',
    '"New Terminal Output:" (or "Current Terminal Screen:"); harness messages such as "Previous response had',
    'parsing errors" or warnings are part of the observation (an unparseable response is shown raw: the agent then',
    'lost that turn). A task_complete tool call marks the turn where the agent declared the task done (the harness',
    'asks once for confirmation). Keystrokes without a trailing newline were typed but not executed. The last step',
    "has no next prompt: its observation is the harness's panes/post-agent.txt capture when present.",
  ].join('\n'),
  fingerprints: ['agent-logs/episode-*/response.txt', 'agent/episode-*/response.txt'],
  responseName: 'response.txt',
  defaultAgent: 'terminus-2',
});
