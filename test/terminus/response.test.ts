import { describe, expect, it } from 'vitest';
import { parseTerminusResponse } from '../../src/core/formats/terminus/response.js';
import { showCommands, showKeystrokes } from '../../src/core/formats/terminus/keys.js';
import { observationFromPrompt, taskFromPrompt } from '../../src/core/formats/terminus/prompt.js';
import { episodeStep } from '../../src/core/formats/terminus/step.js';

// All inputs below are synthetic, written for these tests in the documented Terminus shapes.

describe('parseTerminusResponse', () => {
  it('reads terminus-2 JSON', () => {
    const r = parseTerminusResponse(
      JSON.stringify({
        analysis: 'A',
        plan: 'P',
        commands: [{ keystrokes: 'ls\n', duration: 0.1 }],
        task_complete: false,
      }),
    );
    expect(r.ok && r.value).toMatchObject({
      kind: 'json',
      reasoning: [
        ['Analysis', 'A'],
        ['Plan', 'P'],
      ],
      commands: [{ keystrokes: 'ls\n', args: { duration: 0.1 } }],
      taskComplete: false,
    });
  });

  it('reads terminus-1 JSON fields', () => {
    const r = parseTerminusResponse(
      '{"state_analysis":"S","explanation":"E","commands":[{"keystrokes":"C-c","is_blocking":false,"timeout_sec":2}],"is_task_complete":true}',
    );
    expect(r.ok && r.value.reasoning).toEqual([
      ['State analysis', 'S'],
      ['Explanation', 'E'],
    ]);
    expect(r.ok && r.value.commands[0]).toEqual({
      keystrokes: 'C-c',
      args: { is_blocking: false, timeout_sec: 2 },
    });
    expect(r.ok && r.value.taskComplete).toBe(true);
  });

  it('finds JSON embedded in extra text and keeps that text', () => {
    const r = parseTerminusResponse(
      '<think>the brace } in here is prose</think>\nHere you go:\n```json\n{"analysis":"x {y}","plan":"","commands":[]}\n```',
    );
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.value.reasoning).toEqual([['Analysis', 'x {y}']]);
    expect(r.value.extraText).toContain('<think>');
  });

  it('closes a response cut short, as the harness does', () => {
    const r = parseTerminusResponse(
      '{"analysis":"a","plan":"b","commands":[{"keystrokes":"pwd\\n","duration":1}]',
    );
    expect(r.ok && r.value.commands.map((c) => c.keystrokes)).toEqual(['pwd\n']);
  });

  it('reads the XML form with durations and task_complete', () => {
    const xml = [
      '<response>',
      '<analysis>Nothing yet.</analysis>',
      '<plan>List, then stop.</plan>',
      '<commands>',
      '<keystrokes duration="0.5">ls -la\n</keystrokes>',
      '<keystrokes duration="2">cat a &amp;&amp; b\n</keystrokes>',
      '</commands>',
      '<task_complete>true</task_complete>',
      '</response>',
    ].join('\n');
    const r = parseTerminusResponse(xml);
    expect(r.ok && r.value).toMatchObject({
      kind: 'xml',
      reasoning: [
        ['Analysis', 'Nothing yet.'],
        ['Plan', 'List, then stop.'],
      ],
      commands: [
        { keystrokes: 'ls -la\n', args: { duration: 0.5 } },
        // Verbatim: the harness does not decode entities.
        { keystrokes: 'cat a &amp;&amp; b\n', args: { duration: 2 } },
      ],
      taskComplete: true,
    });
  });

  it('reports what it cannot read', () => {
    const bad = '{\n "analysis": "a",\n "commands": [{"keystrokes": "echo \\`x\\`"}]\n}';
    const r = parseTerminusResponse(bad);
    expect(r.ok).toBe(false);
    expect(!r.ok && r.error).toMatch(/invalid JSON/);
    expect(parseTerminusResponse('just words').ok).toBe(false);
    expect(parseTerminusResponse('{"unrelated": 1}').ok).toBe(false);
  });
});

