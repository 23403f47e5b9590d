// The contract every format module fulfils. A module is data + two functions: detect and parse.
import type { FileSource } from '../io/source.js';
import type { Trajectory } from '../model/trajectory.js';

/** Where a run lives: a directory, or a single file (optionally one record of a multi-run file). */
export interface RunLocation {
  src: FileSource;
  /** The run path inside src: a directory, or the run file itself. */
  path: string;
  kind: 'dir' | 'file';
  /** For files holding several runs (OpenHands output.jsonl): the 0-based record index to read. */
  index?: number;
}

export interface FormatModule {
  /** Stable id used by --format and in outputs: "miniswe", "openhands", ... */
  id: string;
  /** Human title: "mini-SWE-agent". */
  title: string;
  /** A short SKILL.md-style description of the layout and how steps are counted (diagnoser context). */
  description: string;
  /**
   * Globs (picomatch, one per path segment, no "**") relative to a run directory; one match is enough to
   * make the format a candidate. For single-file runs, globs on the file name, prefixed with "file:".
   */
  fingerprints: string[];
  /** Higher goes first when several formats match. */
  priority: number;
  /** Content check: can this module read the location? Must be cheap and must not throw. */
  detect(loc: RunLocation): Promise<boolean>;
  /** Read the location. Returns one trajectory per run (several for multi-run files, unless loc.index). */
  parse(loc: RunLocation): Promise<Trajectory[]>;
  /** How many runs the file holds (multi-run files only); default 1. */
  countRuns?(loc: RunLocation): Promise<number>;
  /** Step count without a full parse, for discovery; null when it cannot be had cheaply. */
  quickCount?(loc: RunLocation): Promise<number | null>;
  /**
   * For single-file runs with a quickCount: the verdict's `solved` exactly as parse would give it, so discovery
   * need not build the steps; undefined when it cannot be had cheaply (then the run is parsed).
   */
  quickVerdict?(loc: RunLocation): Promise<boolean | null | undefined>;
}
