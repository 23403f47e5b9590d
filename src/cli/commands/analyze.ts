// PLACEHOLDER: replaced by the real command.
import type { Command } from 'commander';
import type { CliContext } from '../context.js';

export function register(program: Command, ctx: CliContext): void {
  void program;
  void ctx;
}
