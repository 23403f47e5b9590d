// The background controller of the TUI: discovery, opening runs, the file watcher, diagnoses (LLM loop
// or heuristic), ask, label persistence and export. Plain class, typed events, no UI knowledge; the
// bridge turns its events into store actions.
import { EventEmitter } from 'node:events';
import path from 'node:path';
import { llmConfigured, resolveConfig, type ResolvedConfig } from '../core/config/resolve.js';
import { askAboutRun, type AskTurn } from '../core/diagnosis/llm/ask.js';
import type { ChatModel } from '../core/diagnosis/llm/controller/loop.js';
import { discover, type DiscoverOptions, type DiscoveredRun } from '../core/discovery/index.js';
import { parseAddress } from '../core/formats/open.js';
import { isCodetracerError } from '../core/io/errors.js';
import { connectLlm } from '../core/llm/connect.js';
import type { Trajectory } from '../core/model/trajectory.js';
import { assertNotRunFiles, chooseOutputDir } from '../core/profiles/location.js';
import { PROFILE_FILES, PROFILE_NAMES, type ProfileName } from '../core/profiles/schemas.js';
import { writeProfiles } from '../core/profiles/write.js';
import type { ControllerEvents } from './events.js';
import { DEFAULT_MEMORY_SETTINGS } from '../core/memory/settings.js';
import { loadMemoryView, type MemoryViewData } from './memory.js';
import { replayPlan, runTuiReplay, type ReplayHost, type TuiReplayOptions } from './replay.js';
import { VERSION } from '../cli/version.js';
import { guidedForRoots } from './guided.js';
import { openForView, type OpenedRun } from './load.js';
import { PauseGate } from './pause.js';
import { flushHeld, runHeuristic, runLlm, type ActiveDiagnosis, type DiagnosisHost } from './diagnose.js';
import { briefArgs, diagnosisFromLabels } from './text.js';
import { candidateDirs, labelsDirFor, readProfileLabels, restoreLabels, saveHumanLabels } from './persist.js';
import type { Label, LlmAvailability, RunInfo } from './state.js';
import { FsWatcher, classifyChanges, type ChangeKind, type TrackedRun } from './watch.js';

export interface ControllerOptions {
  /** Folders, files or archives to discover runs under (addresses as discovery takes them). */
  roots: string[];
  /** Resolved settings; default: resolved from the environment only (no conf, no config file). */
  config?: ResolvedConfig;
  /** An already connected model (tests, or a client the entry point made). */
  llm?: ChatModel;
  env?: NodeJS.ProcessEnv;
  cwd?: string;
  discover?: DiscoverOptions;
  /** Watch roots, open runs and their output folders (default true). */
  watch?: boolean;
  /** Debounce of the watcher (default 200 ms). */
  debounceMs?: number;
  /** Profile the LLM answers in (default detailed: it carries the most). */
  answerProfile?: ProfileName;
  /** Profiles a diagnosis writes (default all three, as `analyze`). */
  profiles?: ProfileName[];
  /** Where `r` replays (from the codetracer-tui command line); none: the prompt is exported. */
  replay?: TuiReplayOptions;
}

interface RunHandle {
  opened: OpenedRun | null;
  loading: Promise<OpenedRun | null> | null;
  /** The first open (parse + labels + watch) while it runs. */
  opening: Promise<OpenedRun | null> | null;
  /** A change arrived while a (re)load was running: load once more afterwards. */
  reloadAgain: boolean;
  /** Folder the labels file and outputs go to, once chosen. */
  outputDir: string | null;
  /** Key of the machine labels last sent, so an unchanged output file is not merged again. */
  machineKey: string | null;
  /** Serializes label saves of the run. */
  saving: Promise<unknown>;
  askHistory: AskTurn[];
  ask: AbortController | null;
}

/** Labels sent as "machine" are compared by content, not identity. */
const machineKey = (items: readonly Label[]) =>
  JSON.stringify(items.map((l) => [l.stepId, l.verdict, l.reasoning, l.source]));

/** The file-system path an address reads from (the archive for archive!/inner, the file for file#N). */
export const fsPathOf = (address: string): string => path.resolve(parseAddress(address).fsPath);

