import { describe, expect, it } from 'vitest';
import { buildTree, classifySteps, renderTreeMd, treeLabel, treeRows } from '../../src/core/tree/index.js';
import { bash, loadRun, run, step } from './steps.js';

describe('tree.md', () => {
  it('renders the upstream example exactly', () => {
    const t = run([
      bash(1, 'ls -la && pwd'),
      bash(2, 'pip install -r requirements.txt'),
      bash(3, 'cat README.md'),
    ]);
    expect(renderTreeMd(buildTree(t))).toBe(
      'root\n└── [1] ls -la && pwd (explore)\n    ├── [2] pip install -r requirements.txt (change)\n    └── [3] cat README.md (explore)\n',
    );
  });

  it('follows the upstream parent rule: 1 explore, 2 change, 3 explore, 4 change, 5 explore', () => {
    // root -> [1]; [1] -> [2],[3]; [3] -> [4],[5]
    const t = run([
      bash(1, 'grep -n "def prepare_method" requests/models.py'),
      bash(2, "sed -i '428s/builtin_str(method)/to_native_string(method)/' requests/sessions.py"),
      bash(3, 'head -n 20 requests/sessions.py'),
      bash(4, "sed -i 's/, builtin_str//' requests/sessions.py"),
      bash(5, 'git diff'),
    ]);
    expect(renderTreeMd(buildTree(t))).toBe(
      [
        'root',
        '└── [1] grep -n "def prepare_method" requests/models.py (explore)',
        // The label is cut at 60 characters, which here ends on a space.
        "    ├── [2] sed -i '428s/builtin_str(method)/to_native_string(method)/'  (change)",
        '    └── [3] head -n 20 requests/sessions.py (explore)',
        "        ├── [4] sed -i 's/, builtin_str//' requests/sessions.py (change)",
        '        └── [5] git diff (explore)',
        '',
      ].join('\n'),
    );
  });

  it('an empty run is "root\\n"; a first change hangs under the root', () => {
    expect(renderTreeMd(buildTree(run([])))).toBe('root\n');
    expect(renderTreeMd(buildTree(run([bash(1, 'pip install -e .')])))).toBe(
      'root\n└── [1] pip install -e . (change)\n',
    );
  });

  it('labels: first line of the trimmed action, 60 characters, else "step <id>"', () => {
    expect(treeLabel(step(7, '\n  cat <<EOF > a.py\nprint(1)\nEOF'))).toBe('cat <<EOF > a.py');
    expect(treeLabel(step(7, 'x'.repeat(80)))).toBe('x'.repeat(60));
    expect(treeLabel(step(7, '   '))).toBe('step 7');
    expect(treeLabel(step(7, '€'.repeat(70)))).toHaveLength(60);
  });

  it('renders the django-11163 run', () => {
    const t = loadRun('miniswe_django-11163.json');
    expect(renderTreeMd(buildTree(t))).toBe(
      [
        'root',
        '├── [1] ls -R | grep ":$" | head -n 5 && grep -r "def model_to_dict" (explore)',
        '└── [2] cat django/forms/models.py (explore)',
        "    ├── [3] cat <<'EOF' > reproduce_issue.py (change)",
        '    └── [4] python3 reproduce_issue.py (explore)',
        "        ├── [5] sed -i 's/if fields and f.name not in fields:/if fields is n (change)",
        '        ├── [6] python3 reproduce_issue.py (explore)',
        '        ├── [7] grep -n "if fields" django/forms/models.py (explore)',
        "        └── [8] sed -n '40,50p;80,90p;145,155p;180,190p;430,440p;505,515p' d (explore)",
        "            ├── [9] cat <<'EOF' > check_fields_for_model.py (change)",
        '            ├── [10] python3 check_fields_for_model.py (explore)',
        '            └── [11] python3 reproduce_issue.py (explore)',
        '                └── [12] rm reproduce_issue.py check_fields_for_model.py (change)',
        '                    └── [13] echo COMPLETE_TASK_AND_SUBMIT_FINAL_OUTPUT && git add -A &&  (change)',
        '',
      ].join('\n'),
    );
  });

  it('uses given classes when passed, and every step appears once', () => {
    const t = loadRun('miniswe_django-16560.json');
    const cls = classifySteps(t.steps);
    const text = renderTreeMd(buildTree(t, cls));
    const ids = [...text.matchAll(/\[(\d+)\] /g)].map((m) => Number(m[1]));
    expect(ids).toEqual(t.steps.map((s) => s.id));
    expect(text.split('\n').filter((l) => l.endsWith('(change)')).length).toBe(
      cls.filter((c) => c.type === 'change').length,
    );
  });
});

describe('tree rows', () => {
  it('flattens in display order with depth', () => {
    const t = loadRun('miniswe_django-11163.json');
    const rows = treeRows(buildTree(t));
    expect(rows.map((r) => r.stepId)).toEqual(t.steps.map((s) => s.id));
    expect(rows.map((r) => r.depth)).toEqual([0, 0, 1, 1, 2, 2, 2, 2, 3, 3, 3, 4, 5]);
    expect(rows[1]).toMatchObject({
      nodeType: 'explore',
      kind: 'read',
      last: true,
      label: 'cat django/forms/models.py',
    });
  });

  it('refuses a tree.md too large to be one string, with a one-line error', () => {
    const steps = Array.from({ length: 3000 }, (_, i) => bash(i + 1, 'touch a.txt'));
    const tree = buildTree(run(steps));
    expect(() => renderTreeMd(tree, 2 ** 20)).toThrow(
      /tree.md would exceed 1 MiB: the tree is \d+ levels deep/,
    );
    expect(renderTreeMd(tree).split('\n')).toHaveLength(3002);
  });

  it('handles very deep trees without recursion', () => {
    const steps = Array.from({ length: 50_000 }, (_, i) => bash(i + 1, i % 2 ? 'touch a.txt' : 'cat a.txt'));
    const rows = treeRows(
      buildTree(
        run(steps),
        steps.map((_, i) => ({
          type: i % 2 ? 'change' : 'explore',
          kind: 'read',
          targets: [],
          runsTests: false,
          submit: false,
        })),
      ),
    );
    expect(rows).toHaveLength(50_000);
    expect(rows[rows.length - 1].depth).toBe(25_000);
  });
});
