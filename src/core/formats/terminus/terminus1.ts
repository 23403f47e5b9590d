// Terminus-1 (terminal-bench 1.x): one step per `agent-logs/episode-N/response.json`.
import { terminusModule } from './module.js';

export const terminus1Format = terminusModule({
  id: 'terminus1',
  title: 'Terminus-1 (terminal-bench 1.x)',
  description: [
    'Terminus-1 trial (terminal-bench 1.x harness). Layout: <trial>/agent-logs/episode-N/{prompt.txt,response.json},',
    'results.json (is_resolved, instruction, parser_results), commands.txt, panes/; the run root two levels up holds',
    'run_metadata.json (agent_name, model_name). Each episode is one LLM turn and one step (step k = episode-(k-1)).',
    'response.json is {state_analysis, explanation, commands:[{keystrokes, is_blocking, timeout_sec}],',
    'is_task_complete}. Action = the keystrokes as typed, one command per line (a final newline means Enter; control',
    'keys are shown as <C-c>, tmux key names like C-c appear as typed); each command is a send_keys tool call with',
    'is_blocking / timeout_sec. Reasoning = state_analysis + explanation. Observation = the next episode prompt.txt:',
    'the terminal screen, prefixed by "The previous command timed out after N seconds" when a blocking command',
    'timed out. A task_complete tool call marks the turn where the agent declared the task done. The last step has',
    "no next prompt: its observation is the harness's panes/post-agent.txt capture when present.",
  ].join('\n'),
  fingerprints: ['agent-logs/episode-*/response.json'],
  responseName: 'response.json',
  defaultAgent: 'terminus-1',
});
