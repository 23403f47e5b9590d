// PLACEHOLDER: replaced by the real parser.
import type { FormatModule } from '../types.js';

export const pre_normalizedFormat: FormatModule = {
  id: 'pre_normalized',
  title: 'pre_normalized',
  description: '',
  fingerprints: [],
  priority: 0,
  detect: async () => false,
  parse: async () => [],
};
