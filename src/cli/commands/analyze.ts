// `codetracer analyze RUN`: diagnose a run and write the profile outputs (never into the run's files).
import path from 'node:path';
import type { Command } from 'commander';
import { CodetracerError } from '../../core/io/errors.js';
import { locate, openRun } from '../../core/formats/open.js';
import type { Trajectory } from '../../core/model/trajectory.js';
import { heuristicDiagnosis, llmDiagnosis } from '../../core/analyze/diagnose.js';
import type { Diagnosis } from '../../core/profiles/diagnosis.js';
import { prepareDiagnosis } from '../../core/profiles/convert.js';
import {
  PROFILE_FILES,
  PROFILE_NAMES,
  isProfileName,
  type ProfileName,
} from '../../core/profiles/schemas.js';
import { writeProfiles } from '../../core/profiles/write.js';
import { assertNotRunFiles, chooseOutputDir, type RunPlace } from '../../core/profiles/location.js';
import { useColor, type CliContext } from '../context.js';
import { makeStyle } from '../style.js';

interface AnalyzeOptions {
  profile: string;
  outputDir?: string;
  format?: string;
  offline?: boolean;
  apiKey?: string;
  json?: boolean;
}

/**
 * Default profile: "all". Every profile is derived from one Diagnosis at no extra cost, and writing all
 * three files means scripts written for either upstream file (README's codetracer_labels.json, batch's
 * codetracer_analysis.json) find theirs — the upstream default (detailed only) broke its own `run`.
 */
export const DEFAULT_PROFILE = 'all';

export function parseProfiles(v: string): ProfileName[] {
  const parts = v
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
  if (parts.includes('all')) return [...PROFILE_NAMES];
  const bad = parts.filter((p) => !isProfileName(p));
  if (bad.length || !parts.length) {
    throw new CodetracerError('usage', `--profile expects ${PROFILE_NAMES.join('|')}|all, got "${v}"`);
  }
  return [...new Set(parts as ProfileName[])];
}

/** An LLM key is given by flag or environment. (The lead may swap in config/resolve.ts here.) */
function llmKeyGiven(opts: AnalyzeOptions, env: NodeJS.ProcessEnv): boolean {
  const set = (v: string | undefined) => v !== undefined && v.trim() !== '';
  return set(opts.apiKey) || set(env.CODETRACER_API_KEY) || set(env.OPENAI_API_KEY);
}

export function register(program: Command, ctx: CliContext): void {
  program
    .command('analyze')
    .description(
      'diagnose a run and write output profile files (heuristic diagnoser when no LLM is configured)',
    )
    .argument('<run>', 'run directory, file, file#N (Nth run of a multi-run file) or archive!/inner/path')
    .option(
      '-p, --profile <p>',
      `tracebench|detailed|rl_feedback|all (comma-separated allowed)`,
      DEFAULT_PROFILE,
    )
    .option(
      '-o, --output-dir <dir>',
      'write to <dir>/<traj id>/ (default: <run>/codetracer/, else the user cache)',
    )
    .option('-f, --format <id>', 'force a format instead of detecting it')
    .option('--offline', 'do not use an LLM even if one is configured')
    .option('--api-key <key>', 'LLM API key (else CODETRACER_API_KEY / OPENAI_API_KEY)')
    .option('--json', 'print what was written as JSON')
    .action(async (given: string, opts: AnalyzeOptions) => {
      const profiles = parseProfiles(opts.profile);
      const io = ctx.io;
      // Relative addresses are relative to the caller's cwd (in-process callers pass their own).
      const run = path.resolve(io.cwd, given);
      const st = makeStyle(useColor(io));
      const wantLlm = !opts.offline && llmKeyGiven(opts, io.env);
      const trajs = await openRun(run, { format: opts.format });
      if (!trajs.length) throw new CodetracerError('invalid_data', 'no run found here', run);
      const loc = await locate(run);
      const fsPath = loc.src.kind === 'fs' ? loc.path : null;
      const multi = trajs.length > 1 || loc.index !== undefined;

      let modeLine = opts.offline
        ? '--offline: using the heuristic diagnoser'
        : 'no LLM configured: using the heuristic diagnoser (offline)';
      const results: Record<string, unknown>[] = [];
      let failed = 0;
      for (const traj of trajs) {
        let diagnosis: Diagnosis | null = null;
        if (wantLlm) {
          diagnosis = await llmDiagnosis(traj);
          modeLine = diagnosis
            ? `using the LLM diagnoser (${diagnosis.diagnoser})`
            : 'LLM diagnosis not available yet; using the heuristic diagnoser';
        }
        if (results.length === 0 && failed === 0 && !opts.json) io.stdout(modeLine + '\n');
        try {
          diagnosis ??= await heuristicDiagnosis(traj);
          const place: RunPlace = {
            fsPath,
            kind: loc.kind,
            address: addressKey(run, fsPath, traj),
            trajId: traj.id,
            multi,
          };
          const out = await chooseOutputDir(place, { outputDir: opts.outputDir, env: io.env, cwd: io.cwd });
          await assertNotRunFiles(
            profiles.map((p) => `${out.dir}/${PROFILE_FILES[p]}`),
            place,
          );
          const written = await writeProfiles(diagnosis, traj, out.dir, profiles, { address: run });
          const summary = countLabels(diagnosis, traj);
          results.push({
            traj_id: traj.id,
            diagnoser: diagnosis.diagnoser,
            dir: out.dir,
            place: out.place,
            ...summary,
            files: written.files,
            warnings: written.warnings,
          });
          if (!opts.json) {
            io.stdout(
              `${st.bold(traj.id)}: ${summary.incorrect} incorrect, ${summary.unuseful} unuseful of ${traj.steps.length} steps` +
                (summary.first_incorrect !== null
                  ? ` (first incorrect: step ${summary.first_incorrect})`
                  : '') +
                '\n',
            );
            if (out.place === 'cache')
              io.stdout(st.dim(`  not writing beside the run (${out.reason}); using the user cache\n`));
            for (const p of profiles) io.stdout(`  wrote ${written.files[p]}\n`);
          }
          for (const w of written.warnings) io.stderr(`codetracer: ${traj.id}: ${w}\n`);
        } catch (e) {
          if (!(e instanceof CodetracerError) || trajs.length === 1) throw e;
          failed++;
          io.stderr(`codetracer: ${traj.id}: ${e.oneLine()}\n`);
        }
      }
      if (opts.json) io.stdout(JSON.stringify({ mode: modeLine, runs: results }, null, 2) + '\n');
      if (failed) ctx.exitCode = 1;
    });
}

/** The cache folder is keyed by the absolute run path plus which run of a multi-run file it is. */
function addressKey(run: string, fsPath: string | null, traj: Trajectory): string {
  return `${fsPath ?? run}#${traj.id}`;
}

function countLabels(d: Diagnosis, traj: Trajectory) {
  // The same one-label-per-existing-step view the written files are made from.
  const labels = prepareDiagnosis(d, traj).labels;
  const inc = labels.filter((l) => l.verdict === 'incorrect').map((l) => l.stepId);
  return {
    incorrect: inc.length,
    unuseful: labels.filter((l) => l.verdict === 'unuseful').length,
    first_incorrect: inc.length ? Math.min(...inc) : null,
  };
}
