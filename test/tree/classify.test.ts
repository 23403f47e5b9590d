import { describe, expect, it } from 'vitest';
import { classifyStep, classifySteps } from '../../src/core/tree/index.js';
import { parseShell } from '../../src/core/tree/shell.js';
import { bash, loadRun, step } from './steps.js';

const kindOf = (command: string, extra = {}) => {
  const c = classifyStep(bash(1, command, extra));
  return `${c.type}/${c.kind}`;
};

describe('shell commands', () => {
  // Most commands are taken from the fixture runs (mini-SWE-agent, Terminus, OpenHands).
  it.each([
    ['git clone https://github.com/psf/requests.git', 'change/command'],
    ['git add _includes/about.md && git commit -m "Merge feature/move-to-stanford"', 'change/command'],
    ['git checkout -b feature/move-to-stanford e06d916', 'change/command'],
    ['git checkout -- django/forms/models.py', 'change/edit'],
    ['git reset --hard HEAD', 'change/command'],
    ['git apply fix.patch', 'change/edit'],
    ['git stash', 'change/command'],
    ['git merge feature/move-to-stanford', 'change/command'],
    ['git rebase main', 'change/command'],
    ['cd /app/esci-data && git lfs pull', 'change/command'],
    ['cd /app/esci-data && git lfs ls-files', 'explore/read'],
    ['pip install -e .', 'change/command'],
    ['python -m pip install pytest', 'change/command'],
    ['npm install', 'change/command'],
    ['apt-get update 2>&1 | head -5\napt-get install -y lsof 2>&1 | tail -5', 'change/command'],
    ['cargo install ripgrep', 'change/command'],
    ['go install ./...', 'change/command'],
    ['mv file.py.bak file.py', 'change/edit'],
    ['cp requests/sessions.py /tmp/sessions.py', 'change/edit'],
    ['rm reproduce_issue.py check_fields_for_model.py', 'change/edit'],
    ['mkdir -p pipe logs', 'change/command'],
    ['touch app/__init__.py', 'change/edit'],
    ['chmod +x producer.sh', 'change/command'],
    [
      "sed -i 's/if fields and f.name not in fields:/if fields is not None and f.name not in fields:/' django/forms/models.py",
      'change/edit',
    ],
    ["sed -i.bak -e 's/a/b/' x.py", 'change/edit'],
    ['patch -p1 < fix.diff', 'change/edit'],
    ['echo "hello" | tee out.txt', 'change/edit'],
    ['echo "int main() { return 0; }" > /workspace/test.c', 'change/edit'],
    ['git diff >> changes.patch', 'change/edit'],
    ["cat <<'EOF' > reproduce_issue.py\nimport requests\nprint(requests.get)\nEOF", 'change/edit'],
    ["python -c \"open('out.txt', 'w').write('x')\"", 'change/command'],
    ['python3 - <<EOF\nimport json\njson.dump({}, open("a.json", "w"))\nEOF', 'change/command'],
    ['cd /workspace/ponylang__ponyc__0.1 && make', 'change/command'],
    ['make clean && make', 'change/command'],
    ['gcc /app/polyglot/main.py.c -o /app/polyglot/cmain', 'change/command'],
    ['tar -xzf /offline-packages/venv.tar.gz -C /tmp/venv', 'change/command'],
    ['curl -sSLo install.sh https://example.com/install.sh', 'change/command'],
    ['find . -name "*.pyc" -delete', 'change/edit'],
    ['vim src/main.c', 'change/edit'],
    ['sudo systemctl restart nginx', 'change/command'],
    ['ls -R | grep ":$" | head -n 5 && grep -r "def model_to_dict" .', 'explore/search'],
    ['rg -n "builtin_str" requests', 'explore/search'],
    ['cat django/forms/models.py', 'explore/read'],
    ["nl -ba requests/sessions.py | sed -n '415,440p'", 'explore/read'],
    ['head -n 30 requests/sessions.py', 'explore/read'],
    ['tail -n 20 django/db/models/constraints.py', 'explore/read'],
    ['find /workspace/ponylang__ponyc__0.1 -name ponyc', 'explore/search'],
    ['wc -l src/*.c', 'explore/command'],
    ['diff a.py b.py', 'explore/read'],
    ['git log --oneline -5', 'explore/read'],
    ['git status', 'explore/read'],
    ['git diff HEAD~1', 'explore/read'],
    ['git show e06d916 --stat', 'explore/read'],
    ['pwd', 'explore/command'],
    ['which jq', 'explore/search'],
    ['echo "=== Recent commits ==="', 'explore/command'],
    ['ls -la > /dev/null 2>&1', 'explore/search'],
    [
      'curl -X POST http://program:8008/checkpoint -H "Content-Type: application/json" -d \'{"line": 1}\'',
      'explore/command',
    ],
    ['pytest tests/test_forms.py -x', 'explore/test'],
    ['python -m pytest -q', 'explore/test'],
    ['python3 tests/runtests.py constraints', 'explore/test'],
    ['npm test', 'explore/test'],
    ['npm run test:unit', 'explore/test'],
    ['go test ./...', 'explore/test'],
    ['cargo test', 'explore/test'],
    ['make test', 'explore/test'],
    ['cd /tmp', 'explore/command'],
    ['C-c', 'explore/command'],
    ['echo COMPLETE_TASK_AND_SUBMIT_FINAL_OUTPUT', 'explore/message'],
  ])('%s -> %s', (cmd, expected) => {
    expect(kindOf(cmd)).toBe(expected);
  });

  it('a script run is explore unless its output says it wrote something', () => {
    expect(kindOf('python3 reproduce_issue.py', { observation: 'Result with fields=[]: {}\nSUCCESS' })).toBe(
      'explore/command',
    );
    expect(kindOf('python3 gen_data.py', { observation: 'Saved 120 rows to data/out.csv\n' })).toBe(
      'change/command',
    );
    // A failing run changed nothing that we can tell, whatever it printed.
    expect(
      kindOf('python3 gen_data.py', { observation: 'Traceback ... file not created', exitCode: 1 }),
    ).toBe('explore/command');
  });

  it('marks test runs inside a change step and hand-ins', () => {
    const c = classifyStep(bash(1, 'pip install -e . && pytest -q'));
    expect(c).toMatchObject({ type: 'change', runsTests: true });
    expect(
      classifyStep(bash(1, 'echo COMPLETE_TASK_AND_SUBMIT_FINAL_OUTPUT && git add -A && git diff --cached')),
    ).toMatchObject({
      type: 'change',
      submit: true,
    });
  });

  it('names the files a step touches', () => {
    expect(
      classifyStep(
        bash(1, "sed -i '428s/builtin_str(method)/to_native_string(method)/' requests/sessions.py"),
      ).targets,
    ).toEqual(['requests/sessions.py']);
    expect(classifyStep(bash(1, 'grep -n "def prepare_method" requests/models.py')).targets).toEqual([
      'requests/models.py',
    ]);
    expect(classifyStep(bash(1, "cat <<'EOF' > test_fix.py\nimport unittest\nEOF")).targets).toEqual([
      'test_fix.py',
    ]);
  });
});

