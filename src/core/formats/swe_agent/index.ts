// PLACEHOLDER: replaced by the real parser.
import type { FormatModule } from '../types.js';

export const swe_agentFormat: FormatModule = {
  id: 'swe_agent',
  title: 'swe_agent',
  description: '',
  fingerprints: [],
  priority: 0,
  detect: async () => false,
  parse: async () => [],
};
