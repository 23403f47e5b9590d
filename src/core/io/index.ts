export * from './errors.js';
export * from './source.js';
export * from './read.js';
