// mini-swe-agent 1.15 SWE-bench runs (MIT copies in test/fixtures/miniswe/swebench) and, when present, the
// rest of the shared fixtures.
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { openRun } from '../../src/core/formats/open.js';
import { minisweFormat } from '../../src/core/formats/miniswe/index.js';
import { fsSource } from '../../src/core/io/source.js';
import { TrajectorySchema } from '../../src/core/model/trajectory.js';

const FIX = path.resolve(__dirname, '../fixtures/miniswe/swebench');
const SHARED = path.resolve(__dirname, '../../../shared/fixtures/miniswe_swebench');
const trajDir = (root: string, id: string): string => path.join(root, id, 'trajs', id);

describe('mini-swe-agent traj.json (SWE-bench, copied fixtures)', () => {
  it.each([
    { id: 'django__django-11163', steps: 13, solved: true },
    { id: 'astropy__astropy-12907', steps: 20, solved: true },
  ])('$id: $steps steps, solved=$solved from logs/<id>/report.json', async ({ id, steps, solved }) => {
    const [t] = await openRun(trajDir(FIX, id));
    expect(() => TrajectorySchema.parse(t)).not.toThrow();
    expect(t.format).toBe('miniswe');
    expect(t.id).toBe(id);
    expect(t.steps).toHaveLength(steps);
    expect(t.steps.map((s) => s.id)).toEqual(Array.from({ length: steps }, (_, i) => i + 1));
    expect(t.verdict.solved).toBe(solved);
    expect(t.verdict.source).toMatch(new RegExp(`logs/${id}/report\\.json$`));
    expect(t.verdict.exitStatus).toBe('Submitted');
    expect(t.model).toBe('google/gemini-3-pro-preview');
    expect(t.agent).toBe('mini-swe-agent');
    expect(t.metadata.miniVersion).toBe('1.15.0');
    expect(t.metadata.submission).toMatch(/^diff --git/);
  });

  it('django-11163: task from <pr_description>, actions, THOUGHT + hidden reasoning, observations, tokens', async () => {
    const [t] = await openRun(trajDir(FIX, 'django__django-11163'));
    expect(
      t.task.startsWith('model_to_dict() should return an empty dict for an empty list of fields.'),
    ).toBe(true);
    expect(t.task).not.toContain('<pr_description>');
    expect(t.task).not.toContain('Consider the following PR description');
    const [s1] = t.steps;
    expect(s1.action).toBe('ls -R | grep ":$" | head -n 5 && grep -r "def model_to_dict" .');
    expect(s1.tool).toBe('bash');
    expect(s1.reasoning).toContain('**Examining the Bug');
    expect(s1.reasoning).toContain('I need to locate the `model_to_dict` function');
    expect(s1.reasoning).not.toContain('THOUGHT:');
    expect(s1.observation).toContain(
      './django/forms/models.py:def model_to_dict(instance, fields=None, exclude=None):',
    );
    expect(s1.exitCode).toBe(0);
    expect(s1.tokens).toEqual({ input: 1397, output: 219, cached: 0, cost: 0.005422 });
    expect(s1.timestamp).toBe(new Date(1763508910 * 1000).toISOString());
    const last = t.steps[t.steps.length - 1];
    expect(last.action).toBe('echo COMPLETE_TASK_AND_SUBMIT_FINAL_OUTPUT && git add -A && git diff --cached');
    // The submission is what the final command returned.
    expect(last.observation).toBe(t.metadata.submission);
  });

  it('raw refs give the line range of each assistant message in the file', async () => {
    const dir = trajDir(FIX, 'django__django-11163');
    const file = path.join(dir, 'django__django-11163.traj.json');
    const lines = readFileSync(file, 'utf8').split('\n');
    const data = JSON.parse(readFileSync(file, 'utf8')) as { messages: { role: string; content: string }[] };
    const [t] = await openRun(dir);
    for (const s of t.steps) {
      const { lineStart, lineEnd, eventStart } = s.raw!;
      expect(s.raw!.file).toBe(file);
      expect(lines[lineStart! - 1].trim()).toBe('{');
      expect(lines[lineEnd! - 1].trim()).toMatch(/^},?$/);
      const msg = JSON.parse(
        lines
          .slice(lineStart! - 1, lineEnd)
          .join('\n')
          .replace(/,\s*$/, ''),
      ) as { role: string; content: string };
      expect(msg.role).toBe('assistant');
      expect(msg).toEqual(data.messages[eventStart as number]);
      expect(msg.content).toContain(s.action.split('\n')[0]);
    }
  });

  it('opens the same run from the file, the trajs/<id> dir and the instance folder', async () => {
    const id = 'astropy__astropy-12907';
    const a = await openRun(path.join(trajDir(FIX, id), `${id}.traj.json`));
    const b = await openRun(trajDir(FIX, id));
    const c = await openRun(path.join(FIX, id));
    expect(a[0].steps).toEqual(b[0].steps);
    expect(c[0].steps).toEqual(b[0].steps);
    expect(c[0].verdict.solved).toBe(true);
  });

  it('quickCount agrees with the parse', async () => {
    const loc = { src: fsSource, path: trajDir(FIX, 'astropy__astropy-12907'), kind: 'dir' as const };
    expect(await minisweFormat.quickCount!(loc)).toBe(20);
  });
});

describe.skipIf(!existsSync(SHARED))('mini-swe-agent traj.json (shared fixtures, not in the repo)', () => {
  it.each([
    { id: 'django__django-11163', steps: 13, solved: true },
    { id: 'astropy__astropy-12907', steps: 20, solved: true },
    { id: 'psf__requests-2317', steps: 33, solved: false },
    { id: 'django__django-16560', steps: 145, solved: false },
  ])('$id: $steps steps, solved=$solved', async ({ id, steps, solved }) => {
    const [t] = await openRun(trajDir(SHARED, id));
    expect(t.steps).toHaveLength(steps);
    expect(t.verdict.solved).toBe(solved);
    expect(t.steps.every((s) => s.action.trim() !== '' && !s.action.includes('```'))).toBe(true);
    expect(() => TrajectorySchema.parse(t)).not.toThrow();
  });
});
