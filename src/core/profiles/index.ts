// Output profiles: upstream-compatible shapes, conversion from the internal Diagnosis, validation,
// atomic writing, and loading back.
export * from './schemas.js';
export * from './diagnosis.js';
export * from './convert.js';
export * from './validate.js';
export * from './write.js';
export * from './load.js';
