// Learning an unknown run's format with the LLM, for `skills generate` and `inspect/analyze --learn-format`.
import path from 'node:path';
import { llmConfigured } from '../core/config/resolve.js';
import { discoverAll } from '../core/discovery/index.js';
import { detect } from '../core/formats/registry.js';
import { locate } from '../core/formats/open.js';
import { learnFormat, type GenerateResult } from '../core/formats/spec/generate.js';
import { skillsDir } from '../core/formats/spec/store.js';
import { CodetracerError } from '../core/io/errors.js';
import { connectLlm } from '../core/llm/connect.js';
import { formatCost } from '../core/llm/cost.js';
import type { CliIO } from './context.js';
import { configFromOptions, type LlmOptionValues } from './llm-options.js';

export interface LearnOptions extends LlmOptionValues {
  id?: string;
  attempts?: number;
}

/**
 * Learn the format of the run at `address` and save it as a skill. `onlyIfUnknown`: do nothing (null) when
 * a format already reads the run. Progress goes to stderr; failures are one-line CodetracerErrors.
 */
export async function learnRunFormat(
  address: string,
  o: LearnOptions,
  io: CliIO,
  onlyIfUnknown: boolean,
): Promise<GenerateResult | null> {
  const loc = await locate(path.resolve(io.cwd, address));
  const known = (await detect(loc)).format;
  if (known) {
    if (onlyIfUnknown) return null;
    throw new CodetracerError(
      'usage',
      `the ${known.title} format (${known.id}) already reads this run; nothing to learn`,
      loc.src.display(loc.path),
    );
  }
  // A folder holding runs is a root to search, not an unknown run.
  if (
    onlyIfUnknown &&
    loc.kind === 'dir' &&
    loc.src.kind === 'fs' &&
    (await discoverAll([loc.path])).runs.length
  )
    return null;
  const cfg = await configFromOptions(o, io);
  if (!llmConfigured(cfg))
    throw new CodetracerError(
      'usage',
      'learning a format needs an LLM: set CODETRACER_API_KEY (and CODETRACER_API_BASE / CODETRACER_MODEL)',
    );
  const llm = await connectLlm(cfg);
  const dir = skillsDir(io.env);
  io.stderr(`codetracer: learning the format of ${loc.src.display(loc.path)} with ${llm.model}\n`);
  const r = await learnFormat(loc, {
    llm,
    attempts: o.attempts,
    id: o.id,
    skillsDir: dir,
    log: (line) => io.stderr(`codetracer: ${line}\n`),
  });
  const cost = r.usage.cost === null ? '' : `, ${formatCost(r.usage.cost)}`;
  if (!r.spec) {
    const last = r.rejected[r.rejected.length - 1] ?? [];
    throw new CodetracerError(
      'invalid_data',
      `no usable spec after ${r.attempts} attempt(s) (${r.usage.input + r.usage.output} tokens${cost}); last problem: ${last[0] ?? 'none'}`,
      loc.src.display(loc.path),
    );
  }
  io.stderr(
    `codetracer: learned format "${r.spec.id}" (${r.traj?.steps.length ?? 0} steps; ${r.usage.input + r.usage.output} tokens${cost}); saved to ${r.dir}\n`,
  );
  return r;
}

/**
 * The error of a run no format reads, with the offer to learn the format when an LLM is configured;
 * any other error unchanged.
 */
export async function withLearnOffer(e: unknown, address: string, io: CliIO): Promise<unknown> {
  if (!(e instanceof CodetracerError) || (e.code !== 'unknown_format' && e.code !== 'invalid_data')) return e;
  try {
    const loc = await locate(path.resolve(io.cwd, address));
    if ((await detect(loc)).format) return e;
    if (!llmConfigured(await configFromOptions({}, io))) return e;
  } catch {
    return e;
  }
  return new CodetracerError(e.code, `${e.message} (--learn-format lets the LLM learn this format)`, e.file);
}
