// Reading the LLM's lessons: JSON alone, fenced or inside prose; garbage gives nothing; a lesson that is
// about this run (a file, a path, the run id, a phrase of the task) is dropped.
import { describe, expect, it } from 'vitest';
import { extractionRequest, parseLessons, taskSpecific } from '../../src/core/memory/extract.js';
import type { Trajectory } from '../../src/core/model/trajectory.js';

const traj: Trajectory = {
  id: 'django__django-11163',
  sources: [],
  format: 'miniswe',
  agent: null,
  model: null,
  task: 'model_to_dict() should return an empty dict for an empty list of fields.',
  verdict: { solved: false },
  steps: [
    {
      id: 1,
      actor: 'agent',
      action: 'edit',
      toolCalls: [],
      observation: null,
      reasoning: null,
      edits: [{ path: 'django/forms/models.py', kind: 'replace' }],
    },
  ],
  warnings: [],
  metadata: {},
};

describe('parseLessons', () => {
  it('reads plain, fenced and embedded JSON', () => {
    const body = '{"lessons": [{"kind": "strategy", "text": "Read the test output before the diff."}]}';
    for (const content of [body, `\`\`\`json\n${body}\n\`\`\``, `Sure! ${body} Hope it helps.`]) {
      expect(parseLessons(content, traj)).toEqual({
        lessons: [{ kind: 'strategy', text: 'Read the test output before the diff.' }],
        warnings: [],
      });
    }
  });

  it('garbage stores nothing and says why', () => {
    for (const content of ['', 'no', '{"lessons": "many"}', '[1,2]', '{"lessons": [']) {
      const r = parseLessons(content, traj);
      expect(r.lessons).toEqual([]);
      expect(r.warnings[0]).toMatch(/not JSON of the form/);
    }
  });

  it('drops task-specific lessons and invalid items, keeps the rest', () => {
    const r = parseLessons(
      JSON.stringify({
        lessons: [
          { kind: 'pitfall', text: 'The fix in models.py was right but untested.' },
          { kind: 'pitfall', text: 'It edited django/forms/models without reading it.' },
          { kind: 'pitfall', text: 'Runs like django__django-11163 often fail.' },
          { kind: 'pitfall', text: 'It said should return an empty dict for an empty list twice.' },
          { kind: 'nonsense', text: 'Some text long enough.' },
          { kind: 'pitfall', text: 'short' },
          { kind: 'agent_quirk', text: 'Submits without running the tests it wrote.' },
        ],
      }),
      traj,
    );
    expect(r.lessons).toEqual([{ kind: 'agent_quirk', text: 'Submits without running the tests it wrote.' }]);
    expect(r.warnings).toEqual([
      'a lesson that names a file was dropped (lessons must be generic)',
      'a lesson that names a path was dropped (lessons must be generic)',
      'a lesson that names the run was dropped (lessons must be generic)',
      'a lesson that quotes the task was dropped (lessons must be generic)',
      'a lesson without a valid kind and text was skipped',
      'a lesson without a valid kind and text was skipped',
    ]);
    expect(taskSpecific('Look at the stage where tests first fail.', traj)).toBeNull();
  });

  it('the request carries the known lessons and is bounded', () => {
    const msgs = extractionRequest({
      agent: 'miniswe',
      traj,
      messages: Array.from({ length: 200 }, (_, i) => ({
        role: 'assistant' as const,
        content: `note ${i} `.repeat(20),
        timestamp: '',
      })),
      labelsText: 'Labels recorded so far: none.',
      known: [
        { id: 'a', kind: 'pitfall', text: 'Known lesson.', created: '', updated: '', uses: 0, source: null },
      ],
      phase: 'online',
    });
    const ask = String(msgs[1].content);
    expect(ask).toContain('- [pitfall] Known lesson.');
    expect(ask).toContain('still running');
    expect(ask.length).toBeLessThan(12_000);
    expect(ask).toContain('note 199');
  });
});
