// What a Terminus prompt tells: the terminal output of the previous batch (observation), and, in the first
// episode, the task instruction.

/** Headers after which the harness prints the terminal (terminus-2 first, then terminus-1 wording). */
const OUTPUT_MARKERS = [
  'New Terminal Output:',
  'Current Terminal Screen:',
  'Here is the current state of the terminal:',
  'The current terminal state is:',
];

/** Preamble lines that only repeat what the step already shows. */
const NOISE = [
  /^Current terminal state:\s*$/,
  /^Previous command:\s*$/,
  /^keystrokes=/,
  /^It is possible that the command is not yet finished/,
];

/**
 * The observation in a follow-up prompt: the text after the output marker, prefixed by whatever the harness
 * said before it that matters (parse warnings, "timed out after N seconds"). No marker: the whole prompt,
 * which is then a harness message such as "Previous response had parsing errors" or a bare screen dump.
 */
export function observationFromPrompt(prompt: string | null): string | null {
  if (prompt === null) return null;
  let at = -1;
  let marker = '';
  for (const m of OUTPUT_MARKERS) {
    const i = prompt.indexOf(m);
    if (i !== -1 && (at === -1 || i < at)) {
      at = i;
      marker = m;
    }
  }
  if (at === -1) {
    const whole = prompt.trim();
    return whole === '' ? null : whole;
  }
  const body = prompt
    .slice(at + marker.length)
    .replace(/^[ \t]*\r?\n+/, '')
    .trimEnd();
  const preamble = prompt
    .slice(0, at)
    .split('\n')
    .filter((l) => !NOISE.some((re) => re.test(l)))
    .join('\n')
    .trim();
  return preamble ? `${preamble}\n\n${body}` : body;
}

const TASK_STARTS = [/^Task Description:[ \t]*\r?\n/m, /^Instruction:[ \t]*\r?\n/m];
const TASK_ENDS = [
  /\n[ \t]*Your response must be a JSON object/,
  /\n[ \t]*Current terminal state:/,
  /\n[ \t]*The current terminal state is:/,
  /\n[ \t]*Current Terminal Screen:/,
];

/** The instruction inside a first-episode prompt, or null when the prompt has no recognisable task part. */
export function taskFromPrompt(prompt: string | null): string | null {
  if (!prompt) return null;
  for (const start of TASK_STARTS) {
    const m = start.exec(prompt);
    if (!m) continue;
    const rest = prompt.slice(m.index + m[0].length);
    let end = rest.length;
    for (const e of TASK_ENDS) {
      const x = e.exec(rest);
      if (x && x.index < end) end = x.index;
    }
    const task = rest.slice(0, end).trim();
    if (task) return task;
  }
  return null;
}
