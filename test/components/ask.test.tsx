// The Ask pane: a question typed with keys goes to the model (scripted server), which may use a read-only
// tool, and the answer streams into the pane.
import { describe, expect, it } from 'vitest';
import { callTool } from '../helpers/scripted-llm-server.js';
import { tuiHarnessPerTest } from './harness-session.js';
import { KEYS } from './render-app.js';

const tui = tuiHarnessPerTest();

describe('Ask pane', () => {
  it('sends a typed question and streams the answer in', async () => {
    const answer = 'Step 2 compiled main.tex before any word was substituted, so that compile was wasted.';
    const h = await tui.harness({
      script: [
        callTool('view_step', { step_id: 2 }, { text: 'Let me look at step 2.' }),
        { text: answer, chunkChars: 5 },
      ],
    });
    const { app } = await tui.openRun(h, { columns: 160, rows: 40 });
    await app.press('6');
    await app.waitFor((f) => f.includes('▸ Ask'), 'Ask focused');
    await app.press('i');
    for (const ch of 'why was step 2 wrong?') await app.press(ch);
    await app.waitFor((f) => f.includes('ask: why was step 2 wrong?'), 'question typed');
    await app.press(KEYS.enter);
    await app.waitFor((f) => f.includes('you: why was step 2 wrong?'), 'question shown');
    const frame = await app.waitFor((f) => f.includes('that compile was wasted.'), 'answer streamed', 15_000);
    expect(frame).toContain('→ view_step');
    // The server saw the question.
    const last = h.server.requests[h.server.requests.length - 1];
    expect(JSON.stringify(last.body.messages)).toContain('why was step 2 wrong?');
  }, 40_000);
});
