// PLACEHOLDER: replaced by the real parser.
import type { FormatModule } from '../types.js';

export const claude_codeFormat: FormatModule = {
  id: 'claude_code',
  title: 'claude_code',
  description: '',
  fingerprints: [],
  priority: 0,
  detect: async () => false,
  parse: async () => [],
};
