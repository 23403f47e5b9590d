// PLACEHOLDER: replaced by the real parser.
import type { FormatModule } from '../types.js';

export const terminus1Format: FormatModule = {
  id: 'terminus1',
  title: 'terminus1',
  description: '',
  fingerprints: [],
  priority: 0,
  detect: async () => false,
  parse: async () => [],
};
