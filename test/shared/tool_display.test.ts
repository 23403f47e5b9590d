// Display text and file edits of Claude-Code-style and OpenAI-style tool calls.
import { describe, expect, it } from 'vitest';
import {
  displayToolCall,
  displayToolCalls,
  exitCodeFromResult,
} from '../../src/core/formats/shared/tool-display.js';
import { contentText } from '../../src/core/formats/shared/content-text.js';

const first = (s: string): string => s.split('\n')[0];

describe('displayToolCall: Claude Code tools', () => {
  it('Bash: the command on the first line, multi-line commands kept whole', () => {
    const d = displayToolCall('Bash', { command: 'cd /app &&\nmake test', description: 'Run tests' });
    expect(d.action).toBe('Bash: cd /app &&\nmake test');
    expect(d.edits).toEqual([]);
    expect(displayToolCall('Bash', { command: './srv', run_in_background: true }).action).toBe(
      'Bash (background): ./srv',
    );
  });

  it('Edit: path first, then -/+ lines; the edit keeps old and new text', () => {
    const d = displayToolCall('Edit', {
      file_path: '/a.py',
      old_string: 'x = 1\ny = 2',
      new_string: 'x = 3',
    });
    expect(d.action).toBe('Edit: /a.py\n- x = 1\n- y = 2\n+ x = 3');
    expect(d.edits).toEqual([{ path: '/a.py', kind: 'replace', oldText: 'x = 1\ny = 2', newText: 'x = 3' }]);
    expect(
      first(
        displayToolCall('Edit', { file_path: '/a', old_string: 'a', new_string: 'b', replace_all: true })
          .action,
      ),
    ).toBe('Edit: /a (all occurrences)');
  });

  it('MultiEdit: one edit per entry of edits[]', () => {
    const d = displayToolCall('MultiEdit', {
      file_path: '/m.ts',
      edits: [
        { old_string: 'a', new_string: 'b' },
        { old_string: 'c', new_string: 'd', replace_all: true },
      ],
    });
    expect(first(d.action)).toBe('MultiEdit: /m.ts (2 edits)');
    expect(d.action).toContain('@@ edit 2 (all occurrences)\n- c\n+ d');
    expect(d.edits.map((e) => [e.kind, e.oldText, e.newText])).toEqual([
      ['replace', 'a', 'b'],
      ['replace', 'c', 'd'],
    ]);
  });

  it('Write: kind "write" with the whole content, shown below the summary', () => {
    const d = displayToolCall('Write', { file_path: '/app/hello.txt', content: 'Hello, world!\n' });
    expect(d.action).toBe('Write: /app/hello.txt (1 line)\nHello, world!\n');
    expect(d.edits).toEqual([{ path: '/app/hello.txt', kind: 'write', newText: 'Hello, world!\n' }]);
  });

  it('NotebookEdit: insert, replace and delete cells', () => {
    const ins = displayToolCall('NotebookEdit', {
      notebook_path: '/n.ipynb',
      cell_id: 'c1',
      new_source: 'print(1)',
      edit_mode: 'insert',
    });
    expect(ins.action).toBe('NotebookEdit: /n.ipynb (insert cell c1)\nprint(1)');
    expect(ins.edits).toEqual([{ path: '/n.ipynb', kind: 'insert', newText: 'print(1)' }]);
    expect(
      displayToolCall('NotebookEdit', { notebook_path: '/n.ipynb', new_source: 'x' }).edits[0].kind,
    ).toBe('replace');
    expect(
      displayToolCall('NotebookEdit', { notebook_path: '/n.ipynb', cell_id: 'c2', edit_mode: 'delete' })
        .edits,
    ).toEqual([{ path: '/n.ipynb', kind: 'delete' }]);
  });

  it('exploration tools read as one line', () => {
    expect(displayToolCall('Read', { file_path: '/f', offset: 10, limit: 50 }).action).toBe(
      'Read: /f (lines 10-59)',
    );
    expect(displayToolCall('Glob', { pattern: '**/*.ts', path: '/src' }).action).toBe(
      'Glob: **/*.ts in /src',
    );
    expect(displayToolCall('Grep', { pattern: 'TODO', path: '/src', glob: '*.ts', '-i': true }).action).toBe(
      'Grep: TODO in /src (glob=*.ts, ignore case)',
    );
    expect(displayToolCall('LS', { path: '/app' }).action).toBe('LS: /app');
    expect(displayToolCall('WebSearch', { query: 'vitest skipIf' }).action).toBe('WebSearch: vitest skipIf');
    expect(displayToolCall('WebFetch', { url: 'https://x.org', prompt: 'summarize' }).action).toBe(
      'WebFetch: https://x.org\nsummarize',
    );
    expect(displayToolCall('BashOutput', { bash_id: 'b1' }).action).toBe('BashOutput: b1');
    expect(displayToolCall('KillShell', { shell_id: 's9' }).action).toBe('KillShell: s9');
  });

  it('Task/Agent, TodoWrite, ExitPlanMode and MCP tools', () => {
    const task = displayToolCall('Task', {
      description: 'Find config',
      prompt: 'Look in /etc',
      subagent_type: 'Explore',
    });
    expect(task.action).toBe('Task (Explore): Find config\nLook in /etc');
    const todo = displayToolCall('TodoWrite', {
      todos: [
        { content: 'a', status: 'completed' },
        { content: 'b', status: 'in_progress' },
        { content: 'c', status: 'pending' },
      ],
    });
    expect(todo.action).toBe('TodoWrite: 3 todos (1 done, 1 in progress, 1 pending)\n[x] a\n[~] b\n[ ] c');
    expect(displayToolCall('ExitPlanMode', { plan: '1. do it' }).action).toBe('ExitPlanMode\n1. do it');
    expect(displayToolCall('mcp__github__get_issue', { owner: 'o', repo: 'r', number: 1 }).action).toBe(
      'MCP github/get_issue: {"owner":"o","repo":"r","number":1}',
    );
  });

  it('unknown tools: a lone string argument bare, otherwise compact JSON with the full JSON below when long', () => {
    expect(displayToolCall('Skill', { skill: 'pdf' }).action).toBe('Skill: pdf');
    expect(displayToolCall('CronCreate', { schedule: '* * * * *' }).action).toBe('CronCreate: * * * * *');
    const long = displayToolCall('Custom', { a: 'x'.repeat(200), b: 1 });
    expect(first(long.action).length).toBeLessThan(200);
    expect(long.action).toContain('"b": 1');
  });
});

