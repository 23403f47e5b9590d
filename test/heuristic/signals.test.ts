// Each rule on small runs made of real steps (commands and outputs from the fixture runs), plus the
// variations that must not fire.
import { describe, expect, it } from 'vitest';
import { diagnoseHeuristic } from '../../src/core/diagnosis/heuristic/index.js';
import { bash, loadRun, run, step } from '../tree/steps.js';
import type { Step } from '../../src/core/model/trajectory.js';

const labels = (steps: Step[], extra = {}) => diagnoseHeuristic(run(steps, extra)).labels;
const brief = (steps: Step[], extra = {}) =>
  labels(steps, extra).map((l) => `${l.stepId}:${l.verdict}:${l.signal}`);

const sessions = loadRun('miniswe_requests-2317.json').steps;
const django = loadRun('miniswe_django-11163.json').steps;
const at = (steps: Step[], id: number, newId = id): Step => ({ ...steps[id - 1], id: newId });

describe('failed-retry', () => {
  const pipFail = (id: number) =>
    bash(id, 'pip install torch==1.4.0', {
      observation: 'ERROR: Could not find a version that satisfies the requirement torch==1.4.0',
      exitCode: 1,
    });

  it('re-running a failing command unchanged is unuseful; a failing change never fixed is incorrect', () => {
    const steps = [at(sessions, 1), pipFail(2), pipFail(3), pipFail(4), at(sessions, 5, 5)];
    const ls = labels(steps, { verdict: { solved: false } });
    expect(ls.map((l) => `${l.stepId}:${l.verdict}`)).toEqual(['2:incorrect', '3:unuseful', '4:unuseful']);
    expect(ls[0].evidence).toEqual([3, 4]);
    expect(ls[1]).toMatchObject({ signal: 'failed-retry', evidence: [2] });
    expect(ls[1].reason).toContain('failed the same way');
  });

  it('a later success of the same kind of command means it was fixed', () => {
    const ok = bash(4, 'pip install torch==1.13.1', {
      observation: 'Successfully installed torch-1.13.1',
      exitCode: 0,
    });
    expect(brief([pipFail(1), pipFail(2), ok])).toEqual(['2:unuseful:failed-retry']);
  });

  it('a retry after a change in between is a new attempt, not a blind retry', () => {
    const fix = bash(2, 'pip install --upgrade pip', {
      observation: 'Successfully installed pip-24.0',
      exitCode: 0,
    });
    expect(brief([pipFail(1), fix, pipFail(3)])).toEqual([]);
  });

  it('SWE-agent: the same rejected edit sent twice (pydicom-1458, steps 7 and 8)', () => {
    const t = loadRun('sweagent_pydicom-1458.json');
    const r = diagnoseHeuristic(t);
    expect(r.labels.map((l) => `${l.stepId}:${l.verdict}:${l.signal}`)).toEqual(['8:unuseful:failed-retry']);
    expect(r.labels[0].evidence).toEqual([7]);
  });
});

describe('reverted-edit', () => {
  const fix = at(sessions, 20, 2); // sed -i '428s/builtin_str(method)/to_native_string(method)/' requests/sessions.py
  const back = bash(4, "sed -i '428s/to_native_string(method)/builtin_str(method)/' requests/sessions.py", {
    observation: '<returncode>0</returncode>\n<output>\n</output>',
    exitCode: 0,
  });

  it('the reverse sed substitution undoes the edit', () => {
    const ls = labels([at(sessions, 19, 1), fix, at(sessions, 21, 3), back]);
    expect(ls.map((l) => `${l.stepId}:${l.verdict}:${l.signal}`)).toEqual(['2:incorrect:reverted-edit']);
    expect(ls[0].evidence).toEqual([4]);
  });

  it('git checkout of the file and git reset --hard undo edits; a stash that is popped does not', () => {
    const checkout = bash(3, 'git checkout -- requests/sessions.py', { exitCode: 0, observation: '' });
    expect(brief([at(sessions, 19, 1), fix, checkout])).toEqual(['2:incorrect:reverted-edit']);
    const reset = bash(3, 'git reset --hard', {
      exitCode: 0,
      observation: 'HEAD is now at d701ff2 Release v2.4.3',
    });
    expect(brief([at(sessions, 19, 1), fix, reset])).toEqual(['2:incorrect:reverted-edit']);
    const stash = bash(3, 'git stash && python3 reproduce_issue.py && git stash pop', {
      exitCode: 0,
      observation: 'Saved working directory',
    });
    expect(brief([at(sessions, 19, 1), fix, stash])).toEqual([]);
  });

  it('editor tools: the reverse str_replace and undo_edit (OpenHands ponyc-4595 edit)', () => {
    const ponyc = loadRun('openhands_ponyc-4595.json').steps;
    const edit = { ...ponyc[13], id: 1 };
    const e = edit.edits![0];
    const reverse = step(2, `[str_replace] ${e.path}`, {
      tool: 'str_replace_editor',
      args: { command: 'str_replace', path: e.path, old_str: e.newText, new_str: e.oldText },
      edits: [{ path: e.path, kind: 'replace', oldText: e.newText, newText: e.oldText }],
      observation: `The file ${e.path} has been edited.`,
    });
    expect(brief([edit, reverse])).toEqual(['1:incorrect:reverted-edit']);
    const undo = step(2, `[undo_edit] ${e.path}`, {
      tool: 'str_replace_editor',
      args: { command: 'undo_edit', path: e.path },
      observation: 'Last edit undone',
    });
    expect(brief([edit, undo])).toEqual(['1:incorrect:reverted-edit']);
  });

  it('a file written back to an earlier version undoes the writes in between', () => {
    const write = (id: number, content: string) =>
      step(id, `Write: /app/polyglot/main.py.c`, {
        tool: 'Write',
        args: { file_path: '/app/polyglot/main.py.c', content },
        edits: [{ path: '/app/polyglot/main.py.c', kind: 'write', newText: content }],
        observation: 'File created successfully at: /app/polyglot/main.py.c',
      });
    const v = ['#if 0\nprint(1)\n#endif\n', '#if 0\nprint(2)\n#endif\n', '#if 0\nprint(3)\n#endif\n'];
    expect(brief([write(1, v[0]), write(2, v[1]), write(3, v[2]), write(4, v[1])])).toEqual([
      '3:incorrect:reverted-edit',
    ]);
    // Scratch files the agent deletes in the end are not the work.
    const rm = bash(5, 'rm /app/polyglot/main.py.c', { exitCode: 0, observation: '' });
    expect(brief([write(1, v[0]), write(2, v[1]), write(3, v[2]), write(4, v[1]), rm])).toEqual([]);
  });

  it('debug prints added and then removed are not counted', () => {
    const add = bash(1, 'sed -i \'s/    return data/    print("DEBUG", data)\\n    return data/\' app.py', {
      exitCode: 0,
      observation: '',
    });
    const remove = bash(
      2,
      'sed -i \'s/    print("DEBUG", data)\\n    return data/    return data/\' app.py',
      { exitCode: 0, observation: '' },
    );
    expect(brief([add, remove])).toEqual([]);
  });
});

