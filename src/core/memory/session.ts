// Memory during one diagnosis: the prompt block at the start, online extraction every N steps or T new
// tokens (one at a time, not blocking the diagnosis, paid from its budget), and a last one at the end.
import type { ChatModel, LoopStep } from '../diagnosis/llm/controller/loop.js';
import type { DiagnosisListener } from '../diagnosis/llm/events.js';
import { redact } from '../llm/redact.js';
import type { Trajectory } from '../model/trajectory.js';
import { extractionRequest, parseLessons } from './extract.js';
import { renderForPrompt } from './render.js';
import type { MemorySettings } from './settings.js';
import type { MemoryStore } from './store.js';

export interface SessionRun {
  llm: ChatModel;
  emit: DiagnosisListener;
  secrets?: string[];
}

type Moment = Omit<LoopStep, 'step'>;

export class MemorySession {
  /** Lessons this run stored (before duplicates merge). */
  stored = 0;
  extractions = 0;
  private run: SessionRun | null = null;
  private inFlight: Promise<void> | null = null;
  private lastStep = 0;
  private lastTokens = 0;

  constructor(
    readonly store: MemoryStore,
    readonly settings: MemorySettings,
    readonly traj: Trajectory,
  ) {}

  get key(): string {
    return this.store.key;
  }

  private warn(phase: 'online' | 'final' | 'load', warning: string): void {
    this.run?.emit({ type: 'memory', phase, stored: 0, warning: redact(warning, this.run.secrets ?? []) });
  }

  /** Starts the session for a run and returns the memory block for its prompt (empty when none). */
  async start(run: SessionRun): Promise<string> {
    this.run = run;
    try {
      // Being shown is not counted as a use: every lesson is shown, and counting it would keep new
      // lessons from ever outranking old ones under the size cap.
      return renderForPrompt(this.key, await this.store.entries(), this.settings.promptChars).text;
    } catch (e) {
      this.warn('load', `memory not used: ${(e as Error).message.split('\n')[0]}`);
      return '';
    }
  }

  /** The loop's step hook. */
  readonly onStep = (s: LoopStep): void => {
    const { everySteps, everyTokens } = this.settings;
    if (this.inFlight || !this.run) return;
    const bySteps = everySteps > 0 && s.step - this.lastStep >= everySteps;
    const byTokens = everyTokens > 0 && s.budget.tokens - this.lastTokens >= everyTokens;
    if (!bySteps && !byTokens) return;
    this.lastStep = s.step;
    this.lastTokens = s.budget.tokens;
    this.inFlight = this.extract('online', s).finally(() => {
      this.inFlight = null;
    });
  };

  /** After the diagnosis: wait for an online extraction, then extract once more (not after an abort). */
  async finish(s: Moment & { status: string }): Promise<void> {
    await this.inFlight;
    if (!this.run || s.status === 'aborted' || s.signal.aborted) return;
    if (!s.transcript.messages.some((m) => m.role === 'assistant')) return;
    await this.extract('final', s);
  }

  private async extract(phase: 'online' | 'final', s: Moment & { status?: string }): Promise<void> {
    const run = this.run!;
    const over = s.budget.exceeded();
    if (over) return this.warn(phase, `memory extraction skipped: ${over}`);
    try {
      const messages = extractionRequest({
        agent: this.key,
        traj: this.traj,
        messages: s.transcript.messages,
        labelsText: s.ctx.state.labelsText(),
        known: await this.store.entries(),
        phase,
        status: s.status,
      });
      this.extractions++;
      const r = await run.llm.chat({ messages }, { signal: s.signal });
      s.budget.add(r.usage, r.cost);
      run.emit({
        type: 'usage',
        call: s.budget.calls,
        usage: r.usage,
        cost: r.cost,
        totalUsage: s.budget.usage,
        totalCost: s.budget.cost,
      });
      const parsed = parseLessons(r.content, this.traj);
      // A model that echoes the API key must not write it to disk.
      parsed.lessons = parsed.lessons.map((l) => ({ ...l, text: redact(l.text, run.secrets ?? []) }));
      for (const w of parsed.warnings) this.warn(phase, `memory: ${w}`);
      if (parsed.lessons.length) await this.store.addLessons(parsed.lessons, this.traj.id);
      this.stored += parsed.lessons.length;
      run.emit({ type: 'memory', phase, stored: parsed.lessons.length });
    } catch (e) {
      if (s.signal.aborted) return;
      this.warn(phase, `memory extraction failed: ${(e as Error).message.split('\n')[0]}`);
    }
  }
}
