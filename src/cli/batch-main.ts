#!/usr/bin/env node
// `codetracer-batch …`: the same as `codetracer batch …`.
import { main } from './main.js';
import { isEntryPoint } from './entry.js';

if (isEntryPoint(import.meta.url)) {
  process.stdout.on('error', (e: NodeJS.ErrnoException) => {
    if (e.code === 'EPIPE') process.exit(0);
  });
  main(['batch', ...process.argv.slice(2)]).then((code) => {
    process.exitCode = code;
  });
}
