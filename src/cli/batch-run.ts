// One manifest row through the diagnosis pipeline, as a summary entry: open the run, skip it when
// --resume finds its outputs done, else diagnose it into <output>/<traj_id>/. Never throws.
import path from 'node:path';
import type { ResolvedConfig } from '../core/config/resolve.js';
import type { BatchItem } from '../core/batch/manifest.js';
import { isRunDone } from '../core/batch/resume.js';
import type { SummaryEntry } from '../core/batch/summary.js';
import { locate, openRun } from '../core/formats/open.js';
import { CodetracerError, isCodetracerError } from '../core/io/errors.js';
import type { connectLlm } from '../core/llm/connect.js';
import { runKey } from '../core/profiles/location.js';
import type { CliContext } from './context.js';
import { diagnoseTrajectory, type DiagnoseOptions, type ProfileChoice } from './diagnose.js';
import type { Style } from './style.js';

export interface RunOneSetup {
  output: string;
  profiles: ProfileChoice;
  cfg: ResolvedConfig;
  llm: Awaited<ReturnType<typeof connectLlm>> | null;
  opts: DiagnoseOptions;
  ctx: CliContext;
  st: Style;
  /** The previous summary's entries (--resume). */
  previous: Map<string, SummaryEntry>;
  resume: boolean;
}

export function entryFor(
  item: { trajId: string },
  status: SummaryEntry['status'],
  error: string,
): SummaryEntry {
  return {
    traj_id: item.trajId,
    status,
    steps: null,
    labels: null,
    tokens: null,
    cost: null,
    duration_s: 0,
    error,
  };
}

export function makeRunOne(
  setup: RunOneSetup,
): (item: BatchItem, ctrl: AbortController) => Promise<SummaryEntry> {
  const { output, profiles, cfg, llm, opts, st, previous } = setup;
  const inner = setup.ctx;
  return async (item, ctrl) => {
    const started = performance.now();
    const took = () => (performance.now() - started) / 1000;
    try {
      const trajs = await openRun(item.address);
      const traj = trajs.length === 1 ? trajs[0] : trajs.find((t) => t.id === item.trajId);
      if (!traj) {
        throw new CodetracerError(
          'invalid_data',
          `${trajs.length} runs here and none is ${item.trajId}; give file#N`,
          item.address,
        );
      }
      const loc = await locate(item.address);
      const dir = path.join(output, runKey(item.trajId));
      const prev = previous.get(item.trajId);
      if (setup.resume && (await isRunDone(dir, traj, profiles.all, prev))) {
        return {
          ...(prev ?? entryFor(item, 'completed', '')),
          status: 'completed',
          error: null,
          steps: traj.steps.length,
          dir,
          resumed: true,
        };
      }
      const r = await diagnoseTrajectory({
        traj,
        loc,
        address: item.address,
        place: {
          fsPath: loc.src.kind === 'fs' ? loc.path : null,
          kind: loc.kind,
          address: item.address,
          trajId: item.trajId,
          multi: false,
        },
        profiles,
        cfg,
        llm,
        opts: { ...opts, outputDir: output },
        ctx: inner,
        ctrl,
        st,
      });
      return {
        traj_id: item.trajId,
        status: r.status as SummaryEntry['status'],
        steps: traj.steps.length,
        labels: r.diagnosis ? r.diagnosis.labels.filter((l) => l.verdict !== 'correct').length : null,
        tokens: r.usage ?? null,
        cost: r.cost ?? null,
        duration_s: took(),
        error: r.error ? r.error.oneLine() : r.status === 'completed' ? null : (r.reason ?? r.status),
        ...(r.out ? { dir: r.out.dir } : {}),
      };
    } catch (e) {
      const msg = isCodetracerError(e)
        ? e.oneLine()
        : e instanceof Error
          ? e.message.split('\n')[0]
          : String(e);
      return { ...entryFor(item, 'failed', msg), duration_s: took() };
    }
  };
}
