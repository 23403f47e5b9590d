// The trace tree: a change opens a new state, explores hang under the current one. The parent rule and
// the `tree.md` text are the upstream ones (upstream-spec §6.2-6.3), so diagnosers and people who know
// that form can read it; only the change/explore classification is ours.
import type { Step } from '../model/trajectory.js';
import { classifySteps } from './classify.js';
import type { NodeType, StepClass, StepKind } from './types.js';
import { CodetracerError } from '../io/errors.js';

export interface TreeNode {
  stepId: number;
  label: string;
  nodeType: NodeType;
  kind: StepKind;
  children: TreeNode[];
}

export interface TraceTree {
  rootChildren: TreeNode[];
}

/** One line of the tree, flattened in display order (for list views). */
export interface TreeRow {
  depth: number;
  stepId: number;
  nodeType: NodeType;
  kind: StepKind;
  label: string;
  /** Last child of its parent (draws └── rather than ├──). */
  last: boolean;
}

const LABEL_MAX = 60;

/** Upstream label: the first line of the trimmed action, at most 60 characters, or `step <id>`. */
export function treeLabel(step: Pick<Step, 'id' | 'action'>): string {
  const t = step.action.trim();
  const nl = t.indexOf('\n');
  const line = (nl === -1 ? t : t.slice(0, nl)).slice(0, LABEL_MAX * 2);
  const cut = Array.from(line).slice(0, LABEL_MAX).join('');
  return cut === '' ? `step ${step.id}` : cut;
}

/**
 * Build the tree. The first step hangs under the root; a change step becomes a child of the step just
 * before it; an explore step becomes a sibling of the step before it (same parent).
 */
export function buildTree(traj: { steps: readonly Step[] }, classes?: readonly StepClass[]): TraceTree {
  const cls = classes ?? classifySteps(traj.steps);
  const root: TreeNode[] = [];
  const nodes: TreeNode[] = [];
  // Index of each node's parent in `nodes`, -1 for the root.
  const parent: number[] = [];
  traj.steps.forEach((s, i) => {
    const c = cls[i];
    const node: TreeNode = {
      stepId: s.id,
      label: treeLabel(s),
      nodeType: c.type,
      kind: c.kind,
      children: [],
    };
    const p = i === 0 ? -1 : c.type === 'change' ? i - 1 : parent[i - 1];
    parent.push(p);
    nodes.push(node);
    (p === -1 ? root : nodes[p].children).push(node);
  });
  return { rootChildren: root };
}

/** Walk the tree in display order without recursion (runs can be 100k steps deep). */
function walk(
  tree: TraceTree,
  visit: (n: TreeNode, depth: number, last: boolean, prefix: string) => void,
  withPrefix: boolean,
): void {
  type Frame = { nodes: TreeNode[]; i: number; prefix: string; depth: number };
  const stack: Frame[] = [{ nodes: tree.rootChildren, i: 0, prefix: '', depth: 0 }];
  while (stack.length) {
    const f = stack[stack.length - 1];
    if (f.i >= f.nodes.length) {
      stack.pop();
      continue;
    }
    const n = f.nodes[f.i++];
    const last = f.i === f.nodes.length;
    visit(n, f.depth, last, f.prefix);
    if (n.children.length) {
      const prefix = withPrefix ? f.prefix + (last ? '    ' : '│   ') : '';
      stack.push({ nodes: n.children, i: 0, prefix, depth: f.depth + 1 });
    }
  }
}

/** Beyond this the text cannot be one string; the upstream form indents every change one level deeper. */
const MAX_TREE_MD = 256 * 2 ** 20;

/**
 * The upstream `tree.md` text: "root", then one `[<id>] <label> (<type>)` line per node; ends with "\n".
 * Its size grows with steps x depth, so runs with many thousands of changes are refused with a clear
 * error (use `treeRows` for those).
 */
export function renderTreeMd(tree: TraceTree, maxChars = MAX_TREE_MD): string {
  const lines = ['root'];
  let size = 5;
  walk(
    tree,
    (n, depth, last, prefix) => {
      const line = `${prefix}${last ? '└── ' : '├── '}[${n.stepId}] ${n.label} (${n.nodeType})`;
      size += line.length + 1;
      if (size > maxChars) {
        throw new CodetracerError(
          'too_large',
          `tree.md would exceed ${Math.round(maxChars / 2 ** 20)} MiB: the tree is ${depth + 1} levels deep at step ${n.stepId} (use --json for the stages)`,
        );
      }
      lines.push(line);
    },
    true,
  );
  return lines.join('\n') + '\n';
}

/** The tree as flat rows in display order, with depth instead of drawn prefixes. */
export function treeRows(tree: TraceTree): TreeRow[] {
  const rows: TreeRow[] = [];
  walk(
    tree,
    (n, depth, last) =>
      rows.push({ depth, stepId: n.stepId, nodeType: n.nodeType, kind: n.kind, label: n.label, last }),
    false,
  );
  return rows;
}
