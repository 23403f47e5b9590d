export * from './estimate.js';
export * from './compact.js';
export * from './truncate.js';