export class Controller extends EventEmitter<ControllerEvents> {
  private readonly env: NodeJS.ProcessEnv;
  private readonly cwd: string;
  private config: ResolvedConfig | null;
  private llm: ChatModel | null;
  private readonly runs = new Map<string, RunHandle>();
  private readonly known = new Map<string, DiscoveredRun>();
  private readonly active = new Map<string, ActiveDiagnosis>();
  private watcher: FsWatcher | null = null;
  private closed = false;
  /** Work started by watch events, awaited by idle() (tests) and close(). */
  private readonly background = new Set<Promise<unknown>>();

  constructor(private readonly opts: ControllerOptions) {
    super();
    this.env = opts.env ?? process.env;
    this.cwd = opts.cwd ?? process.cwd();
    this.config = opts.config ?? null;
    this.llm = opts.llm ?? null;
  }

  // ------------------------------------------------------------ lifecycle

  /** Announce LLM availability, discover the roots (streamed) and start watching. */
  async start(): Promise<void> {
    this.config ??= await resolveConfig({ env: this.env, confCwd: false });
    this.emit('llm', this.availability());
    if (!this.availability().available) {
      this.emit('status', {
        text: 'no LLM configured (CODETRACER_API_KEY): d runs the heuristic diagnoser',
        level: 'info',
      });
    }
    const watching = this.opts.watch !== false ? this.startWatching() : Promise.resolve();
    await this.discover(this.opts.roots);
    await watching;
  }

  /** The roots given at start (for a refresh). */
  roots(): string[] {
    return [...this.opts.roots];
  }

  availability(): LlmAvailability {
    if (this.llm) return { available: true, model: this.llm.model, reason: null };
    if (this.config && llmConfigured(this.config)) {
      return { available: true, model: this.config.model, reason: null };
    }
    return { available: false, model: null, reason: 'no API key: the heuristic diagnoser is used' };
  }

  /** Abort diagnoses and questions, wait for pending saves, stop watching. */
  async close(): Promise<void> {
    this.closed = true;
    for (const d of this.active.values()) {
      d.gate.resume();
      d.ctrl.abort();
    }
    for (const h of this.runs.values()) h.ask?.abort();
    await Promise.allSettled([...this.active.values()].map((d) => d.done));
    await Promise.allSettled([...this.runs.values()].map((h) => h.saving));
    await this.watcher?.close();
    this.watcher = null;
    if (this.opts.watch !== false) this.emit('watch', { watching: false });
  }

  /** Resolves when the work started by watch events so far has finished (for tests). */
  async idle(): Promise<void> {
    while (this.background.size) await Promise.allSettled([...this.background]);
  }

  private track<T>(p: Promise<T>): Promise<T> {
    this.background.add(p);
    const drop = () => this.background.delete(p);
    p.then(drop, drop);
    return p;
  }

  // ------------------------------------------------------------ discovery

  /** Discover runs under `roots`, streaming them out in small batches. Returns how many were found. */
  async discover(roots: string[], quiet = false): Promise<number> {
    if (!quiet) this.emit('discovery:started', { roots });
    let batch: RunInfo[] = [];
    let count = 0;
    let timer: NodeJS.Timeout | null = null;
    const flush = () => {
      if (timer) clearTimeout(timer);
      timer = null;
      if (!batch.length) return;
      const runs = batch;
      batch = [];
      this.emit('discovery:runs', { runs });
    };
    try {
      for await (const r of discover(roots, {
        ...this.opts.discover,
        onProblem: (p) => {
          this.opts.discover?.onProblem?.(p);
          if (!quiet) this.emit('discovery:problem', p);
        },
      })) {
        if (this.closed) break;
        this.known.set(r.path, r);
        count++;
        batch.push({ path: r.path, format: r.format, steps: r.steps, verdict: r.verdict, size: r.size });
        // Sorting the list costs per dispatch: group what arrives within a frame.
        timer ??= setTimeout(flush, 16);
      }
      flush();
      // Nothing found by markers: an available LLM is asked where the runs are (proposals are checked).
      if (!quiet && count === 0 && !this.closed && this.availability().available) {
        count += await guidedForRoots(roots, {
          connect: async () => (this.llm ??= await connectLlm(this.config!)),
          limits: this.config?.limits ?? null,
          discover: this.opts.discover,
          status: (text, level) => this.emit('status', { text, level }),
          problem: (p) => this.emit('discovery:problem', p),
          found: (r) => {
            this.known.set(r.path, r);
            const { path: p, format, steps, verdict, size } = r;
            this.emit('discovery:runs', { runs: [{ path: p, format, steps, verdict, size }] });
          },
        });
      }
      if (!quiet) this.emit('discovery:done', { count });
    } catch (e) {
      flush();
      const message = e instanceof Error ? e.message.split('\n')[0] : String(e);
      if (!quiet) this.emit('discovery:error', { message });
    }
    return count;
  }

