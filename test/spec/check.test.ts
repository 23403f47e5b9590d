// What the generation loop sends back to the LLM: each kind of bad spec gets a line it can act on.
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { locate } from '../../src/core/formats/open.js';
import { checkSpecOnRun } from '../../src/core/formats/spec/check.js';
import { splitReply } from '../../src/core/formats/spec/prompt.js';
import { registerFormat, unregisterFormat } from '../../src/core/formats/registry.js';
import { validateSpec } from '../../src/core/formats/spec/load.js';
import { specFormat } from '../../src/core/formats/spec/module.js';
import { sdkSpec, SDK_RUN } from './sdk-spec.js';

const check = async (spec: unknown, id?: string) =>
  checkSpecOnRun(typeof spec === 'string' ? spec : JSON.stringify(spec), await locate(SDK_RUN), { id });

const errorsOf = async (spec: unknown) => {
  const r = await check(spec);
  expect(r.ok).toBe(false);
  return r.ok ? '' : r.errors.join('\n');
};

describe('checking a candidate spec on the run', () => {
  it('accepts the right spec and can force its id', async () => {
    const r = await check(sdkSpec(), 'my-sdk');
    expect(r.ok && r.spec.id).toBe('my-sdk');
    expect(r.ok && r.traj.steps.length).toBe(5);
  });

  it('refuses an id a learned format already has', async () => {
    registerFormat(specFormat(validateSpec(sdkSpec('taken-id'), 'spec')));
    try {
      expect(await errorsOf(sdkSpec('taken-id'))).toMatch(/"taken-id" is already the learned format/);
    } finally {
      unregisterFormat('taken-id');
    }
  });

  it.each([
    ['not JSON or YAML', '{"version": 1, "id": [', /neither JSON nor YAML/],
    ['a schema error', { ...sdkSpec(), read: 'xml' }, /^read: /],
    ['an unsafe file glob', { ...sdkSpec(), files: ['../../etc/*'] }, /files\.0: .*leaves the run/],
    ['a built-in id', sdkSpec('openhands'), /id "openhands" is a built-in format/],
    [
      'fingerprints elsewhere',
      { ...sdkSpec(), fingerprints: ['trajectory.json'] },
      /match nothing in this run/,
    ],
    [
      'generic fingerprints',
      { ...sdkSpec(), fingerprints: ['*.json'], detect: undefined },
      /match any file of that type/,
    ],
    ['no data files', { ...sdkSpec(), files: ['steps/*.json'] }, /files: no file of this run matches/],
    [
      'a detect string not in the file',
      { ...sdkSpec(), detect: { contains: ['"schema_version"'] } },
      /detect\.contains/,
    ],
    [
      'no steps',
      { ...sdkSpec(), steps: { ...(sdkSpec().steps as object), when: { kind: 'Nope' } } },
      /yields no steps/,
    ],
    [
      'empty actions',
      { ...sdkSpec(), steps: { when: { kind: 'MessageEvent' }, text: 'nothing.here' } },
      /every step has an empty action/,
    ],
  ])('rejects %s', async (_what, spec, msg) => {
    expect(await errorsOf(spec)).toMatch(msg);
  });
});

describe('reading the reply', () => {
  it('takes the json block and the markdown block', () => {
    const r = splitReply('x\n```json\n{"a":1}\n```\ntext\n```markdown\n# Skill\n```\n');
    expect(r).toEqual({ specText: '{"a":1}', skill: '# Skill' });
  });

  it('takes YAML, bare JSON, or a tool call', () => {
    expect(splitReply('```yaml\nversion: 1\n```').specText).toBe('version: 1');
    expect(splitReply('{"version":1}').specText).toBe('{"version":1}');
    const call = {
      id: 'c',
      name: 'submit_spec',
      arguments: JSON.stringify({ spec: { version: 1 }, skill: '# S' }),
    };
    expect(splitReply('', [call])).toEqual({ specText: '{"version":1}', skill: '# S' });
    expect(splitReply('no spec here').specText).toBeNull();
  });
});
