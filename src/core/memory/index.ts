// Cross-run memory: generic lessons per agent type, learned from diagnoses and given to the next ones.
export * from './types.js';
export * from './paths.js';
export * from './store.js';
export * from './render.js';
export * from './extract.js';
export * from './settings.js';
export * from './session.js';
export * from './open.js';
