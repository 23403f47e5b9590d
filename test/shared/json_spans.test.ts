import { describe, expect, it } from 'vitest';
import { arrayElementLines, arrayElementSpans, lineIndex } from '../../src/core/formats/shared/json_spans.js';

describe('arrayElementSpans', () => {
  const doc = {
    info: { note: 'has "messages": [ inside a string ]', list: [1, [2]] },
    messages: [{ a: '}{' }, 'x', 3, null],
  };

  it('finds each element of a top-level key, skipping look-alikes inside strings and other keys', () => {
    for (const text of [JSON.stringify(doc), JSON.stringify(doc, null, 2), JSON.stringify(doc, null, '\t')]) {
      const spans = arrayElementSpans(text, 'messages');
      expect(spans.map((s) => JSON.parse(text.slice(s.start, s.end)))).toEqual(doc.messages);
    }
  });

  it('reads a top-level array with key null, and gives nothing for an absent key', () => {
    const text = '[ {"x": 1} ,\n\n "y" ]';
    expect(arrayElementSpans(text, null).map((s) => text.slice(s.start, s.end))).toEqual(['{"x": 1}', '"y"']);
    expect(arrayElementSpans(JSON.stringify(doc), 'steps')).toEqual([]);
    expect(arrayElementSpans('{"messages": 3}', 'messages')).toEqual([]);
  });

  it('gives 1-based inclusive line ranges', () => {
    const text = JSON.stringify({ messages: [{ a: 1 }, { b: [1, 2] }] }, null, 2);
    const lines = text.split('\n');
    const ranges = arrayElementLines(text, 'messages');
    expect(ranges).toHaveLength(2);
    for (const r of ranges) {
      expect(lines[r.lineStart - 1].trim()).toBe('{');
      expect(lines[r.lineEnd - 1].trim()).toMatch(/^}/);
    }
    expect(ranges[1].lineStart).toBe(ranges[0].lineEnd + 1);
    const line = lineIndex('a\nb\n\nc');
    expect([0, 1, 2, 3, 4, 5].map(line)).toEqual([1, 1, 2, 2, 3, 4]);
  });
});
