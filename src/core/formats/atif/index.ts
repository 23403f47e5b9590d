// ATIF format module: detection, parse and cheap step count.
import type { FileSource } from '../../io/source.js';
import { parseJsonShared, readText } from '../../io/read.js';
import type { Trajectory } from '../../model/trajectory.js';
import type { FormatModule, RunLocation } from '../types.js';
import { ATIF_DESCRIPTION } from './description.js';
import { ATIF_FORMAT_ID, findAtifFile, parseAtifDir, parseAtifFile, trialDirOf } from './parse.js';

/** ATIF files name their schema near the top; checking the text avoids parsing every JSON file. */
const SCHEMA = /"schema_version"\s*:\s*"ATIF/;

async function isAtifFile(src: FileSource, p: string): Promise<boolean> {
  try {
    const text = await readText(src, p);
    // A plain substring search finds the key; the pattern then runs only where it occurs.
    for (let i = text.indexOf('"schema_version"'); i !== -1; i = text.indexOf('"schema_version"', i + 1)) {
      if (SCHEMA.test(text.slice(i, i + 256))) return true;
    }
    return false;
  } catch {
    return false;
  }
}

export const atifFormat: FormatModule = {
  id: ATIF_FORMAT_ID,
  title: 'Harbor ATIF',
  description: ATIF_DESCRIPTION,
  fingerprints: ['agent/trajectory.json', 'trajectory.json', 'file:*.json'],
  // Above claude_code: a Harbor trial holds both agent/trajectory.json and agent/claude-code.txt, and the
  // ATIF file is the converted, complete view.
  priority: 60,
  async detect(loc: RunLocation): Promise<boolean> {
    if (loc.kind === 'file') return isAtifFile(loc.src, loc.path);
    const file = await findAtifFile(loc.src, loc.path).catch(() => null);
    return file !== null && (await isAtifFile(loc.src, file));
  },
  async parse(loc: RunLocation): Promise<Trajectory[]> {
    if (loc.kind === 'dir') return [await parseAtifDir(loc.src, loc.path)];
    return [await parseAtifFile(loc.src, loc.path, trialDirOf(loc.path))];
  },
  async quickCount(loc: RunLocation): Promise<number | null> {
    try {
      const file = loc.kind === 'file' ? loc.path : await findAtifFile(loc.src, loc.path);
      if (!file) return null;
      const root: unknown = parseJsonShared(await readText(loc.src, file), loc.src.display(file));
      const steps = (root as { steps?: unknown }).steps;
      return Array.isArray(steps) ? steps.length : null;
    } catch {
      return null;
    }
  },
};
