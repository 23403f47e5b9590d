// `codetracer discover ROOT…`: list the runs under folders and archives, as a table or JSON.
import { promises as fs } from 'node:fs';
import path from 'node:path';
import type { Command } from 'commander';
import { CodetracerError } from '../../core/io/errors.js';
import { formatIds } from '../../core/formats/registry.js';
import { parseAddress } from '../../core/formats/open.js';
import {
  compareAddresses,
  discover,
  type DiscoveredRun,
  type DiscoveryProblem,
} from '../../core/discovery/index.js';
import { useColor, type CliContext } from '../context.js';
import { guidedRuns, type GuidedCliOptions } from '../discover-llm.js';
import { addLlmOptions } from '../llm-options.js';
import { makeStyle, type Style } from '../style.js';

interface DiscoverCliOptions extends GuidedCliOptions {
  json?: boolean;
  maxDepth?: string;
  skip: string[];
  archives: boolean;
}

const collect = (v: string, prev: string[]) => [...prev, v];

export function register(program: Command, ctx: CliContext): void {
  const cmd = program
    .command('discover')
    .description('find the runs under folders and archives (an LLM looks where markers find nothing)')
    .argument('<root...>', 'folders, run files or archives (.tar, .tar.gz, .tar.zst, .zip) to search')
    .option('--json', 'print a JSON array of {path, format, steps, verdict}')
    .option('--max-depth <n>', 'deepest folder level searched below a root', '10')
    .option('--skip <name>', 'also skip folders with this name (repeatable)', collect, [])
    .option('--no-archives', 'do not look inside archives found under a root')
    .option('--llm', 'also ask the LLM where the runs are under every folder root')
    .option('--no-llm', 'never ask the LLM, even where markers find nothing')
    .option('--offline', 'same as --no-llm')
    .action(async (roots: string[], opts: DiscoverCliOptions) => {
      const maxDepth = parseDepth(opts.maxDepth);
      for (const r of roots) await mustExist(r, ctx.io.cwd);
      const absRoots = roots.map((r) => absolutize(r, ctx.io.cwd));
      const st = makeStyle(useColor(ctx.io));
      const problems: DiscoveryProblem[] = [];
      const onProblem = (p: DiscoveryProblem) => {
        problems.push(p);
        const where = p.path ? `${shortPath(p.path, ctx.io.cwd)}: ` : '';
        ctx.io.stderr(`codetracer: warning: ${where}${p.message}\n`);
      };
      const stream = discover(absRoots, { maxDepth, skip: opts.skip, archives: opts.archives, onProblem });
      const runs: DiscoveredRun[] = [];
      // On a terminal rows appear as runs are found; otherwise the table is sorted and printed at the end.
      const live = !opts.json && ctx.io.isTTY;
      const fmtWidth = Math.max(6, ...formatIds().map((id) => id.length));
      if (live) ctx.io.stdout(header(fmtWidth, st));
      for await (const run of stream) {
        runs.push(run);
        if (live) ctx.io.stdout(row(run, fmtWidth, ctx.io.cwd, st));
      }
      for (const run of await guidedRuns(absRoots, runs, opts, ctx, (p) => shortPath(p, ctx.io.cwd))) {
        runs.push(run);
        if (live) ctx.io.stdout(row(run, fmtWidth, ctx.io.cwd, st));
      }
      runs.sort((a, b) => compareAddresses(a.path, b.path));
      if (opts.json) {
        const out = runs.map((r) => ({ path: r.path, format: r.format, steps: r.steps, verdict: r.verdict }));
        ctx.io.stdout(JSON.stringify(out, null, 2) + '\n');
        return;
      }
      if (!live && runs.length) {
        ctx.io.stdout(header(fmtWidth, st));
        for (const r of runs) ctx.io.stdout(row(r, fmtWidth, ctx.io.cwd, st));
      }
      ctx.io.stdout(total(runs, problems, roots) + '\n');
    });
  // The LLM settings, for guided discovery (used only when a root comes up empty, or with --llm).
  addLlmOptions(cmd);
}

function parseDepth(v: string | undefined): number {
  const n = Number(v);
  if (!Number.isInteger(n) || n < 0)
    throw new CodetracerError('usage', `--max-depth expects a whole number ≥ 0, got "${v}"`);
  return n;
}

function absolutize(root: string, cwd: string): string {
  return path.isAbsolute(root) ? root : path.join(cwd, root);
}

/** A root that does not exist is a usage error (exit 2), not a warning. */
async function mustExist(root: string, cwd: string): Promise<void> {
  const a = parseAddress(absolutize(root, cwd));
  try {
    await fs.stat(a.fsPath);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' || code === 'ENOTDIR')
      throw new CodetracerError('not_found', 'no such file or directory', root);
    throw new CodetracerError('unreadable', (e as Error).message, root);
  }
}

/** The address relative to the cwd when that is shorter (the part inside an archive is kept as is). */
export function shortPath(address: string, cwd: string): string {
  const m = /^(.*?)((?:!\/.*)?(?:#\d+)?)$/.exec(address);
  const fsPart = m?.[1] ?? address;
  const rest = m?.[2] ?? '';
  if (!path.isAbsolute(fsPart)) return address;
  const rel = path.relative(cwd, fsPart) || '.';
  return (rel.length < fsPart.length ? rel : fsPart) + rest;
}

function header(w: number, st: Style): string {
  return st.bold(`${'FORMAT'.padEnd(w)}  ${'STEPS'.padStart(5)}  ${'VERDICT'.padEnd(7)}  PATH`) + '\n';
}

function row(r: DiscoveredRun, w: number, cwd: string, st: Style): string {
  const steps = (r.steps === null ? '?' : String(r.steps)).padStart(5);
  const verdict =
    r.verdict === true ? st.green('solved ') : r.verdict === false ? st.red('failed ') : st.dim('unknown');
  return `${r.format.padEnd(w)}  ${steps}  ${verdict}  ${shortPath(r.path, cwd)}\n`;
}

function total(runs: DiscoveredRun[], problems: DiscoveryProblem[], roots: string[]): string {
  const probs = problems.length
    ? `; ${problems.length} problem${problems.length === 1 ? '' : 's'} reported above`
    : '';
  if (runs.length === 0) return `no runs found under ${roots.join(', ')}${probs}`;
  const byFormat = new Map<string, number>();
  for (const r of runs) byFormat.set(r.format, (byFormat.get(r.format) ?? 0) + 1);
  const parts = [...byFormat]
    .sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))
    .map(([f, n]) => `${n} ${f}`);
  return `${runs.length} run${runs.length === 1 ? '' : 's'} found (${parts.join(', ')})${probs}`;
}