  // ------------------------------------------------------------ opening runs

  private handle(address: string): RunHandle {
    let h = this.runs.get(address);
    if (!h) {
      h = {
        opened: null,
        loading: null,
        opening: null,
        reloadAgain: false,
        outputDir: null,
        machineKey: null,
        saving: Promise.resolve(),
        askHistory: [],
        ask: null,
      };
      this.runs.set(address, h);
    }
    return h;
  }

  /** The opened run (parsed), or null when it is not open (yet) or failed to load. */
  opened(address: string): OpenedRun | null {
    return this.runs.get(address)?.opened ?? null;
  }

  trajectory(address: string): Trajectory | null {
    return this.opened(address)?.payload.traj ?? null;
  }

  /**
   * Open a run: parse it, restore its labels, watch it. Already open: returns it (no re-parse).
   * A failure is reported as a `run:error` event and returns null.
   */
  async open(address: string): Promise<OpenedRun | null> {
    const h = this.handle(address);
    if (h.opened) return h.opened;
    // A second open while the first is under way waits for all of it (labels restored, watched).
    h.opening ??= this.load(address, false)
      .then(async (o) => {
        if (o) {
          await this.restore(address, o);
          await this.watchRun(o);
        }
        return o;
      })
      .finally(() => {
        h.opening = null;
      });
    return h.opening;
  }

  /** Parse again (a run still being written, or changed on disk). Keeps the last good parse on failure. */
  async reload(address: string): Promise<OpenedRun | null> {
    const h = this.handle(address);
    if (h.loading) {
      h.reloadAgain = true;
      return h.loading;
    }
    return this.load(address, true);
  }

  private load(address: string, reload: boolean): Promise<OpenedRun | null> {
    const h = this.handle(address);
    if (!reload) this.emit('run:loading', { path: address });
    const format = this.known.get(address)?.format;
    const p = (async () => {
      try {
        const o = await openForView(address, format);
        h.opened = o;
        this.emit('run:loaded', { path: address, payload: o.payload, reload });
        return o;
      } catch (e) {
        const message = isCodetracerError(e) ? e.oneLine() : e instanceof Error ? e.message : String(e);
        if (isCodetracerError(e) && e.code === 'not_found')
          this.emit('run:removed', { path: address, message });
        this.emit('run:error', { path: address, message });
        return h.opened;
      } finally {
        h.loading = null;
      }
    })();
    h.loading = p;
    return p.then((o) => {
      if (h.reloadAgain) {
        h.reloadAgain = false;
        return this.load(address, true);
      }
      return o;
    });
  }

  private async restore(address: string, o: OpenedRun): Promise<void> {
    const h = this.handle(address);
    try {
      const r = await restoreLabels(o.place, this.env);
      h.machineKey = machineKey(
        r.items.filter((l) => l.source !== 'human' && !l.changedByHuman && !l.accepted),
      );
      if (r.humanFile) h.outputDir = path.dirname(r.humanFile);
      this.emit('labels:loaded', { path: address, items: r.items, file: r.humanFile, origin: r.origin });
    } catch (e) {
      this.emit('status', { text: `labels not restored: ${(e as Error).message}`, level: 'warn' });
    }
  }

  /** The run's output folder (the labels file and diagnosis outputs), chosen as `analyze` does. */
  async outputDir(address: string): Promise<string> {
    const h = this.handle(address);
    if (h.outputDir) return h.outputDir;
    const o = h.opened ?? (await this.open(address));
    if (!o) throw new Error(`${address} is not open`);
    h.outputDir = await labelsDirFor(o.place, { env: this.env, cwd: this.cwd });
    await this.watcher?.add([h.outputDir]);
    return h.outputDir;
  }

