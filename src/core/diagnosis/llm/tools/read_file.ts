// Read a file of the run directory through the run's FileSource. Confined to that directory: no "..",
// no absolute paths, no symlink that resolves outside it, a size cap, and no file that would leak a
// previous diagnosis or gold annotations into this one.
import { promises as fs } from 'node:fs';
import path from 'node:path';
import picomatch from 'picomatch';
import { z } from 'zod';
import { isCodetracerError } from '../../../io/errors.js';
import { readText } from '../../../io/read.js';
import { FsSource, dirname, join } from '../../../io/source.js';
import type { ToolContext } from '../context.js';
import { defineTool, fail, ok, type ToolResult } from './types.js';
import { pageFooter, paginate } from './render.js';

export const READ_FILE_MAX_BYTES = 2 * 1024 * 1024;
const MAX_ENTRIES = 200;

// Outputs of earlier diagnoses and annotation files: reading them would let the model copy labels.
const DENY = picomatch(['codetracer_*.json', '*annotation*', 'step_*.jsonl'], {
  nocase: true,
  basename: true,
});

/** The directory read_file is confined to: the run dir, or the folder of a single-file run. */
export function runRoot(ctx: ToolContext): string | null {
  const loc = ctx.location;
  if (!loc) return null;
  return loc.kind === 'dir' ? loc.path : dirname(loc.path);
}

type Resolved = { ok: true; path: string } | { ok: false; error: string };

export async function resolveInsideRun(ctx: ToolContext, rel: string): Promise<Resolved> {
  const root = runRoot(ctx);
  if (!root || !ctx.location) return { ok: false, error: 'this run has no directory to read files from' };
  const p = rel.trim();
  if (p.includes('\0')) return { ok: false, error: 'invalid path' };
  if (p.startsWith('/') || p.startsWith('\\') || /^[A-Za-z]:/.test(p) || p.startsWith('~')) {
    return { ok: false, error: `"${rel}" is absolute; give a path relative to the run directory` };
  }
  const segs = p.split(/[\\/]+/).filter((s) => s !== '' && s !== '.');
  if (segs.includes('..'))
    return { ok: false, error: `"${rel}" leaves the run directory ("..") and is refused` };
  const full = segs.length ? join(root, ...segs) : root;
  const src = ctx.location.src;
  if (src instanceof FsSource) {
    // Symlinks are resolved before the check, so a link pointing outside the run is refused.
    try {
      const [realRoot, realFull] = await Promise.all([fs.realpath(root), fs.realpath(full)]);
      if (
        realFull !== realRoot &&
        !realFull.startsWith(realRoot.endsWith(path.sep) ? realRoot : realRoot + path.sep)
      ) {
        return { ok: false, error: `"${rel}" resolves outside the run directory and is refused` };
      }
    } catch (e) {
      const code = (e as NodeJS.ErrnoException).code;
      if (code === 'ENOENT' || code === 'ENOTDIR') return { ok: false, error: `no such file: "${rel}"` };
      return { ok: false, error: `cannot resolve "${rel}" (${code ?? 'error'})` };
    }
  }
  return { ok: true, path: full };
}

async function listing(ctx: ToolContext, dir: string, rel: string): Promise<ToolResult> {
  const entries = await ctx.location!.src.list(dir);
  const rows = entries
    .slice(0, MAX_ENTRIES)
    .map(
      (e) =>
        `${e.kind === 'dir' ? 'dir ' : 'file'} ${e.name}${e.kind === 'file' ? ` (${e.size} bytes)` : ''}`,
    );
  const more = entries.length > MAX_ENTRIES ? `\n[${entries.length - MAX_ENTRIES} more entries]` : '';
  return ok(`Directory ${rel || '.'} (${entries.length} entries):\n${rows.join('\n')}${more}`);
}

export const readFileTool = defineTool({
  name: 'read_file',
  description:
    'Read a file of the run directory (path relative to it; "." lists the directory). Text only, at most 2 MB, ' +
    'paged. Paths outside the run directory are refused.',
  schema: z.object({
    path: z.string().min(1),
    page: z.number().int().positive().optional(),
  }),
  run: async (a, ctx) => {
    const r = await resolveInsideRun(ctx, a.path);
    if (!r.ok) return fail(r.error);
    const src = ctx.location!.src;
    try {
      const st = await src.stat(r.path);
      if (!st) return fail(`no such file: "${a.path}"`);
      if (st.kind === 'dir') return await listing(ctx, r.path, a.path);
      if (st.kind !== 'file') return fail(`"${a.path}" is not a regular file`);
      if (DENY(path.posix.basename(r.path))) {
        return fail(
          `"${a.path}" holds diagnosis outputs or annotations and is not available to the diagnoser`,
        );
      }
      if (st.size > READ_FILE_MAX_BYTES) {
        return fail(
          `"${a.path}" is ${(st.size / 2 ** 20).toFixed(1)} MB, over the ${READ_FILE_MAX_BYTES / 2 ** 20} MB cap; use the step tools instead`,
        );
      }
      const text = await readText(src, r.path, { allowEmpty: true });
      const pages = paginate(text, ctx.pageChars);
      const page = a.page ?? 1;
      if (page > pages.length) return fail(`"${a.path}" has ${pages.length} page(s)`);
      return ok(
        `File ${a.path} (${st.size} bytes)\n${pages[page - 1] || '(empty file)'}${pageFooter(page, pages.length, `read_file path="${a.path}"`)}`,
      );
    } catch (e) {
      if (isCodetracerError(e)) return fail(`cannot read "${a.path}": ${e.message}`);
      throw e;
    }
  },
});
