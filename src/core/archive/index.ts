export * from './kind.js';
export * from './limits.js';
export { openArchive, clearArchiveCache, setArchiveCacheBudget, type ArchiveOptions } from './open.js';
export { ArchiveSource } from './source.js';
