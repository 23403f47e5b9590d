// How much an archive may expand to in memory. Archives are read whole, so this is the zip-bomb guard.

const DEFAULT_MB = 1024;

/** Total uncompressed bytes allowed for one archive (CODETRACER_MAX_ARCHIVE_MB, default 1024 MB). */
export function maxArchiveBytes(env: NodeJS.ProcessEnv = process.env): number {
  const mb = Number(env.CODETRACER_MAX_ARCHIVE_MB);
  return (Number.isFinite(mb) && mb > 0 ? mb : DEFAULT_MB) * 2 ** 20;
}

/** Entry count limit: millions of tiny entries exhaust memory as surely as one huge one. */
export const MAX_ARCHIVE_ENTRIES = 500_000;

export function mb(bytes: number): string {
  const v = bytes / 2 ** 20;
  return v >= 10 || Number.isInteger(v) ? `${Math.round(v)} MB` : `${v.toFixed(1)} MB`;
}

/** The message for an archive that expands past the limit. */
export function tooLargeMessage(limit: number): string {
  return `expands to more than ${mb(limit)} (a zip bomb or a very large archive; set CODETRACER_MAX_ARCHIVE_MB to raise the limit)`;
}
