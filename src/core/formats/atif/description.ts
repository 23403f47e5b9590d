// Format context shown to the diagnoser (SKILL.md style).
export const ATIF_DESCRIPTION = `ATIF, the Agent Trajectory Interchange Format of Harbor (terminal-bench 2.x), schema_version "ATIF-v1.x".
Layout: a Harbor trial directory with agent/trajectory.json, result.json (verifier_result.rewards.reward, exception_info),
verifier/reward.txt, config.json; or a bare ATIF JSON file. Root: session_id, agent {name, version, model_name},
steps[], final_metrics. Each step: step_id (1..n), source user|agent|system, message, reasoning_content,
tool_calls[{tool_call_id, function_name, arguments}], observation.results[{source_call_id, content}], metrics
{prompt_tokens, completion_tokens, cached_tokens, cost_usd}.
Steps: one per ATIF step, with the file's own step_id. The user step 1 is usually the task; agent steps without
tool calls are messages (an empty one shows as "(empty agent message)"). Tool-call steps show the call (Bash: command,
Edit: file with -/+ lines, Write: file and content ...); the observation is the result paired by source_call_id.
reasoning_content (and the message text of a tool-call step) is the reasoning. Harbor's Claude Code converter writes one
step per assistant content block, so a text step is often followed by the tool-call step it introduces; Bash results
that failed start with "Exit code N". Several calls in one step share a parallel group.
Verdict: verifier/reward.txt (1 = solved), else result.json. A trial without agent/trajectory.json (agent timed out)
is read from agent/claude-code.txt (Claude Code stream-json) instead.`;
