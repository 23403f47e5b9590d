// One error type for everything the user can get wrong: it names the file and the problem in one line.

export type ErrorCode =
  | 'not_found'
  | 'unreadable'
  | 'empty'
  | 'binary'
  | 'too_large'
  | 'lfs_pointer'
  | 'invalid_json'
  | 'invalid_data'
  | 'unknown_format'
  | 'symlink_loop'
  | 'archive'
  | 'usage'
  | 'llm';

export class CodetracerError extends Error {
  readonly code: ErrorCode;
  readonly file: string | undefined;

  constructor(code: ErrorCode, message: string, file?: string) {
    super(message);
    this.name = 'CodetracerError';
    this.code = code;
    this.file = file;
  }

  /** The one line shown to the user: "<file>: <problem>". */
  oneLine(): string {
    const msg = this.message.replace(/\s*\n\s*/g, ' ').trim();
    return this.file ? `${this.file}: ${msg}` : msg;
  }
}

export function isCodetracerError(e: unknown): e is CodetracerError {
  return e instanceof CodetracerError;
}

/** Map a Node fs error onto a CodetracerError with a human sentence. */
export function fromFsError(e: unknown, file: string): CodetracerError {
  const err = e as NodeJS.ErrnoException;
  switch (err?.code) {
    case 'ENOENT':
      return new CodetracerError('not_found', 'no such file or directory', file);
    case 'EACCES':
    case 'EPERM':
      return new CodetracerError('unreadable', 'permission denied', file);
    case 'ELOOP':
      return new CodetracerError('symlink_loop', 'symbolic link loop', file);
    case 'EISDIR':
      return new CodetracerError('invalid_data', 'is a directory, expected a file', file);
    case 'ENOTDIR':
      return new CodetracerError('not_found', 'not a directory', file);
    default:
      return new CodetracerError('unreadable', err?.message ?? String(e), file);
  }
}
