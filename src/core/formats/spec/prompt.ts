// The messages that ask an LLM for a spec: the language, one worked example, the run's listing and samples.
import type { ChatMessage, ToolCallRequest } from '../../llm/types.js';
import { ATIF_SPEC_YAML } from './builtin/atif.js';
import type { RunSample } from './sample.js';

export const SPEC_LANGUAGE = `
A format spec (version 1) is JSON data that tells CodeTracer how to read an agent trajectory format.
It is never executed. Fields:
- version: 1
- id: lower-case [a-z0-9_-], 2-48 chars, names the format (e.g. "openhands-sdk")
- title, description: what the format is and how one step is counted
- fingerprints: globs (one picomatch pattern per path segment, no "**", no ".."), relative to the run
  directory, that mark a run of this format, e.g. ["events/event-*.json"]; for single-file runs "file:<glob on
  the file name>". Make them specific to this format.
- detect (optional): {contains: [substrings]} that all occur in the first 64 KB of the first data file
- priority (optional, 0-19, default 10; built-in formats always go first)
- files: data files in order: globs relative to the run directory, or "." when the run is one file.
  An entry may be {glob, sort: "natural"|"name"} (natural: step_2 before step_10; default)
- pick: "all" (default: every entry's matches, in order) or "first" (only the first entry that matches)
- read: "json" (each file one JSON value) | "jsonl" (one JSON value per line) | "text-lines" (each
  non-empty line is a record {line, text}) | "embedded-json-lines" (lines selected by "pattern", a regex
  run on the start of the line; the JSON starts at capture group 1, else right after the match)
- records (json only): path to the list of records in each file (default: the file's value; an object
  is one record)
- steps: how records become steps
  - when / skip: filters {path: value}; all must hold; a list value means one of; null means absent
  - actor: {path, map: {sourceValue: agent|user|system|environment}, rules: [{when, actor}], default}
  - action: path(s) of an explicit action text (rarely needed)
  - text: path(s) of the message text (the action when the step has no tool call)
  - toolCalls: {path (to the call object or list), id, name, arguments} (paths inside each call)
  - command: {path, tool} for a shell command field (a call of that tool)
  - tool, observation, reasoning, timestamp, agentName: path(s)
  - textToReasoning: true to keep the message text as reasoning when the step has tool calls
  - emptyAction: text for a step with no action ("{actor}" is replaced)
- results (optional): pairing of tool results with calls by id:
  {when: filter of result records (they never become steps), callId, content} for results in their own
  records, or {path: "observation.results[*]", callId, content} for results inside the step record
- group (optional): {by: path}: consecutive step records with the same non-empty value become one step
- task, model, agent (optional): {value} | {file: glob, path?} | {when, path} (first matching record) |
  {path} (in the first data file's value)
- verdict (optional): like task, plus equals: value meaning solved (else booleans, or numbers > 0)
Paths: "a.b[0].c", "list[*].text" ([*] = every element), "[-1]" = last element; "" = the record itself.
Values that are lists of {type:"text", text} blocks are read as their text.
Limits: at most 2000 files and 256 MB per run; regexes must not nest quantifiers or use backreferences.
`.trim();

export const SYSTEM_PROMPT = [
  'You write format specs for CodeTracer, a tool that reads coding-agent trajectories.',
  'Given a listing and samples of a run in an unknown format, reply with:',
  '1. the spec, as JSON in one ```json code block;',
  '2. a SKILL.md for the format in one ```markdown code block: a short description of the layout, what a',
  '   step is, where the task, tool calls, observations and verdict are, and quirks a reader should know.',
  'Describe the format, not this one run. Never include task-specific content.',
  '',
  SPEC_LANGUAGE,
  '',
  'Example (the Harbor ATIF format, in YAML; reply in JSON):',
  '```yaml',
  ATIF_SPEC_YAML.trim(),
  '```',
].join('\n');

export function runMessage(sample: RunSample, id?: string): string {
  const parts = ['The run (a directory unless said otherwise). Listing:', '```', ...sample.listing, '```'];
  for (const s of sample.samples) {
    parts.push(
      `File ${s.path} (${s.size} bytes${s.truncated ? ', first characters only' : ''}):`,
      '```',
      s.head,
      '```',
    );
  }
  parts.push(id ? `Use the id "${id}".` : 'Choose an id naming the agent or framework.');
  return parts.join('\n');
}

export function retryMessage(errors: string[]): string {
  return [
    'CodeTracer checked the spec on the run and rejected it:',
    ...errors.map((e) => `- ${e}`),
    'Reply with the corrected spec in one ```json block and the SKILL.md in one ```markdown block.',
  ].join('\n');
}

export function firstMessages(sample: RunSample, id?: string): ChatMessage[] {
  return [
    { role: 'system', content: SYSTEM_PROMPT },
    { role: 'user', content: runMessage(sample, id) },
  ];
}

export interface ReplyParts {
  specText: string | null;
  skill: string | null;
}

/**
 * The spec and SKILL.md from a reply: a tool call with {spec, skill} arguments (models that answer with
 * calls), fenced blocks (json/yaml, markdown/md), else the whole text as JSON.
 */
export function splitReply(content: string, toolCalls: ToolCallRequest[] = []): ReplyParts {
  let specText: string | null = null;
  let skill: string | null = null;
  for (const c of toolCalls) {
    try {
      const args = JSON.parse(c.arguments) as { spec?: unknown; skill?: unknown };
      if (args.spec !== undefined)
        specText = typeof args.spec === 'string' ? args.spec : JSON.stringify(args.spec);
      if (typeof args.skill === 'string') skill = args.skill;
      if (specText) return { specText, skill };
    } catch {
      // not a spec call; the text may still hold one
    }
  }
  const fence = /```([a-zA-Z]*)[^\n]*\n([\s\S]*?)\n```/g;
  for (let m = fence.exec(content); m; m = fence.exec(content)) {
    const lang = m[1].toLowerCase();
    if (!specText && (lang === 'json' || lang === 'yaml' || lang === 'yml')) specText = m[2];
    else if (!skill && (lang === 'markdown' || lang === 'md')) skill = m[2];
  }
  if (!specText && content.trim().startsWith('{')) specText = content.trim();
  return { specText, skill };
}
