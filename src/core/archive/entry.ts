// The raw entries every archive reader produces, before paths are checked and links resolved.

export type RawEntryType = 'file' | 'dir' | 'symlink' | 'hardlink' | 'other';

export interface RawEntry {
  /** The name as stored in the archive (not yet checked). */
  name: string;
  type: RawEntryType;
  /** File content (files only). */
  data?: Buffer;
  /** Link target as stored (links only). */
  linkname?: string;
}

/** What a reader returns: the entries it could read, and problems that did not stop it. */
export interface ReadResult {
  entries: RawEntry[];
  /** One-line problems (truncation, rejected entries). */
  warnings: string[];
}
