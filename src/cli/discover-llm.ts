// `discover --llm/--no-llm`: after the marker walk, ask the LLM about folder roots where it found no run
// (or about every folder root with --llm). Without an LLM configured nothing changes (and no config is read
// unless a root came up empty).
import { promises as fs } from 'node:fs';
import { llmConfigured } from '../core/config/resolve.js';
import { guidedDiscover } from '../core/discovery/llm-guided.js';
import type { DiscoveredRun } from '../core/discovery/types.js';
import { connectLlm } from '../core/llm/connect.js';
import { isLlmError } from '../core/llm/errors.js';
import type { CliContext } from './context.js';
import { configFromOptions, type LlmOptionValues } from './llm-options.js';

export interface GuidedCliOptions extends LlmOptionValues {
  /** true: --llm, false: --no-llm, undefined: only where markers found nothing and an LLM is configured. */
  llm?: boolean;
  offline?: boolean;
  skip: string[];
}

const under = (run: string, root: string): boolean =>
  run === root || run.startsWith(root + '/') || run.startsWith(root + '!') || run.startsWith(root + '#');

async function isDir(p: string): Promise<boolean> {
  return (await fs.stat(p).catch(() => null))?.isDirectory() ?? false;
}

/** The runs the LLM found (already checked); warnings and rejected proposals go to stderr, one line each. */
export async function guidedRuns(
  roots: string[],
  found: DiscoveredRun[],
  opts: GuidedCliOptions,
  ctx: CliContext,
  show: (p: string) => string,
): Promise<DiscoveredRun[]> {
  if (opts.offline || opts.llm === false) return [];
  const forced = opts.llm === true;
  const targets: string[] = [];
  for (const r of roots) {
    if (r.includes('!/') || !(await isDir(r))) continue;
    if (forced || !found.some((run) => under(run.path, r))) targets.push(r);
  }
  if (!targets.length) return [];
  const cfg = await configFromOptions(opts, ctx.io);
  if (!forced && !llmConfigured(cfg)) return [];
  const warn = (s: string) => ctx.io.stderr(`codetracer: warning: ${s}\n`);
  let llm;
  try {
    llm = await connectLlm(cfg);
  } catch (e) {
    // Asked for explicitly, no LLM is an error; otherwise discovery just goes without it.
    if (forced || !isLlmError(e)) throw e;
    warn(`LLM-guided discovery skipped: ${e.message}`);
    return [];
  }
  const out: DiscoveredRun[] = [];
  const known = found.map((r) => r.path);
  for (const root of targets) {
    ctx.io.stderr(
      forced
        ? `codetracer: --llm: asking the LLM (${llm.model}) where the runs are under ${show(root)}\n`
        : `codetracer: no runs found by markers under ${show(root)}; asking the LLM (${llm.model}) where they are\n`,
    );
    const r = await guidedDiscover(root, {
      llm,
      maxCalls: Math.min(2, cfg.limits.maxCalls),
      limits: cfg.limits,
      skip: opts.skip,
      known: [...known, ...out.map((x) => x.path)],
      // --time-limit bounds the calls too (setTimeout clamps delays past 2^31-1 ms).
      signal: AbortSignal.timeout(Math.min(cfg.limits.wallClockMs, 2 ** 31 - 1)),
    });
    for (const x of r.rejected) warn(`LLM proposal "${x.path}" rejected: ${x.reason}`);
    for (const x of r.notes) warn(`LLM proposal "${x.path}": ${x.message}`);
    if (r.failure) warn(`LLM-guided discovery under ${show(root)}: ${r.failure}`);
    out.push(...r.runs);
  }
  return out;
}