  // ------------------------------------------------------------ labels

  /**
   * Write the run's labels file (atomic) and resolve with its path once it is on disk. Saves of one run
   * run one after another, in call order.
   */
  saveLabels(address: string, items: readonly Label[]): Promise<string> {
    const h = this.handle(address);
    const p = h.saving.then(async () => {
      const dir = await this.outputDir(address);
      const o = h.opened;
      if (!o) throw new Error(`${address} is not open`);
      return saveHumanLabels(dir, o.place, items, address);
    });
    h.saving = p.catch(() => undefined);
    return p;
  }

  /**
   * Write the labels as profile files (validated by the profile validators before anything is
   * written) into `folder`/<run key>/ or, when `folder` is empty, the run's output folder. Labels a
   * person changed say so: "[human] " before their reasoning, the diagnoser names the review, and the
   * labels file with the exact flags is written beside them.
   */
  async exportLabels(
    address: string,
    items: readonly Label[],
    profiles: readonly ProfileName[],
    folder = '',
  ): Promise<{ dir: string; files: string[]; warnings: string[] }> {
    const o = this.opened(address) ?? (await this.open(address));
    if (!o) throw new Error(`${address} could not be opened`);
    const traj = o.payload.traj;
    const chosen = profiles.length ? [...profiles] : [...PROFILE_NAMES];
    const dir = folder.trim()
      ? (await chooseOutputDir(o.place, { outputDir: folder.trim(), env: this.env, cwd: this.cwd })).dir
      : await this.outputDir(address);
    await assertNotRunFiles(
      chosen.map((p) => path.join(dir, PROFILE_FILES[p])),
      o.place,
    );
    const diagnosis = diagnosisFromLabels(items, o.payload.stages);
    const written = await writeProfiles(diagnosis, traj, dir, chosen, { address });
    const labelsFile = await saveHumanLabels(dir, o.place, items, address);
    const files = [...Object.values(written.files), labelsFile];
    this.emit('export:done', { path: address, dir, files });
    return { dir, files, warnings: written.warnings };
  }

  // ------------------------------------------------------------ diagnosis

  isDiagnosing(address: string): boolean {
    return this.active.has(address);
  }

  /** Start a diagnosis of the run: the LLM loop when a model is configured, else the heuristic. */
  async startDiagnosis(address: string): Promise<void> {
    if (this.active.has(address)) {
      this.emit('status', { text: 'a diagnosis of this run is already running', level: 'warn' });
      return;
    }
    const o = this.opened(address) ?? (await this.open(address));
    if (!o) return;
    this.config ??= await resolveConfig({ env: this.env, confCwd: false });
    const ctrl = new AbortController();
    const gate = new PauseGate();
    let resolveDone!: () => void;
    const done = new Promise<void>((r) => (resolveDone = r));
    const run: ActiveDiagnosis = { ctrl, gate, held: [], done };
    this.active.set(address, run);
    try {
      if (this.availability().available) await runLlm(this.host(address), o, run);
      else await runHeuristic(this.host(address), o);
    } finally {
      this.active.delete(address);
      resolveDone();
    }
  }

  private host(address: string): DiagnosisHost {
    return {
      address,
      config: this.config!,
      // The host's emit is this emitter's (typed per event in DiagnosisHost).
      emit: this.emit.bind(this) as DiagnosisHost['emit'],
      outputDir: () => this.outputDir(address),
      sendMachine: (items, origin) => this.sendMachine(address, items, origin),
      connect: async (signal) => (this.llm ??= await connectLlm(this.config!, signal)),
      profiles: this.opts.profiles ?? [...PROFILE_NAMES],
      answerProfile: this.opts.answerProfile ?? 'detailed',
      env: this.env,
    };
  }

  /** The Memory view of an open run's agent type; null when the run is not open. */
  async memoryView(address: string): Promise<MemoryViewData | null> {
    const o = this.runs.get(address)?.opened;
    if (!o) return null;
    return loadMemoryView(o.payload.traj, this.config?.memory ?? DEFAULT_MEMORY_SETTINGS, this.env);
  }

