// `codetracer batch --manifest M --output DIR`: diagnose every run of a manifest in one process, N at a
// time, through the same pipeline as `analyze`; DIR/<traj_id>/ per run (what `eval --pred DIR` reads) and
// DIR/summary.json, rewritten as runs finish.
import path from 'node:path';
import { promises as fs } from 'node:fs';
import type { Command } from 'commander';
import { llmConfigured } from '../../core/config/resolve.js';
import { inShard, parseShard, type Shard } from '../../core/batch/shard.js';
import { tryReadBatchManifest } from '../../core/batch/manifest.js';
import { runPool } from '../../core/batch/pool.js';
import { entryLine, statusLine, summaryTable } from '../../core/batch/progress.js';
import { FAILED, SummaryWriter, previousEntries, type SummaryEntry } from '../../core/batch/summary.js';
import { CodetracerError, fromFsError } from '../../core/io/errors.js';
import { connectLlm } from '../../core/llm/connect.js';
import { formatCost } from '../../core/llm/cost.js';
import { parsePositive } from '../args.js';
import { useColor, type CliContext } from '../context.js';
import { DEFAULT_PROFILE, parseProfiles, type DiagnoseOptions } from '../diagnose.js';
import { addLlmOptions, configFromOptions } from '../llm-options.js';
import { makeStyle } from '../style.js';
import { entryFor, makeRunOne } from '../batch-run.js';
import { onInterrupt } from '../interrupt.js';
import { addMemoryOptions, useMemory } from '../memory-options.js';

interface BatchOptions extends DiagnoseOptions {
  manifest?: string;
  root?: string;
  output?: string;
  parallel: string;
  budget?: string;
  timeout?: string;
  resume?: boolean;
  shard?: string;
}

export function register(program: Command, ctx: CliContext): void {
  const cmd = program
    .command('batch')
    .description('diagnose every run of a manifest (.jsonl / .parquet) in one process, N at a time')
    .requiredOption(
      '-m, --manifest <file>',
      'rows with traj_id and path (or CodeTraceBench source_relpath / artifact_path)',
    )
    .option('-r, --root <dir>', 'folder the manifest paths are relative to (default: the manifest folder)')
    .requiredOption('-o, --output <dir>', 'write DIR/<traj_id>/ per run and DIR/summary.json')
    .option('-j, --parallel <n>', 'runs diagnosed at the same time', '4')
    .option(
      '-p, --profile <p>',
      'tracebench|detailed|rl_feedback|all, comma-separated allowed (default: all)',
    )
    .option(
      '--budget <usd>',
      'start no new run once the batch has cost this much (USD; --cost-limit is per run)',
    )
    .option('--timeout <seconds>', 'abort a run after this long (its labels so far are written)')
    .option('--resume', 'skip runs whose outputs exist and validate')
    .option('--shard <i/n>', 'only the i-th of n deterministic slices of the manifest')
    .option('--offline', 'use the heuristic diagnoser even if an LLM is configured');
  addMemoryOptions(addLlmOptions(cmd))
    .addHelpText(
      'after',
      '\nOnly traj_id and the run path of a row are used: gold fields (stages, incorrect_stages, solved, ...)' +
        '\nnever reach the diagnoser; a manifest with gold labels makes the batch an evaluation: memory is off' +
        '\nunless --memory is given. Exit code 1 when a run failed, a row was bad or a run was not started' +
        '\n(budget); 130 after Ctrl-C (finished outputs are kept: run again with --resume).',
    )
    .action((opts: BatchOptions) => runBatch(opts, ctx));
}

