// TUI bench: the real Ink render of the app (App, panes, store, reducer) into a fake terminal, on a
// synthetic 10,000-step run. Measures the first frame, keypress-to-frame latency over 200 `j` presses
// (human-paced, so the store's frame coalescing does not count as our cost) and the heap afterwards.
// Targets: first frame < 300 ms, p95 < 16 ms, heap < 200 MB. Standalone:
// `npm run build && node --expose-gc dist/bench/tui.bench.js` (sets NODE_ENV=production itself).
import { EventEmitter } from 'node:events';
import os from 'node:os';
import type { AppStore } from '../components/hooks/useStore.js';
import { buildLoadedPayload } from '../src/controller/load.js';
import { reducer } from '../src/controller/reducer.js';
import { initialState } from '../src/controller/state.js';
import { createStore } from '../src/controller/store.js';
import { syntheticTrajectory } from '../test/components/synthetic.js';
import { isEntryPoint } from '../src/cli/entry.js';

export const TARGETS = { firstFrameMs: 300, p95Ms: 16, heapMB: 200 };

class FakeStdout extends EventEmitter {
  isTTY = true as const;
  columns: number;
  rows: number;
  writes = 0;
  bytes = 0;
  private waiters: (() => void)[] = [];
  constructor(columns: number, rows: number) {
    super();
    this.columns = columns;
    this.rows = rows;
  }
  write = (s: string): boolean => {
    this.writes++;
    this.bytes += Buffer.byteLength(s);
    const w = this.waiters;
    this.waiters = [];
    for (const f of w) f();
    return true;
  };
  nextWrite(): Promise<void> {
    return new Promise((res) => this.waiters.push(res));
  }
}

class FakeStdin extends EventEmitter {
  isTTY = true;
  private data: string | null = null;
  write(s: string): void {
    this.data = s;
    this.emit('readable');
    this.emit('data', s);
  }
  read = (): string | null => {
    const d = this.data;
    this.data = null;
    return d;
  };
  setEncoding(): void {}
  setRawMode(): void {}
  resume(): void {}
  pause(): void {}
  ref(): void {}
  unref(): void {}
}

export interface TuiBenchResult {
  steps: number;
  terminal: string;
  reactBuild: string;
  loadPayloadMs: number;
  firstFrameMs: number;
  keypressP50Ms: number;
  keypressP95Ms: number;
  keypressMaxMs: number;
  /** CPU time (all threads) from key to frame: what the wall time is when the machine is not shared. */
  keypressCpuP50Ms: number;
  keypressCpuP95Ms: number;
  /** Whether Ink's per-frame output caches were made to last across frames (components/ink-output-cache). */
  inkCachesShared: boolean;
  /** The same presses before that, with Ink as shipped (same run, same load: compare the ratio). */
  asShippedP50Ms: number;
  asShippedP95Ms: number;
  asShippedCpuP50Ms: number;
  /** 1-minute load average during the run: wall times above are inflated when it exceeds the cores. */
  loadAverage: number;
  presses: number;
  bytesPerFrame: number;
  heapMB: number;
  mountedRows: number;
  targets: typeof TARGETS;
  pass: boolean;
}

