export * from './types.js';
export * from './errors.js';
export * from './client.js';
export * from './cost.js';
export * from './redact.js';
export { parseRetryAfter, backoffDelay, retryDelay } from './retry.js';
export * from './connect.js';
