// terminal-bench harness log of a mini-swe-agent run (`<trial>/sessions/agent.log`): the agent's terminal
// output with ANSI colours, spinner lines overwritten with "\r", and one
// `mini-swe-agent (step N, $cost):` header per model reply, followed by the reply (THOUGHT + bash fence),
// a `User:` line and the command result (`<returncode>`, `<output>`), closed by a rule of "─".
import type { FileSource } from '../../io/source.js';
import { basename } from '../../io/source.js';
import { readText } from '../../io/read.js';
import type { Trajectory } from '../../model/trajectory.js';
import { makeTrajectory, StepList } from '../shared/build.js';
import { taskFromPrompt } from '../shared/task_prompt.js';
import { taskFromRunDir } from '../shared/task.js';
import { stripAnsi } from '../shared/text.js';
import { verdictFromResultsJson } from '../shared/verdict.js';
import { stepFromMessage } from './message.js';
import { noteFor } from './notes.js';

const MARKER = /^mini-swe-agent \(step (\d+), \$?([^)]*)\):\s*$/;
const SPINNER = /^\s*[\u2800-\u28ff]\s+Waiting for the LM to respond/;
const RULE = /^[─━]{20,}\s*$/;
/** Lines that end the agent's session output: the save notice or the shell prompt coming back. */
const SESSION_END = /^(?:Saved trajectory to |[\w.-]+@[\w.-]+:[^\n]*[#$] ?$)/;

/** A log line as the terminal showed it: text after the last carriage return, without escape codes. */
function screenLine(line: string): string {
  const noCr = line.endsWith('\r') ? line.slice(0, -1) : line;
  const cr = noCr.lastIndexOf('\r');
  return stripAnsi(cr === -1 ? noCr : noCr.slice(cr + 1));
}

/** Does this text look like a mini-swe-agent terminal log (a step header, the banner or the `mini` command)? */
export function looksLikeMiniLog(text: string): boolean {
  const t = stripAnsi(text);
  return /mini-swe-agent \(step \d+|This is mini-swe-agent version|(?:^|[#$] )mini\s+(?:-[a-zA-Z]|--\w)|\bmini: (?:command )?not found/m.test(
    t,
  );
}

interface Block {
  lines: string[];
  end: number;
}

/** Lines after index i up to a rule, a step header or the end of the session. */
function blockAfter(lines: string[], i: number, stop: number): Block {
  const out: string[] = [];
  let end = i;
  for (let j = i + 1; j < stop; j++) {
    const l = lines[j];
    if (RULE.test(l) || MARKER.test(l) || SESSION_END.test(l)) break;
    end = j;
    if (!SPINNER.test(l)) out.push(l);
  }
  return { lines: out, end };
}

export function countLogSteps(text: string): number {
  return text.split('\n').filter((l) => MARKER.test(screenLine(l))).length;
}

export async function parseAgentLog(src: FileSource, file: string, trialDir: string): Promise<Trajectory> {
  const shown = src.display(file);
  const text = await readText(src, file, { allowEmpty: true });
  const lines = text.split('\n').map(screenLine);
  const markers: number[] = [];
  lines.forEach((l, i) => {
    if (MARKER.test(l)) markers.push(i);
  });

  const prelude = lines.slice(0, markers[0] ?? lines.length).join('\n');
  const steps = new StepList();
  let notes: string[] = [];
  let cost: number | null = null;
  for (let k = 0; k < markers.length; k++) {
    const at = markers[k];
    const stop = markers[k + 1] ?? lines.length;
    const m = MARKER.exec(lines[at]);
    const c = Number(m?.[2]);
    if (Number.isFinite(c)) cost = c;
    let userAt = -1;
    for (let j = at + 1; j < stop; j++) {
      if (lines[j].trim() === 'User:') {
        userAt = j;
        break;
      }
      if (RULE.test(lines[j]) || SESSION_END.test(lines[j])) break;
    }
    const replyEnd = userAt === -1 ? stop : userAt;
    const reply = lines
      .slice(at + 1, replyEnd)
      .filter((l) => !SPINNER.test(l))
      .join('\n')
      .trim();
    const obs = userAt === -1 ? null : blockAfter(lines, userAt, stop);
    const obsText = obs ? obs.lines.join('\n').trim() : '';
    let last = obs ? obs.end : replyEnd - 1;
    while (last > at && lines[last].trim() === '') last--;
    const step = stepFromMessage(
      { role: 'assistant', content: reply },
      obsText ? [{ role: 'user', content: obsText }] : [],
      {
        notes,
        raw: { file: shown, lineStart: at + 1, lineEnd: last + 1 },
      },
    );
    if (!step) {
      notes.push(noteFor(reply, obsText));
      continue;
    }
    notes = [];
    steps.push(step);
  }

  const metadata: Record<string, unknown> = { cost, logSteps: markers.length };
  const version = /This is mini-swe-agent version (\d+(?:\.\d+)*)/.exec(prelude);
  if (version) metadata.miniVersion = version[1];
  const notStarted = /^.*\bmini: (?:command )?not found.*$/m.exec(prelude);
  if (notStarted) metadata.agentError = notStarted[0].trim();
  if (notes.length) metadata.trailingNotes = notes;
  const model =
    /(?:^|[#$] )mini\b[^\n]*?\s(?:-m|--model)(?:=|\s+)['"]?([^\s'"]+)/m.exec(prelude)?.[1] ?? null;

  let task = await taskFromRunDir(src, trialDir);
  if (!task) {
    const userAt = lines.findIndex((l, i) => i < (markers[0] ?? lines.length) && l.trim() === 'User:');
    if (userAt !== -1)
      task = taskFromPrompt(blockAfter(lines, userAt, markers[0] ?? lines.length).lines.join('\n'));
  }
  const verdict = (await verdictFromResultsJson(src, trialDir)) ?? { solved: null, exitStatus: null };

  return makeTrajectory({
    id: basename(trialDir),
    sources: [shown],
    format: 'miniswe',
    agent: 'mini-swe-agent',
    model,
    task,
    verdict,
    steps: steps.steps,
    metadata,
  });
}
