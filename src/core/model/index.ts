export * from './trajectory.js';
