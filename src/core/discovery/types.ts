// What discovery yields: runs (with an address openRun accepts) and, separately, problems it skipped.
import type { ErrorCode } from '../io/errors.js';

export interface DiscoveredRun {
  /** Address usable by openRun: a directory, a file, "file#N" or "archive!/inner/path". */
  path: string;
  /** Format id (see formatIds()). */
  format: string;
  /** Step count, or null when the run could not be read. */
  steps: number | null;
  /** The run's own verdict: true solved, false failed, null unknown. */
  verdict: boolean | null;
  /** Bytes on disk (for a directory, the files under it; for file#N, the whole file). */
  size: number;
}

export interface DiscoveryProblem {
  /** What the problem is about (a directory, file, archive or run address); empty for the whole search. */
  path: string;
  /** One line, without the path. */
  message: string;
  code?: ErrorCode;
}

export interface DiscoverOptions {
  /** Deepest directory level searched below a root (the root is 0). Default 10. */
  maxDepth?: number;
  /** Directory names skipped in addition to the defaults. */
  skip?: string[];
  /** Do not skip the default names (.git, node_modules, caches, ...). Virtualenvs are still skipped. */
  noDefaultSkip?: boolean;
  /** Look inside .tar/.tar.gz/.tar.zst/.zip files found under a root. Default true. */
  archives?: boolean;
  /** Uncompressed size cap per archive (default CODETRACER_MAX_ARCHIVE_MB). */
  maxArchiveBytes?: number;
  /** Parallel file-system operations and parses. Default 8. */
  concurrency?: number;
  /** Read each run for its steps and verdict (default true). When false, steps and verdict are null. */
  summarize?: boolean;
  /** Called for every problem (unreadable dir, symlink loop, bad archive, unreadable run). */
  onProblem?: (p: DiscoveryProblem) => void;
}

export const DEFAULT_MAX_DEPTH = 10;
