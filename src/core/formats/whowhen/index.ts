// PLACEHOLDER: replaced by the real parser.
import type { FormatModule } from '../types.js';

export const whowhenFormat: FormatModule = {
  id: 'whowhen',
  title: 'whowhen',
  description: '',
  fingerprints: [],
  priority: 0,
  detect: async () => false,
  parse: async () => [],
};
