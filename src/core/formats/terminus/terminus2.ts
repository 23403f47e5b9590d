// PLACEHOLDER: replaced by the real parser.
import type { FormatModule } from '../types.js';

export const terminus2Format: FormatModule = {
  id: 'terminus2',
  title: 'terminus2',
  description: '',
  fingerprints: [],
  priority: 0,
  detect: async () => false,
  parse: async () => [],
};
