// PLACEHOLDER: replaced by the real parser.
import type { FormatModule } from '../types.js';

export const step_jsonlFormat: FormatModule = {
  id: 'step_jsonl',
  title: 'step_jsonl',
  description: '',
  fingerprints: [],
  priority: 0,
  detect: async () => false,
  parse: async () => [],
};