describe('displayToolCall: OpenAI-style tools', () => {
  it('execute_bash and shell argv lists', () => {
    expect(displayToolCall('execute_bash', '{"command": "ls -la"}').action).toBe('execute_bash: ls -la');
    expect(displayToolCall('shell', { command: ['bash', '-lc', 'git status'] }).action).toBe(
      'shell: git status',
    );
  });

  it('str_replace_editor: each command maps to its edit kind', () => {
    const rep = displayToolCall('str_replace_editor', {
      command: 'str_replace',
      path: '/r.py',
      old_str: 'a',
      new_str: 'b',
    });
    expect(rep.action).toBe('str_replace_editor str_replace /r.py\n- a\n+ b');
    expect(rep.edits).toEqual([{ path: '/r.py', kind: 'replace', oldText: 'a', newText: 'b' }]);
    const create = displayToolCall('str_replace_editor', {
      command: 'create',
      path: '/n.py',
      file_text: 'x=1\n',
    });
    expect(create.edits).toEqual([{ path: '/n.py', kind: 'create', newText: 'x=1\n' }]);
    const ins = displayToolCall('str_replace_editor', {
      command: 'insert',
      path: '/n.py',
      insert_line: 3,
      new_str: 'y=2',
    });
    expect(ins.action).toBe('str_replace_editor insert /n.py at line 3\ny=2');
    expect(ins.edits).toEqual([{ path: '/n.py', kind: 'insert', newText: 'y=2', line: 3 }]);
    expect(
      displayToolCall('str_replace_editor', { command: 'view', path: '/n.py', view_range: [1, 20] }).action,
    ).toBe('str_replace_editor view /n.py (lines 1-20)');
    expect(displayToolCall('str_replace_editor', { command: 'undo_edit', path: '/n.py' }).edits).toEqual([
      { path: '/n.py', kind: 'undo' },
    ]);
  });

  it('think and finish show their text; unparseable arguments stay visible', () => {
    expect(displayToolCall('think', { thought: 'maybe the cache' }).action).toBe('think\nmaybe the cache');
    expect(displayToolCall('finish', { message: 'done' }).action).toBe('finish: done');
    expect(displayToolCall('execute_bash', '{"command": "ls"').action).toBe('execute_bash: {"command": "ls"');
  });
});

describe('several calls, exit codes, content text', () => {
  it('displayToolCalls joins actions and edits', () => {
    const d = displayToolCalls([
      { name: 'Read', arguments: { file_path: '/a' } },
      { name: 'Write', arguments: { file_path: '/b', content: 'z' } },
    ]);
    expect(d.action).toBe('Read: /a\n\nWrite: /b (1 line)\nz');
    expect(d.edits).toHaveLength(1);
  });

  it('exit codes from Claude Code and OpenHands shell results', () => {
    expect(exitCodeFromResult('Bash', 'Exit code 127\nbash: x: command not found', true)).toBe(127);
    expect(exitCodeFromResult('Bash', '(Bash completed with no output)', false)).toBe(0);
    expect(exitCodeFromResult('Bash', 'output', undefined)).toBeUndefined();
    expect(exitCodeFromResult('execute_bash', 'ok\n[Command finished with exit code 1]')).toBe(1);
    expect(exitCodeFromResult('Read', 'Exit code 2', true)).toBeUndefined();
  });

  it('contentText reads strings and block lists', () => {
    expect(
      contentText([
        { type: 'text', text: 'a' },
        { type: 'image', source: { path: 'x.png' } },
        { type: 'text', text: 'b' },
      ]),
    ).toBe('a\n[image: x.png]\nb');
    expect(contentText(null)).toBe('');
    expect(contentText('plain')).toBe('plain');
  });
});
