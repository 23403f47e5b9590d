import { describe, expect, it } from 'vitest';
import { parsePartialJson } from '../../src/core/formats/shared/partial_json.js';

describe('parsePartialJson', () => {
  it('reads complete values and ignores what follows the first one', () => {
    expect(parsePartialJson('  {"a": [1, 2.5e1, true, null, "x\\"y"]},\n  {"b": 2}')).toEqual({
      a: [1, 25, true, null, 'x"y'],
    });
  });

  it('keeps the complete members of a value cut off mid-way', () => {
    const cut =
      '{\n  "role": "assistant",\n  "content": "ls",\n  "extra": {\n    "response": {\n      "id": "r1",\n      "choices": [\n        {"message": {"content": "unfinished';
    expect(parsePartialJson(cut)).toEqual({
      role: 'assistant',
      content: 'ls',
      extra: { response: { id: 'r1', choices: [{ message: {} }] } },
    });
  });

  it('drops a number that may have lost digits and a key without its value', () => {
    expect(parsePartialJson('{"a": 1, "t": 17668')).toEqual({ a: 1 });
    expect(parsePartialJson('{"a": 1, "b":')).toEqual({ a: 1 });
    expect(parsePartialJson('{"a": 1, "b"')).toEqual({ a: 1 });
  });

  it('returns undefined for text that is not JSON', () => {
    expect(parsePartialJson('```bash\nls\n```')).toBeUndefined();
    expect(parsePartialJson('')).toBeUndefined();
    expect(parsePartialJson('{"a" 1}')).toBeUndefined();
  });
});