async function runBatch(opts: BatchOptions, ctx: CliContext): Promise<void> {
  const io = ctx.io;
  const st = makeStyle(useColor(io));
  const parallel = Math.floor(parsePositive(opts.parallel, '--parallel'));
  const budget = opts.budget !== undefined ? parsePositive(opts.budget, '--budget') : undefined;
  const timeoutS = opts.timeout !== undefined ? parsePositive(opts.timeout, '--timeout') : undefined;
  const shard: Shard | undefined = opts.shard !== undefined ? parseShard(opts.shard) : undefined;
  const profiles = parseProfiles(opts.profile ?? DEFAULT_PROFILE);
  const manifestPath = path.resolve(io.cwd, opts.manifest!);
  const output = path.resolve(io.cwd, opts.output!);
  const root = path.resolve(io.cwd, opts.root ?? path.dirname(manifestPath));
  const cfg = await configFromOptions(opts, io);

  const manifest = await tryReadBatchManifest(manifestPath, root);
  if (!manifest.items.length && manifest.problems.length === 1 && !manifest.problems[0].trajId) {
    throw new CodetracerError('invalid_data', manifest.problems[0].reason);
  }
  // Gold labels in the manifest: an evaluation, so memory stays off unless asked for (see memory-options).
  opts.goldManifest = !!manifest.hasGold;
  const items = manifest.items.filter((i) => inShard(i.trajId, shard));
  const rowProblems = manifest.problems.filter((p) => p.trajId !== undefined && inShard(p.trajId, shard));
  const lineProblems = manifest.problems.filter((p) => p.trajId === undefined);
  try {
    await fs.mkdir(output, { recursive: true });
  } catch (e) {
    throw fromFsError(e, output);
  }

  // Ctrl-C once: start nothing new, abort the running diagnoses (they write their labels); twice: exit now.
  const stop = new AbortController();
  let tty = io.isTTY;
  let statusShown = false;
  const clearStatus = () => {
    if (statusShown) io.stderr('\r\x1b[K');
    statusShown = false;
  };
  const say = (line: string) => {
    clearStatus();
    io.stderr(line.endsWith('\n') ? line : line + '\n');
  };
  const stopListening = onInterrupt(
    stop,
    () =>
      say('codetracer: interrupted: no new runs start; running ones are stopping (Ctrl-C again to quit now)'),
    clearStatus,
  );
  try {
    const llm = opts.offline || !llmConfigured(cfg) ? null : await connectLlm(cfg, stop.signal);
    const diagnoser = llm ? `llm ${llm.model}` : 'heuristic';
    io.stdout(
      (llm
        ? `using the LLM diagnoser (${llm.model} at ${llm.endpoint()})`
        : opts.offline
          ? '--offline: using the heuristic diagnoser'
          : 'no LLM configured (set CODETRACER_API_KEY): using the heuristic diagnoser (offline)') +
        `; ${items.length} run(s)${shard ? ` in shard ${shard.index}/${shard.count}` : ''}, ${parallel} at a time` +
        (llm ? memoryNote(useMemory(cfg, opts), opts.goldManifest) : '') +
        '\n',
    );
    for (const p of lineProblems)
      say(`codetracer: warning: ${p.reason.startsWith(p.where) ? p.reason : `${p.where}: ${p.reason}`}`);
    for (const p of rowProblems) say(`codetracer: ${p.trajId}: ${p.where}: ${p.reason}`);

    const previous = opts.resume ? await previousEntries(output) : new Map<string, SummaryEntry>();
    // Manifest order: finished entries replace their placeholder as they come in.
    const order = [...items.map((i) => i.trajId), ...rowProblems.map((p) => p.trajId!)];
    const byId = new Map<string, SummaryEntry>();
    for (const i of items) byId.set(i.trajId, entryFor(i, 'not_started', 'not started yet'));
    for (const p of rowProblems) {
      byId.set(
        p.trajId!,
        entryFor({ trajId: p.trajId! }, /not found/.test(p.reason) ? 'failed' : 'skipped', p.reason),
      );
    }
    const summary = new SummaryWriter(output, {
      codetracer_batch: 1,
      manifest: manifestPath,
      diagnoser,
      shard: shard ? `${shard.index}/${shard.count}` : null,
      started_at: new Date().toISOString(),
      finished: false,
      interrupted: false,
      runs: [],
      problems: lineProblems.map((p) => ({ where: p.where, reason: p.reason })),
    });
    const syncRuns = () => {
      summary.doc.runs = order.map((id) => byId.get(id)!);
    };
    syncRuns();
    await summary.flush();

    // Counters for the progress line.
    const t0 = performance.now();
    let running = 0;
    let done = 0;
    let failed = rowProblems.length;
    let cost = 0;
    const total = items.length + rowProblems.length;
    const draw = () => {
      if (!tty) return;
      const line = statusLine({
        total,
        done,
        failed,
        running,
        cost,
        elapsedS: (performance.now() - t0) / 1000,
      });
      io.stderr(`\r\x1b[K${line.slice(0, Math.max(20, (process.stderr.columns ?? 120) - 1))}`);
      statusShown = true;
    };
    const ticker = tty ? setInterval(draw, 500) : undefined;
    ticker?.unref?.();

    // Diagnosis messages ("diagnosis ended: ...") go through `say`; per-event lines would flood a batch.
    const inner: CliContext = { io: { ...io, isTTY: false, stderr: (s) => say(s) }, exitCode: 0 };
    const runOne = makeRunOne({
      output,
      profiles,
      cfg,
      llm,
      opts,
      ctx: inner,
      st,
      previous,
      resume: !!opts.resume,
    });

    let finishedCount = 0;
    const result = await runPool({
      items,
      parallel,
      budget,
      timeoutS,
      stop: stop.signal,
      runOne,
      onStart: () => {
        running++;
        draw();
      },
      onFinish: (e) => {
        running--;
        finishedCount++;
        if (FAILED.has(e.status)) failed++;
        else done++;
        cost += e.cost ?? 0;
        byId.set(e.traj_id, e);
        syncRuns();
        void summary.flush();
        if (tty) draw();
        else io.stdout(entryLine(e, finishedCount, items.length) + '\n');
      },
    });
    clearInterval(ticker);
    clearStatus();
    tty = false;
    for (const e of result.entries) byId.set(e.traj_id, e);
    syncRuns();
    summary.doc.finished = true;
    summary.doc.interrupted = stop.signal.aborted;
    await summary.flush();

    io.stdout('\n' + summaryTable(summary.doc.runs));
    const notStarted = summary.doc.runs.filter((r) => r.status === 'not_started').length;
    const bad = summary.doc.runs.filter((r) => FAILED.has(r.status)).length;
    io.stdout(
      `${summary.doc.runs.length - bad - notStarted} completed, ${bad} failed, ${notStarted} not started; ` +
        `cost ${llm ? formatCost(result.cost) : '$0 (heuristic)'}; summary: ${summary.file}\n`,
    );
    if (result.budgetReached && notStarted)
      say(
        `codetracer: budget of $${budget} reached: ${notStarted} run(s) not started (run again with --resume)`,
      );
    if (stop.signal.aborted) {
      say(`codetracer: interrupted: ${notStarted} run(s) not started; run again with --resume to finish`);
      ctx.exitCode = 130;
    } else if (bad || notStarted || lineProblems.length) ctx.exitCode = 1;
  } finally {
    stopListening();
  }
}

function memoryNote(on: boolean, gold: boolean | undefined): string {
  if (on) return '; memory on';
  return gold
    ? '; memory off (evaluation: the manifest has gold labels; --memory turns it on)'
    : '; memory off';
}