describe('test-regression', () => {
  // django-11163: the reproduction script passes after the fix (step 6); a later edit breaks the fix.
  const pass = at(django, 6, 1);
  const breakIt = bash(
    2,
    "sed -i 's/if fields is not None and f.name not in fields:/if fields and f.name not in fields:/' django/forms/models.py",
    {
      exitCode: 0,
      observation: '<returncode>0</returncode>\n<output>\n</output>',
    },
  );
  const failAgain = { ...django[3], id: 3 }; // the FAILURE output of step 4

  it('a check that passed and fails after an edit: the edit is incorrect', () => {
    const ls = labels([pass, breakIt, failAgain]);
    expect(ls.map((l) => `${l.stepId}:${l.verdict}:${l.signal}`)).toEqual(['2:incorrect:test-regression']);
    expect(ls[0].evidence).toEqual([1, 3]);
  });

  it('edits of the check script itself do not count', () => {
    const rewrite = { ...django[2], id: 2 }; // cat <<'EOF' > reproduce_issue.py
    expect(brief([pass, rewrite, failAgain])).toEqual([]);
  });

  it('editing the program that is run is the work: its edits count (Terminus-2 make-mips-interpreter)', () => {
    const run = (id: number, out: string, exitCode: number) =>
      bash(id, 'node vm.js', { observation: out, exitCode });
    const edit = bash(
      2,
      "sed -i 's/const maxInstructions = 1000000;/const maxInstructions = 100000;/' vm.js",
      { exitCode: 0, observation: '' },
    );
    const ls = labels([
      run(1, 'Starting MIPS VM...\nExecuted 100000 instructions', 0),
      edit,
      run(3, "/app/vm.js:313\nSyntaxError: Unexpected token '}'", 1),
    ]);
    expect(ls.map((l) => `${l.stepId}:${l.verdict}:${l.signal}`)).toEqual(['2:incorrect:test-regression']);
  });

  it('a real one: django-16560 step 101 (a debug print inserted with broken quoting) makes the script crash', () => {
    const r = diagnoseHeuristic(loadRun('miniswe_django-16560.json'));
    const l = r.labels.find((x) => x.stepId === 101);
    expect(l).toMatchObject({ verdict: 'incorrect', signal: 'test-regression', evidence: [98, 102] });
  });
});

