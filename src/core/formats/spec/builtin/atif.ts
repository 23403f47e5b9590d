// The ATIF parser (src/core/formats/atif) written as a spec. Kept as YAML text in a constant so it ships
// inside dist; test/spec checks it gives the same steps as the code parser on the fixtures.
export const ATIF_SPEC_YAML = `
version: 1
id: atif-spec
title: Harbor ATIF (as a spec)
description: >-
  Harbor trial with an ATIF trajectory (agent/trajectory.json): steps[] with source, message,
  reasoning_content, tool_calls[] {tool_call_id, function_name, arguments} and observation.results[]
  {source_call_id, content}. One ATIF step is one step; results are paired with calls by id.
fingerprints: [agent/trajectory.json, trajectory.json, "file:*.json"]
detect:
  contains: ['"schema_version"', '"ATIF']
files: [agent/trajectory.json, trajectory.json, "."]
pick: first
read: json
records: steps
steps:
  actor:
    path: source
    map: { user: user, agent: agent, system: system }
    default: agent
  text: message
  toolCalls:
    path: tool_calls[*]
    id: tool_call_id
    name: function_name
    arguments: arguments
  reasoning: reasoning_content
  timestamp: timestamp
results:
  path: observation.results[*]
  callId: source_call_id
  content: content
task: { when: { source: user }, path: message }
verdict: { file: verifier/reward.txt }
agent: { path: agent.name }
model: { path: [agent.model_name, "steps[1].model_name"] }
`;