describe('tool calls', () => {
  it.each([
    [
      'Edit',
      { file_path: '/workspace/plus_comm.v', old_string: 'admit.', new_string: 'reflexivity.' },
      'change/edit',
    ],
    ['Write', { file_path: '/app/hello.txt', content: 'Hello, world!\n' }, 'change/edit'],
    ['MultiEdit', { file_path: 'a.py', edits: [] }, 'change/edit'],
    ['NotebookEdit', { notebook_path: 'a.ipynb', new_source: 'x' }, 'change/edit'],
    ['Read', { file_path: '/workspace/plus_comm.v' }, 'explore/read'],
    ['Grep', { pattern: 'checkpoint', path: '/app' }, 'explore/search'],
    ['Glob', { pattern: '**/*.py' }, 'explore/search'],
    ['Task', { description: 'explore the repo', prompt: 'find the parser' }, 'explore/message'],
    ['TodoWrite', { todos: [] }, 'explore/message'],
    ['Bash', { command: 'coqc plus_comm.v' }, 'change/command'],
    ['Bash', { command: 'ls -la /app' }, 'explore/search'],
    [
      'str_replace_editor',
      { command: 'create', path: '/workspace/todo-app/index.html', file_text: '<html>' },
      'change/edit',
    ],
    [
      'str_replace_editor',
      { command: 'str_replace', path: 'parser.c', old_str: 'a', new_str: 'b' },
      'change/edit',
    ],
    [
      'str_replace_editor',
      { command: 'insert', path: 'parser.c', insert_line: 3, new_str: 'b' },
      'change/edit',
    ],
    [
      'str_replace_editor',
      { command: 'view', path: '/workspace/ponylang__ponyc__0.1/src/libponyc/ast/parser.c' },
      'explore/read',
    ],
    ['execute_bash', { command: 'ls -l /workspace/ponylang__ponyc__0.1/src' }, 'explore/search'],
    [
      'execute_ipython_cell',
      { code: "import pandas as pd\ndf = pd.read_csv('a.csv')\ndf.head()" },
      'explore/command',
    ],
    ['execute_ipython_cell', { code: "df.to_csv('out.csv')" }, 'change/command'],
    ['think', { thought: 'The parser rule is on line 666.' }, 'explore/message'],
    ['finish', { message: 'done' }, 'explore/message'],
    ['mcp__github__get_issue', { number: 3 }, 'explore/read'],
    ['mcp__github__create_pull_request', { title: 'x' }, 'change/command'],
  ])('%s %j -> %s', (tool, args, expected) => {
    const c = classifyStep(step(1, `${tool}: ...`, { tool, args }));
    expect(`${c.type}/${c.kind}`).toBe(expected);
  });

  it('OpenHands edit/write/read actions (tool named by the action kind)', () => {
    expect(
      classifyStep(step(1, 'edit', { tool: 'edit', args: { command: 'str_replace', path: 'a.c' } })).type,
    ).toBe('change');
    expect(
      classifyStep(step(1, 'write /a.py', { tool: 'write', args: { path: '/a.py', content: 'x' } })).type,
    ).toBe('change');
    expect(classifyStep(step(1, 'read /a.py', { tool: 'read', args: { path: '/a.py' } })).type).toBe(
      'explore',
    );
  });

  it('unknown tools are decided by what they did', () => {
    expect(classifyStep(step(1, 'frobnicate', { tool: 'frobnicate', observation: 'ok' })).type).toBe(
      'explore',
    );
    expect(
      classifyStep(
        step(1, 'frobnicate', { tool: 'frobnicate', observation: 'File created successfully at /a.txt' }),
      ).type,
    ).toBe('change');
    expect(
      classifyStep(
        step(1, 'frobnicate', { tool: 'frobnicate', edits: [{ path: 'a.py', kind: 'write', newText: 'x' }] }),
      ).type,
    ).toBe('change');
  });

  it('steps that are not the agent are explore messages', () => {
    expect(classifyStep(step(1, 'rm -rf /', { actor: 'user' }))).toMatchObject({
      type: 'explore',
      kind: 'message',
    });
  });
});