describe('repeated-read and loop', () => {
  it('the same grep with the same output, nothing changed in between (requests-2317 steps 2 and 19)', () => {
    const r = diagnoseHeuristic(loadRun('miniswe_requests-2317.json'));
    expect(r.labels.map((l) => `${l.stepId}:${l.verdict}:${l.signal}`)).toEqual([
      '19:unuseful:repeated-read',
    ]);
    expect(r.labels[0].evidence).toEqual([2]);
  });

  it('a read after an edit of the same file is not a repeat', () => {
    const grep = at(sessions, 25, 1);
    const edit = at(sessions, 27, 2);
    const again = { ...sessions[24], id: 3 };
    expect(brief([grep, edit, again])).toEqual([]);
  });

  it('a one-step loop of no-op commands (ATIF polyglot-c-py steps 10-15)', () => {
    const r = diagnoseHeuristic(loadRun('atif_polyglot-c-py.json'));
    const loop = r.labels.filter((l) => l.signal === 'loop').map((l) => l.stepId);
    expect(loop).toEqual([11, 12, 13, 14, 15]);
    expect(r.labels.find((l) => l.stepId === 11)?.evidence).toEqual([10]);
  });

  it('a two-step cycle with the same outputs', () => {
    const a = at(sessions, 14); // head -n 30 requests/sessions.py
    const b = at(sessions, 15); // grep -n "def prepare_method" requests/models.py
    const steps = [a, b, a, b, a, b].map((s, i) => ({ ...s, id: i + 1 }));
    const ls = labels(steps);
    expect(ls.map((l) => l.stepId)).toEqual([3, 4, 5, 6]);
    expect(new Set(ls.map((l) => l.verdict))).toEqual(new Set(['unuseful']));
  });

  it('polling with changing output is not a loop', () => {
    const poll = (id: number, pct: number) =>
      bash(id, 'tail -n 1 build.log', { observation: `[${pct}%] Building C object`, exitCode: 0 });
    expect(brief([poll(1, 10), poll(2, 40), poll(3, 70), poll(4, 100)])).toEqual([]);
  });
});

describe('unverified-submit', () => {
  const edit = at(sessions, 27, 1); // sed -i 's/, builtin_str//' requests/sessions.py
  const submit = at(sessions, 33, 2);

  it('a failed run handing in a change it never ran or tested: the change is incorrect', () => {
    const ls = labels([edit, submit], { verdict: { solved: false } });
    expect(ls).toHaveLength(1);
    expect(ls[0]).toMatchObject({
      stepId: 1,
      verdict: 'incorrect',
      signal: 'unverified-submit',
      evidence: [2],
    });
  });

  it('not when the change was tested, not when the run was solved or its result is unknown', () => {
    const test = at(sessions, 31, 2); // python3 test_fix.py
    expect(brief([edit, test, { ...submit, id: 3 }], { verdict: { solved: false } })).toEqual([]);
    expect(brief([edit, submit], { verdict: { solved: true } })).toEqual([]);
    expect(brief([edit, submit], { verdict: { solved: null } })).toEqual([]);
  });

  it('clean-up after the test (rm of scratch files) does not count as the last change', () => {
    const test = at(sessions, 31, 2);
    const rm = at(sessions, 32, 3);
    expect(brief([edit, test, rm, { ...submit, id: 4 }], { verdict: { solved: false } })).toEqual([]);
  });
});

describe('answer-already-visible', () => {
  it('the fix line was in the task, and the agent read many other files before writing it', () => {
    const task =
      'model_to_dict() should return an empty dict for an empty list of fields.\nwhich should be\nif fields is not None and f.name not in fields:';
    const reads = [
      'cat django/forms/fields.py',
      'cat django/forms/widgets.py',
      'grep -rn "fields=" django/db/models/base.py',
      'cat django/forms/formsets.py',
      'cat django/forms/utils.py',
      'cat django/forms/boundfield.py',
      'grep -n "def model_to_dict" django/forms/models.py',
      'sed -n 70,95p django/forms/models.py',
    ].map((c, i) => bash(i + 1, c, { exitCode: 0, observation: `output of ${c}` }));
    const fix = at(django, 5, 9);
    const ls = labels([...reads, fix], { task });
    // Reads of the edited file locate the spot, and so may the last two reads elsewhere.
    expect(ls.map((l) => l.stepId)).toEqual([1, 2, 3, 4]);
    expect(ls[0]).toMatchObject({ verdict: 'unuseful', signal: 'answer-already-visible', evidence: [9] });
  });
});

describe('labels', () => {
  it('only agent steps; one label per step, the most confident kept', () => {
    const pipFail = (id: number, actor: Step['actor'] = 'agent') =>
      bash(id, 'pip install torch==1.4.0', {
        actor,
        exitCode: 1,
        observation: 'ERROR: Could not find a version',
      });
    const ls = labels([pipFail(1), pipFail(2, 'user'), pipFail(3), pipFail(4), pipFail(5)]);
    expect(ls.map((l) => l.stepId)).toEqual([1, 3, 4, 5]);
    // Step 4 and 5 are both retries and part of a loop: the retry label (more confident) wins.
    expect(ls.find((l) => l.stepId === 4)?.signal).toBe('failed-retry');
    expect(new Set(ls.map((l) => l.stepId)).size).toBe(ls.length);
  });

  it('are grouped by stage', () => {
    const r = diagnoseHeuristic(loadRun('miniswe_django-16560.json'));
    const grouped = r.stages.flatMap((s) => [...s.incorrect, ...s.unuseful]).sort((a, b) => a - b);
    expect(grouped).toEqual(r.labels.map((l) => l.stepId));
    for (const s of r.stages)
      for (const id of [...s.incorrect, ...s.unuseful]) expect(id >= s.start && id <= s.end).toBe(true);
    expect(r.diagnoser).toBe('heuristic');
  });
});
