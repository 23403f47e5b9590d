export * from './models.js';
export * from './file.js';
export * from './store.js';
export * from './resolve.js';
