// Which archive a file is: by its first bytes when we have them, else by its name.

export type ArchiveKind = 'tar' | 'tar.gz' | 'tar.zst' | 'zip';

const NAME_PATTERNS: [RegExp, ArchiveKind][] = [
  [/\.(tar\.gz|tgz)$/i, 'tar.gz'],
  [/\.(tar\.zst|tar\.zstd|tzst)$/i, 'tar.zst'],
  [/\.tar$/i, 'tar'],
  [/\.zip$/i, 'zip'],
];

/** The archive kind a file name promises, or null when the name is not an archive's. */
export function archiveKindFromName(name: string): ArchiveKind | null {
  for (const [re, kind] of NAME_PATTERNS) if (re.test(name)) return kind;
  return null;
}

export function isArchiveName(name: string): boolean {
  return archiveKindFromName(name) !== null;
}

/** The kind the bytes say, or null. A wrong extension must not stop us from reading the data. */
export function sniffArchiveKind(buf: Uint8Array): ArchiveKind | null {
  if (buf.length >= 2 && buf[0] === 0x1f && buf[1] === 0x8b) return 'tar.gz';
  if (buf.length >= 4 && buf[0] === 0x28 && buf[1] === 0xb5 && buf[2] === 0x2f && buf[3] === 0xfd)
    return 'tar.zst';
  if (
    buf.length >= 4 &&
    buf[0] === 0x50 &&
    buf[1] === 0x4b &&
    (buf[2] === 3 || buf[2] === 5) &&
    buf[3] === buf[2] + 1
  ) {
    return 'zip';
  }
  if (buf.length >= 262 && Buffer.from(buf.subarray(257, 262)).toString('latin1') === 'ustar') return 'tar';
  return null;
}
