// The file-store layout, rebuilt from CodeTraceBench step slices, must give CodeTraceBench's step ids, and
// stepFromSlice must give the same step as the raw parser for the same event.
import { existsSync, mkdirSync, mkdtempSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { openhandsFormat } from '../../src/core/formats/openhands/index.js';
import { stepFromSlice } from '../../src/core/formats/openhands/slice.js';
import type { RunLocation } from '../../src/core/formats/types.js';
import { fsSource } from '../../src/core/io/source.js';
import type { Step, Trajectory } from '../../src/core/model/trajectory.js';
import { TrajectorySchema } from '../../src/core/model/trajectory.js';
import { buildTrial, readSteps, type SliceStep } from './ctb-layout.js';

const here = import.meta.dirname;
const fixtures = path.join(here, '..', 'fixtures', 'openhands', 'ctb');
const tmp = mkdtempSync(path.join(tmpdir(), 'ct-openhands-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

const dirLoc = (p: string): RunLocation => ({ src: fsSource, path: p, kind: 'dir' });

async function parseOne(p: string): Promise<Trajectory> {
  const [t] = await openhandsFormat.parse(dirLoc(p));
  TrajectorySchema.parse(t);
  return t;
}

/** The step fields stepFromSlice must reproduce (what needs the whole stream is left out). */
function core(s: object): Record<string, unknown> {
  const { id, raw, parallelGroup, ...rest } = s as Step;
  void id;
  void raw;
  void parallelGroup;
  return JSON.parse(JSON.stringify({ ...rest, actor: rest.actor ?? 'agent' }));
}

function checkAgreement(t: Trajectory, steps: SliceStep[], eventFiles = true): void {
  expect(t.steps.map((s) => s.id)).toEqual(steps.map((s) => s.step_id));
  for (const [i, slice] of steps.entries()) {
    const ev = JSON.parse(slice.action_ref.content);
    const obs = JSON.parse(slice.observation_ref!.content);
    const step = t.steps[i];
    // Same id -> same action event, paired with the observation CodeTraceBench paired.
    expect(step.raw?.eventStart).toBe(ev.id);
    expect(step.raw?.eventEnd).toBe(obs.id);
    if (eventFiles) expect(step.raw?.file.endsWith(`/events/${ev.id}.json`)).toBe(true);
    expect(step.action).toContain(ev.args.command.trim());
    expect(step.observation).toContain(obs.content);
    expect(step.exitCode).toBe(obs.extras.metadata.exit_code);
    // The pre-normalized slice gives the same step as the raw event.
    const fromSlice = stepFromSlice(slice.action_ref.content, slice.observation_ref!.content);
    expect(fromSlice).not.toBeNull();
    expect(core(fromSlice!)).toEqual(core(step));
  }
}

describe('OpenHands file store rebuilt from CodeTraceBench slices', () => {
  const small = readSteps(path.join(fixtures, 'ea068f9e', 'steps.json'));
  const kimi = readSteps(path.join(fixtures, '0a4d7803', 'steps.json'));
  const task = readFileSync(path.join(fixtures, 'ea068f9e', 'task.md'), 'utf8');
  const a = buildTrial(path.join(tmp, 'a'), small, {
    instruction: task,
    is_resolved: false,
    failure_mode: 'unset',
  });
  const b = buildTrial(path.join(tmp, 'b'), kimi);

  it('detects the trial dir, the store dirs and the session dir', async () => {
    expect(await openhandsFormat.detect(dirLoc(a.trialDir))).toBe(true);
    expect(await openhandsFormat.detect(dirLoc(path.join(a.trialDir, 'sessions')))).toBe(true);
    expect(await openhandsFormat.detect(dirLoc(a.sessionDir))).toBe(true);
    expect(await openhandsFormat.detect(dirLoc(path.join(a.sessionDir, 'events')))).toBe(true);
    expect(await openhandsFormat.detect(dirLoc(tmp))).toBe(false);
  });

  it('6-step ea068f9e: ids, pairing, verdict and task from the trial dir', async () => {
    const t = await parseOne(a.trialDir);
    expect(t.steps).toHaveLength(6);
    checkAgreement(t, small);
    expect(t.id).toBe('overfull-hbox.1-of-1.2025-12-19__15-00-20');
    expect(t.metadata.sessionId).toBe(a.sid);
    expect(t.metadata.layout).toBe('file-store');
    expect(t.verdict.solved).toBe(false);
    expect(t.verdict.source).toBe(path.join(a.trialDir, 'results.json'));
    expect(t.task).toBe(task.trim());
    expect(t.model).toBe('qwen3-coder-480b-a35b-instruct');
    expect(t.steps[0].tokens).toEqual({ input: 5466, output: 42 });
    expect(t.steps[0].tool).toBe('execute_bash');
    // The model wrapped its command in newlines; the display line does not.
    expect(t.steps[0].action).toBe(
      'execute_bash: find . -name "main.tex" -o -name "input.tex" -o -name "synonyms.txt"',
    );
    expect(t.steps[0].toolCalls[0].arguments).toEqual({
      command: '\nfind . -name "main.tex" -o -name "input.tex" -o -name "synonyms.txt"\n',
    });
    expect(t.steps[0].toolCalls[0]).toMatchObject({ id: 'toolu_01', name: 'execute_bash' });
  });

  it('pointing at sessions/ or the session dir reads the same run, named after the trial', async () => {
    const t1 = await parseOne(path.join(a.trialDir, 'sessions'));
    const t2 = await parseOne(a.sessionDir);
    for (const t of [t1, t2]) {
      expect(t.id).toBe('overfull-hbox.1-of-1.2025-12-19__15-00-20');
      expect(t.steps.map((s) => s.raw?.eventStart)).toEqual([5, 13, 25, 41, 49, 55]);
      expect(t.verdict.solved).toBe(false);
    }
  });

  it('28-step 0a4d7803 (Kimi-K2): ids and reasoning from the LLM text', async () => {
    const t = await parseOne(b.trialDir);
    expect(t.steps).toHaveLength(28);
    checkAgreement(t, kimi);
    expect(t.verdict.solved).toBeNull();
    expect(t.steps[0].reasoning).toMatch(/^I'll help you build pMARS/);
    expect(t.steps.every((s) => s.reasoning)).toBe(true);
    expect(await openhandsFormat.quickCount!(dirLoc(b.trialDir))).toBe(28);
  });

  it('falls back to event_cache chunks for events missing from events/', async () => {
    const c = buildTrial(path.join(tmp, 'c'), small);
    const cache = path.join(c.sessionDir, 'event_cache');
    mkdirSync(cache);
    const moved = [5, 6, 13, 14].map((n) => {
      const p = path.join(c.sessionDir, 'events', `${n}.json`);
      const ev = JSON.parse(readFileSync(p, 'utf8'));
      rmSync(p);
      return ev;
    });
    writeFileSync(path.join(cache, '0-25.json'), JSON.stringify(moved));
    const t = await parseOne(c.trialDir);
    checkAgreement(t, small, false);
    expect(t.steps[2].raw?.file).toBe(path.join(c.sessionDir, 'events', '25.json'));
    expect(t.steps[0].raw?.file).toBe(path.join(cache, '0-25.json'));
    expect(t.sources).toContain(path.join(cache, '0-25.json'));
    // Only the cache: the events dir gone entirely.
    renameSync(path.join(c.sessionDir, 'events'), path.join(c.sessionDir, 'old-events'));
    writeFileSync(
      path.join(cache, '25-50.json'),
      JSON.stringify(readEventsOf(small).filter((e) => e.id >= 25)),
    );
    expect(await openhandsFormat.detect(dirLoc(c.trialDir))).toBe(true);
    expect((await parseOne(c.trialDir)).steps.map((s) => s.raw?.eventStart)).toEqual([5, 13, 25, 41, 49, 55]);
  });

  it('counts every agent action, and maps the shell-only ids of the published step maps', async () => {
    const plain = await parseOne(a.trialDir);
    expect(plain.metadata.ctbRunStepIds).toEqual([1, 2, 3, 4, 5, 6]);
    // SYNTHETIC: an editor read between the first two commands (the published maps skip such actions).
    const f = buildTrial(path.join(tmp, 'f'), small);
    const read = {
      id: 7,
      source: 'agent',
      action: 'read',
      args: { path: '/app/input.tex', start: 0, end: -1, thought: '', view_range: null },
    };
    const obs = {
      id: 8,
      source: 'agent',
      cause: 7,
      observation: 'read',
      content: 'text',
      extras: { path: '/app/input.tex' },
    };
    writeFileSync(path.join(f.sessionDir, 'events', '7.json'), JSON.stringify(read));
    writeFileSync(path.join(f.sessionDir, 'events', '8.json'), JSON.stringify(obs));
    const t = await parseOne(f.trialDir);
    expect(t.steps.map((s) => s.raw?.eventStart)).toEqual([5, 7, 13, 25, 41, 49, 55]);
    expect(t.steps[1]).toMatchObject({
      action: 'str_replace_editor view /app/input.tex',
      observation: 'text',
    });
    expect(t.metadata.ctbRunStepIds).toEqual([1, 3, 4, 5, 6, 7]);
  });

  it('reads the flat sessions/*.json layout', async () => {
    const d = path.join(tmp, 'flat', 'trial-1');
    mkdirSync(path.join(d, 'sessions'), { recursive: true });
    writeFileSync(path.join(d, 'sessions', 'small.json'), '[]');
    writeFileSync(path.join(d, 'sessions', 'run.json'), JSON.stringify(readEventsOf(small)));
    expect(await openhandsFormat.detect(dirLoc(d))).toBe(true);
    const t = await parseOne(d);
    expect(t.id).toBe('trial-1');
    expect(t.metadata.layout).toBe('flat-sessions');
    checkAgreement(t, small, false);
    expect(t.steps[0].raw?.file).toBe(path.join(d, 'sessions', 'run.json'));
  });

  it('keeps a broken event file out and says so', async () => {
    const e = buildTrial(path.join(tmp, 'e'), small);
    writeFileSync(path.join(e.sessionDir, 'events', '13.json'), '{"id": 13, "action": "ru');
    const t = await parseOne(e.trialDir);
    expect(t.steps.map((s) => s.raw?.eventStart)).toEqual([5, 25, 41, 49, 55]);
    expect(t.warnings.join('\n')).toMatch(/13\.json: truncated JSON/);
  });
});

function readEventsOf(steps: SliceStep[]): { id: number }[] {
  const out: { id: number }[] = [];
  for (const s of steps) {
    out.push(JSON.parse(s.action_ref.content));
    if (s.observation_ref) out.push(JSON.parse(s.observation_ref.content));
  }
  return out;
}

// The 486-step run is 2 MB: read from the shared fixtures only, when they exist.
const big =
  '/work/shared/fixtures/codetracebench_prenormalized/openhands/Qwen__Qwen3-Coder-480B-A35B-Instruct/openhands_480b/protocol-analysis-rs/openhands-Qwen__Qwen3-Coder-480B-A35B-Instruct-protocol-analysis-rs-0160e7da/steps.json';
describe.skipIf(!existsSync(big))('486-step 0160e7da (shared fixtures)', () => {
  it('rebuilds to the same 486 ids', async () => {
    const steps = readSteps(big);
    const t = buildTrial(path.join(tmp, 'big'), steps);
    const traj = await parseOne(t.trialDir);
    expect(traj.steps).toHaveLength(486);
    checkAgreement(traj, steps);
  });
});
