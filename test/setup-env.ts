// Tests never touch the user's own memory, learned formats or settings: each test process gets its own
// empty folders for them, unless a test names others (in-process runs get them through runInProcess).
import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

const base = mkdtempSync(path.join(os.tmpdir(), 'ct-test-home-'));
const own: [string, string][] = [
  ['CODETRACER_DATA_DIR', 'data'],
  ['CODETRACER_SKILLS_DIR', 'skills'],
  ['CODETRACER_CONF_DIR', 'conf'],
];
for (const [key, sub] of own) process.env[key] ||= path.join(base, sub);
