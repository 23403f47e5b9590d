// The step_jsonl parser (src/core/formats/prenormalized/step_jsonl.ts) written as a spec; see atif.ts.
export const STEP_JSONL_SPEC_YAML = `
version: 1
id: step-jsonl-spec
title: Per-step JSON files (as a spec)
description: >-
  CodeTracer step_jsonl run: step_<N>.jsonl files in numeric order, each ONE JSON object
  {step_index, command, terminal_result, stage_label}, plus task.md. One file is one step: the command is a
  shell command, terminal_result its output.
fingerprints: [step_*.jsonl]
files: [{ glob: step_*.jsonl, sort: natural }]
read: json
steps:
  command: { path: command, tool: bash }
  observation: terminal_result
  reasoning: [thinking, reasoning]
  emptyAction: (no command recorded)
task: { file: task.md }
verdict: { file: results.json, path: is_resolved }
`;
