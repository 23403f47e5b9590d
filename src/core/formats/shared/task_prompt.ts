// The task text inside an agent's first prompt. Agents wrap the task in a template (SWE-bench
// `<pr_description>`, SWE-agent `ISSUE: ... INSTRUCTIONS:`, mini-swe-agent `Please solve this issue: ...`);
// the diagnoser needs the task, not the boilerplate around it.

const TAGS = [
  'pr_description',
  'issue',
  'task',
  'problem_statement',
  'issue_description',
  'task_description',
];

/** The task part of a prompt, or the whole prompt (trimmed) when no known wrapper is found. */
export function taskFromPrompt(prompt: string): string {
  const text = prompt.replace(/\r\n/g, '\n');
  for (const tag of TAGS) {
    const m = new RegExp(`<${tag}>([\\s\\S]*?)</${tag}>`).exec(text);
    if (m && m[1].trim()) {
      return m[1].replace(/^\s*Consider the following (?:PR description|issue):?\s*\n/i, '').trim();
    }
  }
  const issue = /(?:^|\n)ISSUE:\n([\s\S]*?)\n\s*INSTRUCTIONS:/.exec(text);
  if (issue && issue[1].trim()) return issue[1].trim();
  const solve =
    /^\s*Please solve this issue:\s*([\s\S]*?)(?:\n\nYou can execute bash commands[\s\S]*)?$/.exec(text);
  if (solve && solve[1].trim()) return solve[1].trim();
  return text.trim();
}
