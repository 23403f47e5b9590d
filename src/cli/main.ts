#!/usr/bin/env node
// The `codetracer` command line. Errors the user can fix print one line and exit 2.
import { Command, CommanderError } from 'commander';
import { isCodetracerError } from '../core/io/errors.js';
import { processIO, type CliContext, type CliIO } from './context.js';
import { registerAll } from './commands/index.js';
import { register as registerSkills } from './commands/skills.js';
import { loadSkills } from '../core/formats/spec/store.js';
import { register as registerMemory } from './commands/memory.js';
import { VERSION } from './version.js';
import '../core/init.js';
import { isEntryPoint } from './entry.js';

export async function main(argv: string[], io: CliIO = processIO()): Promise<number> {
  const ctx: CliContext = { io, exitCode: 0 };
  const program = new Command('codetracer')
    .description('Read, inspect and diagnose coding-agent trajectories.')
    .version(VERSION)
    .exitOverride()
    .showHelpAfterError('(run with --help for usage)')
    .configureOutput({ writeOut: io.stdout, writeErr: io.stderr });
  registerAll(program, ctx);
  registerSkills(program, ctx);
  // Learned formats (skills) join the built-in ones; a broken one is a one-line warning, never a crash.
  loadSkills({ env: io.env, warn: (line) => io.stderr(line + '\n') });
  registerMemory(program, ctx);
  try {
    await program.parseAsync(argv, { from: 'user' });
    return ctx.exitCode;
  } catch (e) {
    if (e instanceof CommanderError) {
      // --help and --version exit 0; usage errors were already printed by commander.
      return e.exitCode === 0 ? 0 : 2;
    }
    if (isCodetracerError(e)) {
      io.stderr(`codetracer: ${e.oneLine()}\n`);
      return 2;
    }
    const msg = e instanceof Error ? e.message : String(e);
    io.stderr(`codetracer: internal error: ${msg.split('\n')[0]}\n`);
    if (io.env.CODETRACER_DEBUG && e instanceof Error && e.stack) io.stderr(e.stack + '\n');
    return 1;
  }
}

if (isEntryPoint(import.meta.url)) {
  // Closed pipes (`codetracer inspect x | head`) must not crash with EPIPE.
  process.stdout.on('error', (e: NodeJS.ErrnoException) => {
    if (e.code === 'EPIPE') process.exit(0);
  });
  main(process.argv.slice(2)).then((code) => {
    process.exitCode = code;
  });
}
