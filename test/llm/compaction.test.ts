// Compaction on its own: what each tier keeps, and that tool calls stay paired with their results.
import { describe, expect, it } from 'vitest';
import { compactMessages, slidingWindow } from '../../src/core/compaction/compact.js';
import { estimateRequest, estimateText } from '../../src/core/compaction/estimate.js';
import { capToolOutput } from '../../src/core/compaction/truncate.js';
import type { ChatMessage } from '../../src/core/llm/types.js';

function conversation(turns: number): ChatMessage[] {
  const m: ChatMessage[] = [
    { role: 'system', content: 'system rules' },
    { role: 'user', content: 'TASK: diagnose run X' },
  ];
  for (let i = 1; i <= turns; i++) {
    m.push({
      role: 'assistant',
      content: null,
      toolCalls: [
        { id: `c${i}a`, name: 'view_step', arguments: `{"step_id":${i}}` },
        { id: `c${i}b`, name: 'search', arguments: '{"pattern":"x"}' },
      ],
    });
    m.push({ role: 'tool', toolCallId: `c${i}a`, content: `step ${i} `.repeat(100) });
    m.push({ role: 'tool', toolCallId: `c${i}b`, content: 'hits '.repeat(50) });
  }
  return m;
}

function paired(ms: ChatMessage[]): boolean {
  const open = new Set<string>();
  for (const m of ms) {
    if (m.role === 'assistant') for (const c of m.toolCalls ?? []) open.add(c.id);
    if (m.role === 'tool' && !open.has(m.toolCallId)) return false;
  }
  return true;
}

describe('compaction', () => {
  it('estimates about 4 characters a token plus per-message overhead', () => {
    expect(estimateText('x'.repeat(400))).toBe(100);
    expect(estimateRequest([{ role: 'user', content: 'x'.repeat(400) }])).toBe(107);
  });

  it('tier 1 keeps system, task, labels and recent turns, summarising the rest', async () => {
    const ms = conversation(10);
    let seen = '';
    const r = await compactMessages(ms, {
      pinned: 2,
      keepRecent: 3,
      targetTokens: 1500,
      labelsText: 'Labels recorded so far (1):\n- step 4: incorrect — bad edit',
      summarize: async (t) => {
        seen = t;
        return 'Inspected steps 1-9.';
      },
    });
    expect(r.tier).toBe(1);
    expect(r.messages.slice(0, 2)).toEqual(ms.slice(0, 2));
    expect(r.messages[2].content).toContain('Inspected steps 1-9.');
    expect(r.messages[2].content).toContain('step 4: incorrect');
    expect(seen).toContain('view_step({"step_id":1})');
    expect(paired(r.messages)).toBe(true);
    expect(r.tokensAfter).toBeLessThan(r.tokensBefore);
    expect(r.messages[r.messages.length - 1]).toEqual(ms[ms.length - 1]);
  });

  it('falls back to tier 2 when the summariser throws', async () => {
    const ms = conversation(10);
    const r = await compactMessages(ms, {
      pinned: 2,
      keepRecent: 3,
      targetTokens: 900,
      labelsText: 'Labels recorded so far: none.',
      summarize: async () => {
        throw new Error('HTTP 500');
      },
    });
    expect(r.tier).toBe(2);
    expect(r.tier1Error).toBe('HTTP 500');
    expect(r.messages.slice(0, 2)).toEqual(ms.slice(0, 2));
    expect(r.messages[2].content).toMatch(/earlier message\(s\) were removed/);
    expect(paired(r.messages)).toBe(true);
    expect(r.tokensAfter).toBeLessThanOrEqual(900);
  });

  it('the sliding window never drops the pinned head, even when it alone is over the target', () => {
    const ms = conversation(3);
    const out = slidingWindow(ms, { pinned: 2, keepRecent: 2, targetTokens: 10, labelsText: '' });
    expect(out.slice(0, 2)).toEqual(ms.slice(0, 2));
    expect(out.some((m) => m.role === 'assistant')).toBe(true);
    expect(paired(out)).toBe(true);
  });

  it('caps a tool output, keeping its head and tail', () => {
    const text = 'A'.repeat(30_000) + 'TAIL';
    const c = capToolOutput(text, 1000);
    expect(c.length).toBeLessThan(1200);
    expect(c.endsWith('TAIL')).toBe(true);
    expect(c).toMatch(/characters cut/);
  });
});