  private sendMachine(address: string, items: Label[], origin: string): void {
    const h = this.handle(address);
    h.machineKey = machineKey(items);
    this.emit('labels:machine', { path: address, items, origin });
  }

  /**
   * Pause: stop streaming into the UI at once and hold the next LLM call (the call in flight finishes,
   * its output is kept for resume). The loop's wall-clock limit keeps running while paused.
   */
  pauseDiagnosis(address: string): boolean {
    const d = this.active.get(address);
    if (!d || d.gate.paused) return false;
    d.gate.pause();
    this.emit('diagnosis:status', {
      path: address,
      status: 'paused',
      message: 'paused: the next LLM call waits',
    });
    return true;
  }

  resumeDiagnosis(address: string): boolean {
    const d = this.active.get(address);
    if (!d || !d.gate.paused) return false;
    this.emit('diagnosis:status', { path: address, status: 'running', message: 'resumed' });
    d.gate.resume();
    flushHeld(d);
    return true;
  }

  /** Abort: the call in flight is cancelled; labels recorded so far are written as a partial diagnosis. */
  async abortDiagnosis(address: string): Promise<boolean> {
    const d = this.active.get(address);
    if (!d) return false;
    d.ctrl.abort();
    d.gate.resume();
    await d.done;
    return true;
  }

  // ------------------------------------------------------------ ask

  /** Ask the model about the run with the read-only tools; the answer streams as `ask:delta`. */
  async ask(address: string, question: string): Promise<void> {
    const h = this.handle(address);
    const o = h.opened ?? (await this.open(address));
    if (!o) return;
    if (!this.availability().available) {
      this.emit('ask:started', { path: address, question });
      this.emit('ask:done', {
        path: address,
        error: 'no LLM configured: set CODETRACER_API_KEY to ask questions',
      });
      return;
    }
    h.ask?.abort();
    const ctrl = new AbortController();
    h.ask = ctrl;
    this.emit('ask:started', { path: address, question });
    try {
      this.llm ??= await connectLlm(this.config!, ctrl.signal);
      const r = await askAboutRun(o.payload.traj, question, h.askHistory, {
        llm: this.llm,
        location: o.location,
        signal: ctrl.signal,
        onEvent: (e) => {
          if (e.type === 'text_delta') this.emit('ask:delta', { path: address, text: e.text, tools: [] });
          else if (e.type === 'tool_call') {
            this.emit('ask:delta', {
              path: address,
              text: '',
              tools: [`${e.name} ${briefArgs(e.arguments)}`],
            });
          }
        },
      });
      h.askHistory.push({ role: 'user', text: question }, { role: 'assistant', text: r.answer });
      this.emit('ask:done', { path: address, ...(r.status === 'aborted' ? { error: 'stopped' } : {}) });
    } catch (e) {
      this.emit('ask:done', {
        path: address,
        error: isCodetracerError(e) ? e.oneLine() : (e as Error).message,
      });
    } finally {
      if (h.ask === ctrl) h.ask = null;
    }
  }

  abortAsk(address: string): void {
    this.runs.get(address)?.ask?.abort();
  }

  // ------------------------------------------------------------ replay

  /** The plan of a replay from `stepId`, for the confirmation; null (said in the status) when impossible. */
  async requestReplay(address: string, stepId: number): Promise<string[] | null> {
    this.emit('replay:requested', { path: address, stepId });
    const o = this.opened(address) ?? (await this.open(address));
    if (!o) return null;
    try {
      return await replayPlan(await this.replayHost(address), o, stepId, this.opts.replay ?? {});
    } catch (e) {
      const message = isCodetracerError(e) ? e.oneLine() : (e as Error).message;
      this.emit('status', { text: `replay: ${message}`, level: 'error' });
      return null;
    }
  }

