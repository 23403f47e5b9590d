// PLACEHOLDER: replaced by the real parser.
import type { FormatModule } from '../types.js';

export const openhandsFormat: FormatModule = {
  id: 'openhands',
  title: 'openhands',
  description: '',
  fingerprints: [],
  priority: 0,
  detect: async () => false,
  parse: async () => [],
};
