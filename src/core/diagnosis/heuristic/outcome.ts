// Did a step fail, and did a check (test run, script) pass? Read from the exit code when the run has one,
// else from the text tools and interpreters print when something goes wrong.
import type { Step } from '../../model/trajectory.js';
import type { StepClass } from '../../tree/index.js';
import type { Outcome } from './types.js';

/** Errors reported by the agent harness or the tool itself: they mean the action did not work. */
const TOOL_ERROR_TEXT = [
  '<tool_use_error>',
  ': command not found',
  'timed out and has been killed',
  'Command timed out',
  'Your proposed edit has introduced new syntax error',
  'No replacement was performed',
  'did not appear verbatim',
  'Invalid `path` parameter',
  'Please always provide EXACTLY ONE action',
];
/** The same, where only the start of the observation is telling (or the harness's exit-code suffix). */
const TOOL_ERROR_START = /^(?:ERROR|Error):|^Exit code [1-9]/;
const TOOL_ERROR_END = /\[(?:The command completed|Command finished) with exit code [1-9]/;

/** Errors a program prints when it crashes or refuses: only read for steps that run something. */
const RUN_ERROR_TEXT = [
  'Traceback (most recent call last)',
  'npm ERR!',
  'Segmentation fault',
  'core dumped',
  'No such file or directory',
  'Permission denied',
  'compilation terminated',
  'ERROR: Could not',
  'ERROR: No matching',
];
const RUN_ERROR_LINE =
  /^\s*(?:[\w.]+\.)?(?:SyntaxError|IndentationError|NameError|ModuleNotFoundError|ImportError|AttributeError|TypeError|FileNotFoundError|PermissionError|AssertionError|RuntimeError)\b|^make(?:\[\d+\])?: \*\*\*|^E: |^fatal: |^error(?:\[E\d+\])?: /m;

function toolError(text: string): boolean {
  return (
    TOOL_ERROR_TEXT.some((t) => text.includes(t)) ||
    TOOL_ERROR_START.test(text.slice(0, 200)) ||
    TOOL_ERROR_END.test(text.slice(-300))
  );
}

function runError(text: string): boolean {
  return RUN_ERROR_TEXT.some((t) => text.includes(t)) || RUN_ERROR_LINE.test(text);
}

const runsSomething = (c: StepClass) => c.kind === 'command' || c.kind === 'test' || c.type === 'change';

/** A failed step: non-zero exit, or error text from the tool (any step) or from the program it ran. */
export function stepFailed(s: Step, c: StepClass): boolean {
  if (s.exitCode !== undefined && s.exitCode !== null) return s.exitCode !== 0;
  const obs = s.observation;
  if (!obs) return false;
  const head = obs.length > 20_000 ? obs.slice(0, 10_000) + obs.slice(-10_000) : obs;
  return toolError(head) || (runsSomething(c) && runError(head));
}

/** Test-runner summaries: which one printed, and whether it reports failures. */
function summaryOutcome(obs: string): 'pass' | 'fail' | null {
  const failCount = /\b(\d+) (?:failed|errors?|failing)\b/gi;
  for (let m = failCount.exec(obs); m; m = failCount.exec(obs)) if (Number(m[1]) > 0) return 'fail';
  if (
    /^FAILED \((?:failures|errors)=/m.test(obs) ||
    /^--- FAIL|^FAIL\b/m.test(obs) ||
    /test result: FAILED/.test(obs)
  )
    return 'fail';
  if (
    /\b\d+ (?:passed|passing)\b/.test(obs) ||
    /^OK\b/m.test(obs) ||
    /test result: ok\./.test(obs) ||
    /^ok\s+\S/m.test(obs)
  )
    return 'pass';
  return null;
}

/** Shell text that runs a program or script of the workspace (what agents use to check their work). */
const RUNS_PROGRAM =
  /^\s*(?:(?:cd|source|export)\s[^;&|]*(?:&&|;)\s*)*(?:timeout\s+\S+\s+)?(?:python[\d.]*|node|deno|bun|ruby|perl|php|java|bash|sh|go\s+run|cargo\s+run|dotnet\s+run|\.{0,2}\/\S+)\b/;

/** Does this shell text run a program or script (python x.py, ./bin, node x.js ...)? */
export function runsProgram(shell: string): boolean {
  return RUNS_PROGRAM.test(shell);
}

/** For a step that runs a check (a test suite, a script): pass or fail; null for other steps. */
export function checkOutcome(s: Step, c: StepClass, failed: boolean, shell: string | null): Outcome | null {
  if (s.actor !== 'agent' || c.submit || c.type !== 'explore') return null;
  if (c.kind !== 'test' && !(c.kind === 'command' && shell !== null && RUNS_PROGRAM.test(shell))) return null;
  const obs = s.observation ?? '';
  const tail = obs.length > 8000 ? obs.slice(-8000) : obs;
  const summary = summaryOutcome(tail);
  if (summary) return summary;
  if (failed) return toolError(tail) || runError(tail) ? 'error' : 'fail';
  if (/\bFAIL(?:ED|URE)?\b|AssertionError/.test(tail)) return 'fail';
  return s.exitCode === 0 || (s.exitCode == null && obs.trim() !== '') ? 'pass' : null;
}
