// Pausing a diagnosis without touching the loop: the loop's model is wrapped so every LLM call first
// waits at a gate. Paused = the next call does not start until resume (or abort).
import type { ChatModel } from '../core/diagnosis/llm/controller/loop.js';

export class PauseGate {
  private waiters: (() => void)[] = [];
  paused = false;

  pause(): void {
    this.paused = true;
  }

  resume(): void {
    this.paused = false;
    const w = this.waiters;
    this.waiters = [];
    for (const fn of w) fn();
  }

  /** Resolves at once when open; else on resume. Rejects when `signal` aborts while waiting. */
  wait(signal?: AbortSignal): Promise<void> {
    if (!this.paused) return Promise.resolve();
    if (signal?.aborted) return Promise.reject(new Error('aborted'));
    return new Promise((resolve, reject) => {
      const onAbort = () => {
        this.waiters = this.waiters.filter((w) => w !== done);
        reject(new Error('aborted'));
      };
      const done = () => {
        signal?.removeEventListener('abort', onAbort);
        resolve();
      };
      this.waiters.push(done);
      signal?.addEventListener('abort', onAbort, { once: true });
    });
  }
}

/** The same model, but each chat() waits at the gate first. */
export function gatedModel(inner: ChatModel, gate: PauseGate, signal?: AbortSignal): ChatModel {
  return {
    get model() {
      return inner.model;
    },
    async chat(req, h) {
      await gate.wait(h?.signal ?? signal);
      return inner.chat(req, h);
    },
  };
}