describe('messages and keystrokes', () => {
  it('multi-agent messages explore unless their code writes files', () => {
    const ask = step(1, 'Please search for martial arts schools near the New York Stock Exchange.', {
      agentName: 'Orchestrator',
    });
    expect(classifyStep(ask)).toMatchObject({ type: 'explore', kind: 'message' });
    const code = step(
      2,
      "Here is the code:\n```python\nimport pandas as pd\ndf = pd.read_excel('x.xlsx')\nprint(len(df))\n```",
      {
        agentName: 'Excel_Expert',
      },
    );
    expect(classifyStep(code).type).toBe('explore');
    const writes = step(3, "```python\nimport pandas as pd\ndf.to_csv('result.csv')\n```", {
      agentName: 'DataAnalysis_Expert',
    });
    expect(classifyStep(writes).type).toBe('change');
  });

  it('keystrokes typed into an open editor are a change until the editor is left', () => {
    const keys = (id: number, k: string) => step(id, k, { tool: 'send_keys', args: { keystrokes: k } });
    const steps = [
      keys(1, 'vim app.py\n'),
      keys(2, 'i'),
      keys(3, 'print("hi")'),
      keys(4, '\x1b:wq\n'),
      keys(5, 'python app.py\n'),
      keys(6, 'C-c'),
    ];
    expect(classifySteps(steps).map((c) => c.type)).toEqual([
      'change',
      'change',
      'change',
      'change',
      'explore',
      'explore',
    ]);
    expect(classifySteps(steps)[2].targets).toEqual(['app.py']);
  });

  it('a here-document typed across steps belongs to the command that opened it', () => {
    const keys = (id: number, k: string) => step(id, k, { tool: 'send_keys', args: { keystrokes: k } });
    const steps = [
      keys(1, "cat > run.sh << 'EOF'\n"),
      keys(2, '#!/bin/bash\nrm -rf build\n'),
      keys(3, 'EOF\n'),
      keys(4, 'ls\n'),
    ];
    expect(classifySteps(steps).map((c) => c.type)).toEqual(['change', 'change', 'change', 'explore']);
  });

  it('SWE-agent edits apply to the file last opened', () => {
    const steps = [
      step(1, 'open pydicom/pixel_data_handlers/numpy_handler.py 293'),
      step(2, 'edit 287:295\n    x = 1\nend_of_edit'),
    ];
    const c = classifySteps(steps);
    expect(c.map((x) => x.type)).toEqual(['explore', 'change']);
    expect(c[1].targets).toEqual(['pydicom/pixel_data_handlers/numpy_handler.py']);
  });
});

