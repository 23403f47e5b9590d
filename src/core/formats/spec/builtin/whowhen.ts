// The Who&When parser (src/core/formats/whowhen) written as a spec; see atif.ts for why it is a constant.
export const WHOWHEN_SPEC_YAML = `
version: 1
id: whowhen-spec
title: Who&When (as a spec)
description: >-
  Who&When failure-attribution run: one JSON file with history[] of {role, name?, content} messages of a
  multi-agent team, the question, and the annotated mistake. Each message is one step.
fingerprints: ["file:*.json"]
detect:
  contains: ['"history"']
files: ["."]
read: json
records: history
steps:
  actor:
    rules:
      - { when: { role: human }, actor: user }
      - { when: { role: user, name: null }, actor: user }
      - { when: { name: Computer_terminal }, actor: environment }
      - { when: { role: ComputerTerminal }, actor: environment }
    default: agent
  agentName: [name, role]
  text: content
  emptyAction: (empty message)
task: { path: question }
verdict: { path: is_correct }
`;
