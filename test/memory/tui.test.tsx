// Memory in the TUI: a diagnosis started with `d` is given the lessons of the run's agent type and adds
// what it learned; `M` opens the Memory view of the open run (listed in the `?` help), Esc closes it.
import { describe, expect, it } from 'vitest';
import { helpText } from '../../src/controller/keymap.js';
import { memoryRoot, agentKey } from '../../src/core/memory/paths.js';
import { MemoryStore } from '../../src/core/memory/store.js';
import { happyPath } from '../llm/script.js';
import { harnessHome, tuiHarnessPerTest } from '../components/harness-session.js';
import { KEYS } from '../components/render-app.js';
import { isExtraction, lessonsReply, routed, systemPromptOf } from './scripted.js';

const tui = tuiHarnessPerTest();

const SEEDED = 'Runs of this agent often stop right after the first command that succeeds.';
const LEARNED = 'The agent tends to compile before it has read every input file it was given.';

describe('Memory in the TUI', () => {
  it('d uses and updates memory; M shows the lessons of the run; Esc closes; help lists it', async () => {
    const h = await tui.harness({
      fallback: routed(
        (req) => happyPath('detailed')[req.body.messages.filter((m: any) => m.role === 'assistant').length],
        [lessonsReply([{ kind: 'failure_pattern', text: LEARNED }])],
      ),
    });
    const key = agentKey(h.traj.format, h.traj.agent);
    await new MemoryStore(memoryRoot(harnessHome(h)), key).addLessons(
      [{ kind: 'pitfall', text: SEEDED }],
      null,
    );

    const { s, app } = await tui.openRun(h, { columns: 150, rows: 40 });

    await app.press('M');
    let f = await app.waitFor((x) => x.includes(`Memory: ${key}`), 'memory view');
    expect(f).toContain(SEEDED);
    expect(f).toContain('Esc or M close');
    await app.press(KEYS.esc);
    await app.waitFor((x) => !x.includes(`Memory: ${key}`), 'memory view closed');

    await app.press('d');
    await app.waitFor(
      () => s.store.getState().diagnosis[h.runDir]?.status === 'done',
      'diagnosis done',
      15_000,
    );
    const reqs = h.server.chatRequests;
    expect(systemPromptOf(reqs[0])).toContain(`- ${SEEDED}`);
    expect(reqs.filter(isExtraction)).toHaveLength(1);

    await app.press('M');
    f = await app.waitFor(
      (x) => x.includes(`Memory: ${key}`) && x.includes('compile before'),
      'memory updated',
    );
    expect(f).toContain(SEEDED);
    expect(s.store.getState().overlays.at(-1)).toMatchObject({ kind: 'memory', agent: key });

    expect(helpText().join('\n')).toMatch(/M\s+memory: lessons learned for this run's agent type/);
    expect(helpText().join('\n')).toContain('Memory overlay');
  });

  it('memory off (codetracer-tui --no-memory, or memory.enabled: false): d neither uses nor updates it', async () => {
    const h = await tui.harness({
      fallback: routed(
        (req) => happyPath('detailed')[req.body.messages.filter((m: any) => m.role === 'assistant').length],
      ),
    });
    const key = agentKey(h.traj.format, h.traj.agent);
    const store = new MemoryStore(memoryRoot(harnessHome(h)), key);
    await store.addLessons([{ kind: 'pitfall', text: SEEDED }], null);
    const records = (await store.records()).length;
    const config = { ...h.config, memory: { ...h.config.memory, enabled: false } };
    const s = tui.open(h, config);
    await s.services.start();
    await s.services.commands.selectRun(h.runDir);
    await s.services.commands.run('diagnosis.start');
    expect(s.store.getState().diagnosis[h.runDir]?.status).toBe('done');
    expect(h.server.chatRequests.some(isExtraction)).toBe(false);
    for (const q of h.server.chatRequests) expect(JSON.stringify(q.body)).not.toContain(SEEDED);
    expect((await store.records()).length).toBe(records);
    await s.services.commands.run('memory.show');
    const top = s.store.getState().overlays.at(-1);
    expect(top?.kind === 'memory' && top.lines.join('\n')).toMatch(
      /Memory is off[\s\S]*Runs of this agent often stop/,
    );
  });
});
