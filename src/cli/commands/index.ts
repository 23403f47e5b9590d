// Every subcommand registers itself here; main.ts stays a thin shell.
import type { Command } from 'commander';
import type { CliContext } from '../context.js';
import { register as analyze } from './analyze.js';
import { register as batch } from './batch.js';
import { register as discover } from './discover.js';
import { register as evalCmd } from './eval.js';
import { register as inspect } from './inspect.js';
import { register as open } from './open.js';
import { register as interactive } from './interactive.js';
import { register as replay } from './replay.js';
import { register as run } from './run.js';

export function registerAll(program: Command, ctx: CliContext): void {
  for (const r of [inspect, discover, analyze, run, replay, batch, evalCmd, interactive, open])
    r(program, ctx);
}
