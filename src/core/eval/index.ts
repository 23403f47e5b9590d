// Evaluation of diagnoses against gold labels (CodeTraceBench manifests, Who&When annotations).
export * from './metrics.js';
export * from './gold.js';
export * from './predictions.js';
export * from './evaluate.js';
export * from './render.js';