describe('real runs', () => {
  it('django-11163 (mini-SWE-agent, solved): explore, reproduce, fix, verify, clean up, submit', () => {
    const t = loadRun('miniswe_django-11163.json');
    expect(
      classifySteps(t.steps)
        .map((c) => c.type[0])
        .join(''),
    ).toBe('eececeeeceecc');
    expect(classifySteps(t.steps).map((c) => c.kind)).toEqual([
      'search',
      'read',
      'edit',
      'command',
      'edit',
      'command',
      'search',
      'read',
      'edit',
      'command',
      'command',
      'edit',
      'command',
    ]);
  });

  it('pydicom-1458 (SWE-agent): create/edit are changes, open/find_file/submit explore', () => {
    const t = loadRun('sweagent_pydicom-1458.json');
    expect(
      classifySteps(t.steps)
        .map((c) => c.type[0])
        .join(''),
    ).toBe('cceeeccccece');
    expect(classifySteps(t.steps)[11].submit).toBe(true);
  });

  it('ponyc-4595 (OpenHands): views explore, str_replace edits change, make builds change', () => {
    const t = loadRun('openhands_ponyc-4595.json');
    const c = classifySteps(t.steps);
    expect(c.slice(0, 11).every((x) => x.type === 'explore')).toBe(true);
    expect([c[11].type, c[12].type, c[13].type]).toEqual(['change', 'explore', 'change']);
    expect(c[16]).toMatchObject({ type: 'change', kind: 'command' }); // make
    expect(c[22]).toMatchObject({ type: 'explore', submit: true }); // finish
  });

  it('is fast: a 145-step run in a few milliseconds', () => {
    const t = loadRun('miniswe_django-16560.json');
    const c = classifySteps(t.steps);
    expect(c).toHaveLength(145);
    expect(c.filter((x) => x.type === 'change').length).toBeGreaterThan(50);
  });
});

describe('shell reader', () => {
  it('splits on operators, keeps quoted text, records redirections and here-documents', () => {
    const cmds = parseShell("cd /app && cat <<'EOF' > a.txt | grep x; echo 'a && b' 2>&1\nhello\nEOF\nls");
    expect(cmds.map((c) => c.argv[0])).toEqual(['cd', 'cat', 'grep', 'echo', 'ls']);
    expect(cmds[1].redirects.map((r) => `${r.op}${r.target}`)).toEqual(['<<EOF', '>a.txt']);
    expect(cmds[1].heredoc).toEqual({ delim: 'EOF', body: 'hello', closed: true });
    expect(cmds[3].argv).toEqual(['echo', 'a && b']);
    expect(cmds[3].redirects).toEqual([{ fd: '2', op: '>&', target: '1' }]);
  });
});

describe('odd input', () => {
  it('programs named like object keys, unbalanced quotes, empty and huge texts', () => {
    for (const cmd of [
      'toString',
      'constructor --help',
      '__proto__ x',
      'hasOwnProperty a',
      "echo 'unclosed",
      'cat <<EOF',
      '',
      '((( ))) && ||',
    ]) {
      expect(() => classifyStep(bash(1, cmd))).not.toThrow();
    }
    const huge = `python3 - <<'EOF'\n${'x = 1\n'.repeat(200_000)}EOF`;
    expect(classifyStep(bash(1, huge)).type).toBe('explore');
  });
});
