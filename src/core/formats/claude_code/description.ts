// Format context shown to the diagnoser (SKILL.md style).
export const CLAUDE_CODE_DESCRIPTION = `Claude Code (the \`claude\` CLI run with \`--output-format stream-json\`).
Sources, best first: Harbor \`agent/claude-code.txt\`; terminal-bench 1.x \`sessions/claude_code.log\` (stream-json or a
LiteLLM proxy request log); \`sessions/agent.cast\` (asciinema recording whose output holds the JSON lines); a single
.jsonl/.txt file of events. Git LFS pointer stubs are skipped with a warning.
Events: \`system\` (subtype \`init\` names the model, tools, cwd), \`assistant\` (message.content blocks: \`thinking\`,
\`text\`, \`tool_use\`), \`user\` (\`tool_result\` blocks with \`tool_use_id\`, \`is_error\`), final \`result\` (cost, turns).
Steps: one per \`tool_use\` block, ids 1..n in stream order; the observation is the matching \`tool_result\`.
Calls of one assistant message (same message id) share a parallel group. Thinking and text written before a call are
its reasoning; text after the last call is metadata.finalMessage. Bash results that failed start with "Exit code N"
(exitCode); other failed calls return <tool_use_error> text (metadata.errorStepIds lists them).
Sub-agents (Task/Agent tool): their calls appear inline, in stream order, with agentName "subagent[:type]";
metadata.subagents maps each to its parent Task step. Tools: Bash runs a shell command; Read/Glob/Grep/LS explore;
Edit/MultiEdit/Write/NotebookEdit change files (edits carry the old and new text); TodoWrite only updates a plan.
Verdict: terminal-bench results.json is_resolved, or Harbor verifier/reward.txt.`;
