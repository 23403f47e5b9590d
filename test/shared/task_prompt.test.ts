import { describe, expect, it } from 'vitest';
import { taskFromPrompt } from '../../src/core/formats/shared/task_prompt.js';

describe('taskFromPrompt', () => {
  it('unwraps the SWE-bench <pr_description> template', () => {
    const p =
      '<pr_description>\nConsider the following PR description:\nFix X.\nDetails.\n</pr_description>\n\n<instructions>\n# Task\n</instructions>';
    expect(taskFromPrompt(p)).toBe('Fix X.\nDetails.');
  });

  it('unwraps the SWE-agent ISSUE: ... INSTRUCTIONS: template', () => {
    const p =
      "We're currently solving the following issue within our repository. Here's the issue text:\nISSUE:\nSyntaxError\r\nin foo.py\n\nINSTRUCTIONS:\nNow, you're going to solve this issue.";
    expect(taskFromPrompt(p)).toBe('SyntaxError\nin foo.py');
  });

  it('unwraps mini-swe-agent "Please solve this issue:" and returns other prompts whole', () => {
    expect(
      taskFromPrompt(
        'Please solve this issue: Make hello.txt\n\nYou can execute bash commands and edit files.',
      ),
    ).toBe('Make hello.txt');
    expect(taskFromPrompt('  Just do the thing.\n')).toBe('Just do the thing.');
  });
});
