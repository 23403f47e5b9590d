// Synthetic runs for view tests and the bench: clearly made up, any size, cheap to build.
import type { Step, Trajectory } from '../../src/core/model/trajectory.js';

export function syntheticTrajectory(n: number): Trajectory {
  const steps: Step[] = [];
  for (let i = 1; i <= n; i++) {
    const edit = i % 7 === 0;
    steps.push({
      id: i,
      actor: 'agent',
      action: edit
        ? `sed -i 's/old_${i}/new_${i}/' src/module_${i % 13}.py`
        : `grep -rn "symbol_${i}" src/ | head`,
      tool: 'bash',
      toolCalls: [],
      observation: edit
        ? ''
        : `src/module_${i % 13}.py:${i}: symbol_${i} = compute(${i})\n(synthetic step ${i})`,
      reasoning: `Synthetic thought for step ${i}.`,
      exitCode: 0,
      ...(edit
        ? {
            edits: [
              {
                path: `src/module_${i % 13}.py`,
                kind: 'replace' as const,
                oldText: `old_${i}\n`,
                newText: `new_${i}\n`,
              },
            ],
          }
        : {}),
    });
  }
  return {
    id: `synthetic-${n}`,
    sources: [],
    format: 'synthetic',
    agent: 'synthetic-agent',
    model: 'synthetic-model',
    task: 'A synthetic task used by the view tests.',
    verdict: { solved: false },
    steps,
    warnings: [],
    metadata: {},
  };
}
