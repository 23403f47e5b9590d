// PLACEHOLDER: replaced by the real parser.
import type { FormatModule } from '../types.js';

export const atifFormat: FormatModule = {
  id: 'atif',
  title: 'atif',
  description: '',
  fingerprints: [],
  priority: 0,
  detect: async () => false,
  parse: async () => [],
};