const round = (x: number) => Math.round(x * 100) / 100;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export async function benchTui(steps = 10_000, presses = 200): Promise<TuiBenchResult> {
  // React picks its build when first imported; Ink checks CI when imported: both are loaded lazily here.
  process.env.NODE_ENV ??= 'production';
  delete process.env.CI;
  const React = await import('react');
  const { render } = await import('ink');
  const { Root } = await import('../components/App.js');
  const { darkTheme } = await import('../themes/palettes/dark.js');
  const { timelineRowStats } = await import('../components/panes/TimelineRowView.js');
  const { ScreenWriter } = await import('../components/screen.js');
  const { shareInkOutputCaches } = await import('../components/ink-output-cache.js');

  const traj = syntheticTrajectory(steps);
  const t0 = performance.now();
  const payload = buildLoadedPayload(traj);
  const loadPayloadMs = performance.now() - t0;
  const store: AppStore = createStore(reducer, initialState());
  const path = '/bench/synthetic';
  store.dispatch({
    type: 'discovery/runs',
    runs: [{ path, format: 'synthetic', steps, verdict: false, size: 1 }],
  });
  store.dispatch({ type: 'runs/select', path });
  store.dispatch({ type: 'load/done', path, payload });
  store.dispatch({ type: 'focus/set', pane: 'timeline' });
  store.flush();

  const stdout = new FakeStdout(120, 40);
  const stdin = new FakeStdin();
  const first = stdout.nextWrite();
  const t1 = performance.now();
  // The same path as tui-main: Ink in debug mode hands whole frames to the ScreenWriter.
  const writer = new ScreenWriter(stdout as unknown as NodeJS.WriteStream);
  const app = render(React.createElement(Root, { store, theme: darkTheme, onCommand: () => {} }), {
    stdout: writer as unknown as NodeJS.WriteStream,
    stdin: stdin as unknown as NodeJS.ReadStream,
    debug: true,
    patchConsole: false,
    exitOnCtrlC: false,
  });
  await first;
  const firstFrameMs = performance.now() - t1;
  // The viewport report (useViewport) causes one more frame; let it settle.
  await sleep(100);

  // Same app, same run, back to back: Ink as shipped, then with its output caches shared across frames
  // (what tui-main installs), so the ratio is measured under the same machine load.
  const measure = async () => {
    const lat: number[] = [];
    const cpu: number[] = [];
    for (let i = 0; i < presses; i++) {
      const frame = stdout.nextWrite();
      const c = process.cpuUsage();
      const t = performance.now();
      stdin.write('j');
      await frame;
      lat.push(performance.now() - t);
      const d = process.cpuUsage(c);
      cpu.push((d.user + d.system) / 1000);
      // Human pace: past the store's 16 ms frame coalescing, so each press starts from idle.
      await sleep(40);
    }
    return { lat: lat.sort((a, b) => a - b), cpu: cpu.sort((a, b) => a - b) };
  };
  const asShipped = await measure();
  const shared = await shareInkOutputCaches();
  const bytes0 = stdout.bytes;
  const { lat, cpu } = await measure();
  const bytesPerFrame = (stdout.bytes - bytes0) / presses;
  const mountedRows = timelineRowStats.mounted;
  (globalThis as { gc?: () => void }).gc?.();
  const heapMB = process.memoryUsage().heapUsed / 2 ** 20;
  app.unmount();

  const q = (p: number, xs = lat) => xs[Math.min(xs.length - 1, Math.floor(p * xs.length))];
  const r: TuiBenchResult = {
    steps,
    terminal: '120x40',
    reactBuild: process.env.NODE_ENV === 'production' ? 'production' : 'development',
    loadPayloadMs: round(loadPayloadMs),
    firstFrameMs: round(firstFrameMs),
    keypressP50Ms: round(q(0.5)),
    keypressP95Ms: round(q(0.95)),
    keypressMaxMs: round(lat[lat.length - 1]),
    keypressCpuP50Ms: round(q(0.5, cpu)),
    keypressCpuP95Ms: round(q(0.95, cpu)),
    inkCachesShared: shared,
    asShippedP50Ms: round(q(0.5, asShipped.lat)),
    asShippedP95Ms: round(q(0.95, asShipped.lat)),
    asShippedCpuP50Ms: round(q(0.5, asShipped.cpu)),
    loadAverage: round(os.loadavg()[0]),
    presses,
    bytesPerFrame: Math.round(bytesPerFrame),
    heapMB: Math.round(heapMB),
    mountedRows,
    targets: TARGETS,
    pass: false,
  };
  r.pass =
    r.firstFrameMs < TARGETS.firstFrameMs && r.keypressP95Ms < TARGETS.p95Ms && r.heapMB < TARGETS.heapMB;
  return r;
}

if (isEntryPoint(import.meta.url)) {
  benchTui().then(
    (r) => {
      console.log(JSON.stringify(r, null, 2));
      process.exit(r.pass ? 0 : 1);
    },
    (e: unknown) => {
      console.error(e);
      process.exit(1);
    },
  );
}
