// PLACEHOLDER: replaced by the real parser.
import type { FormatModule } from '../types.js';

export const minisweFormat: FormatModule = {
  id: 'miniswe',
  title: 'miniswe',
  description: '',
  fingerprints: [],
  priority: 0,
  detect: async () => false,
  parse: async () => [],
};