describe('keystroke display', () => {
  it('drops the Enter newline and names control keys', () => {
    expect(showKeystrokes('ls -la\n')).toBe('ls -la');
    expect(showKeystrokes('C-c')).toBe('C-c');
    expect(showKeystrokes('\x03')).toBe('<C-c>');
    expect(showKeystrokes('\x1b:wq\n')).toBe('<Escape>:wq');
    expect(showKeystrokes('\n')).toBe('<Enter>');
    expect(showKeystrokes("cat > f << 'EOF'\na\tb\nEOF\n")).toBe("cat > f << 'EOF'\na\tb\nEOF");
  });

  it('shows waits and joins commands one per line', () => {
    expect(
      showCommands([
        { keystrokes: 'make\n', args: { duration: 30 } },
        { keystrokes: '', args: { duration: 5 } },
        { keystrokes: 'q', args: {} },
      ]),
    ).toBe('make\n(wait 5s)\nq');
  });
});

describe('prompts', () => {
  it('takes the text after the output marker and keeps harness warnings', () => {
    expect(observationFromPrompt('New Terminal Output:\n\n$ ls\na b\n$\n\n\n')).toBe('$ ls\na b\n$');
    expect(
      observationFromPrompt(
        'Previous response had warnings:\nWARNINGS: - Extra text\n\nNew Terminal Output:\n$ pwd\n/app\n',
      ),
    ).toBe('Previous response had warnings:\nWARNINGS: - Extra text\n\n$ pwd\n/app');
    expect(observationFromPrompt('Current terminal state:\nNew Terminal Output:\n\n$ x\n')).toBe('$ x');
    expect(observationFromPrompt('Current Terminal Screen:\n> line\n')).toBe('> line');
  });

  it('keeps a terminus-1 timeout note and drops the repeated keystrokes line', () => {
    const p = [
      'Previous command:',
      "keystrokes='sleep 99\\n' is_blocking=True timeout_sec=5.0",
      '',
      'The previous command timed out after 5.0 seconds',
      '',
      'It is possible that the command is not yet finished executing. If that is the case, then do nothing.',
      '',
      'Here is the current state of the terminal:',
      '',
      '$ sleep 99',
      '',
    ].join('\n');
    expect(observationFromPrompt(p)).toBe('The previous command timed out after 5.0 seconds\n\n$ sleep 99');
  });

  it('uses the whole prompt when there is no marker', () => {
    expect(observationFromPrompt('Previous response had parsing errors:\nERROR: x\n')).toBe(
      'Previous response had parsing errors:\nERROR: x',
    );
    expect(observationFromPrompt('$ screen only\n\n\n')).toBe('$ screen only');
    expect(observationFromPrompt(null)).toBeNull();
  });

  it('finds the task in first prompts of both versions', () => {
    expect(
      taskFromPrompt('You are an AI.\n\nTask Description:\nDo X.\nThen Y.\n\nCurrent terminal state:\n$ '),
    ).toBe('Do X.\nThen Y.');
    expect(
      taskFromPrompt('Intro\n\nInstruction:\nFix it.\n\nYour response must be a JSON object that matches'),
    ).toBe('Fix it.');
    expect(taskFromPrompt('no task here')).toBeNull();
  });
});

describe('episodeStep', () => {
  it('keeps analysis and plan as reasoning, commands as tool calls, completion as a call', () => {
    const s = episodeStep(
      JSON.stringify({
        analysis: 'Looked.',
        plan: 'Build.',
        commands: [{ keystrokes: 'make\n', duration: 10 }],
        task_complete: true,
      }),
      'New Terminal Output:\n$ make\nok\n',
    );
    expect(s.problem).toBeUndefined();
    expect(s.step.action).toBe('make\n(marks the task complete)');
    expect(s.step.reasoning).toBe('Analysis: Looked.\n\nPlan: Build.');
    expect(s.step.observation).toBe('$ make\nok');
    expect(s.step.tool).toBe('send_keys');
    expect(s.step.toolCalls).toEqual([
      { name: 'send_keys', arguments: { keystrokes: 'make\n', duration: 10 } },
      { name: 'task_complete', arguments: { task_complete: true } },
    ]);
    expect(s.taskComplete).toBe(true);
  });

  it('shows an unreadable response raw and says why', () => {
    const s = episodeStep('I will now run ls', null);
    expect(s.step.action).toBe('I will now run ls');
    expect(s.problem).toBeTruthy();
    expect(episodeStep('  ', null).step.action).toBe('(empty response)');
  });
});