  /** Replay from `stepId` (confirmed): streams like a diagnosis; the recorded run joins the list. */
  async startReplay(address: string, stepId: number): Promise<void> {
    if (this.active.has(address)) {
      this.emit('status', { text: 'a diagnosis or replay of this run is already running', level: 'warn' });
      return;
    }
    const o = this.opened(address) ?? (await this.open(address));
    if (!o) return;
    const ctrl = new AbortController();
    let resolveDone!: () => void;
    const done = new Promise<void>((r) => (resolveDone = r));
    // Held as an active diagnosis: the abort key stops it and quitting asks first.
    this.active.set(address, { ctrl, gate: new PauseGate(), held: [], done });
    try {
      const host = await this.replayHost(address);
      await runTuiReplay(host, o, stepId, this.opts.replay ?? {}, ctrl.signal);
    } finally {
      this.active.delete(address);
      resolveDone();
    }
  }

  private async replayHost(address: string): Promise<ReplayHost> {
    this.config ??= await resolveConfig({ env: this.env, confCwd: false });
    return {
      address,
      config: this.config,
      env: this.env,
      cwd: this.cwd,
      diagnosisDir: this.runs.get(address)?.outputDir ?? null,
      emit: this.emit.bind(this) as ReplayHost['emit'],
      connect: async (signal) => (this.llm ??= await connectLlm(this.config!, signal)),
      version: VERSION,
    };
  }

  // ------------------------------------------------------------ watching

  private async startWatching(): Promise<void> {
    const w = new FsWatcher({ debounceMs: this.opts.debounceMs });
    this.watcher = w;
    w.on('changes', (c) => void this.track(this.onChanges(c)));
    w.on('error', (message) => this.emit('status', { text: `watch: ${message}`, level: 'warn' }));
    await w.add(this.opts.roots.map(fsPathOf));
    this.emit('watch', { watching: true });
  }

  private async watchRun(o: OpenedRun): Promise<void> {
    if (!this.watcher) return;
    const targets = candidateDirs(o.place, this.env);
    if (o.place.fsPath) targets.push(o.place.fsPath);
    await this.watcher.add(targets);
  }

  private tracked(): TrackedRun[] {
    const out: TrackedRun[] = [];
    const seen = new Set<string>();
    for (const [address, h] of this.runs) {
      seen.add(address);
      const o = h.opened;
      const dirs = o ? candidateDirs(o.place, this.env) : [];
      if (h.outputDir && !dirs.includes(h.outputDir)) dirs.push(h.outputDir);
      out.push({
        address,
        fsPath: o?.place.fsPath ?? fsPathOf(address),
        kind: o?.location.kind ?? 'dir',
        outputDirs: dirs,
      });
    }
    for (const address of this.known.keys()) {
      if (!seen.has(address)) out.push({ address, fsPath: fsPathOf(address), kind: 'dir', outputDirs: [] });
    }
    return out;
  }

  private async onChanges(changes: Map<string, ChangeKind>): Promise<void> {
    if (this.closed) return;
    const s = classifyChanges(changes, this.tracked());
    const work: Promise<unknown>[] = [];
    for (const address of s.deleted) {
      this.emit('run:removed', { path: address, message: 'deleted while watched' });
      if (this.runs.get(address)?.opened)
        this.emit('run:error', { path: address, message: 'the run was deleted' });
    }
    for (const address of s.changed) {
      if (this.runs.get(address)?.opened) work.push(this.reload(address));
      else if (this.known.has(address)) work.push(this.discover([fsPathOf(address)], true));
    }
    for (const address of s.outputs) work.push(this.refreshOutputs(address));
    if (s.newDirs.size) work.push(this.discover([...s.newDirs], true));
    await Promise.allSettled(work);
  }

  /** A diagnosis output changed (maybe `codetracer analyze` in another terminal): merge its labels. */
  private async refreshOutputs(address: string): Promise<void> {
    const h = this.runs.get(address);
    const o = h?.opened;
    if (!h || !o) return;
    let newest: Awaited<ReturnType<typeof readProfileLabels>> = null;
    for (const dir of candidateDirs(o.place, this.env)) {
      const m = await readProfileLabels(dir);
      if (m && (!newest || m.mtimeMs > newest.mtimeMs)) newest = m;
    }
    if (!newest || machineKey(newest.items) === h.machineKey) return;
    this.sendMachine(address, newest.items, newest.file);
    this.emit('status', { text: `labels from ${newest.diagnoser} loaded (${newest.file})`, level: 'info' });
  }
}
