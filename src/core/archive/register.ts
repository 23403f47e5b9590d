// Wires archives into openRun: "x.tar.zst!/inner/run" addresses, and an archive given alone, read as a
// folder (a CodeTraceBench <traj_id>.tar.zst holds one run below its top folder).
import { promises as fs } from 'node:fs';
import { CodetracerError } from '../io/errors.js';
import { detectFormat } from '../formats/registry.js';
import { parseAddress, setArchiveOpener, setArchiveRootResolver, type ArchiveRoot } from '../formats/open.js';
import { discoverAll } from '../discovery/index.js';
import { isArchiveName } from './kind.js';
import { openArchive } from './open.js';

/** The run inside an archive given without "!": its top folder when that is a run, else its only run. */
export async function resolveArchiveRoot(fsPath: string): Promise<ArchiveRoot | null> {
  if (!isArchiveName(fsPath)) return null;
  const st = await fs.stat(fsPath).catch(() => null);
  if (!st?.isFile()) return null;
  const src = await openArchive(fsPath);
  if (await detectFormat({ src, path: '/', kind: 'dir' })) return { src, path: '/' };
  const { runs } = await discoverAll([fsPath], { summarize: false });
  if (runs.length === 0) return { src, path: '/' }; // openRun then says no known format is there
  if (runs.length > 1) {
    throw new CodetracerError(
      'usage',
      `archive holds ${runs.length} runs; name one after "!", e.g. ${runs[0].path} (codetracer discover ${fsPath} lists them)`,
      fsPath,
    );
  }
  const a = parseAddress(runs[0].path);
  return { src, path: a.inner ?? '/', index: a.index };
}

setArchiveOpener((p) => openArchive(p));
setArchiveRootResolver(resolveArchiveRoot);
