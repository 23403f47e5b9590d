// `codetracer skills list|show|remove|generate`: the formats CodeTracer learned (format specs + SKILL.md).
import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { Command } from 'commander';
import { readSkills, removeSkill, skillsDir, SPEC_FILE } from '../../core/formats/spec/store.js';
import { CodetracerError } from '../../core/io/errors.js';
import type { CliContext } from '../context.js';
import { learnRunFormat, type LearnOptions } from '../learn-format.js';
import { addLlmOptions } from '../llm-options.js';
import { parsePositive } from '../args.js';

export function register(program: Command, ctx: CliContext): void {
  const io = ctx.io;
  const skills = program
    .command('skills')
    .description(
      `formats learned from unknown runs (format specs; stored under ${path.join('~', '.config', 'codetracer', 'skills')})`,
    );

  skills
    .command('list')
    .description('list the learned formats')
    .option('--json', 'print JSON')
    .action((opts: { json?: boolean }) => {
      const dir = skillsDir(io.env);
      const r = readSkills(dir);
      // Broken skills were already reported (one line each) when the CLI loaded them.
      if (opts.json) {
        const rows = r.skills.map((s) => ({
          id: s.id,
          title: s.spec.title,
          fingerprints: s.spec.fingerprints,
          dir: s.dir,
        }));
        io.stdout(JSON.stringify(rows, null, 2) + '\n');
        return;
      }
      if (!r.skills.length) {
        io.stdout(`no learned formats in ${dir}\n`);
        return;
      }
      for (const s of r.skills)
        io.stdout(`${s.id.padEnd(24)} ${s.spec.title}  [${s.spec.fingerprints.join(', ')}]\n`);
    });

  skills
    .command('show')
    .description('print a learned format: its SKILL.md and spec')
    .argument('<id>', 'format id')
    .action((id: string) => {
      const r = readSkills(skillsDir(io.env));
      const s = r.skills.find((x) => x.id === id);
      if (!s) {
        const broken = r.warnings.find((w) => w.startsWith(`skill "${id}"`));
        throw new CodetracerError(
          'not_found',
          broken ?? `no learned format "${id}" (see codetracer skills list)`,
        );
      }
      if (s.skill.trim()) io.stdout(s.skill.trimEnd() + '\n\n');
      io.stdout(`--- ${path.join(s.dir, SPEC_FILE)}\n`);
      io.stdout(readFileSync(path.join(s.dir, SPEC_FILE), 'utf8'));
    });

  skills
    .command('remove')
    .description('delete a learned format')
    .argument('<id>', 'format id')
    .action((id: string) => {
      const dir = skillsDir(io.env);
      if (!removeSkill(dir, id))
        throw new CodetracerError('not_found', `no learned format "${id}" in ${dir}`);
      io.stdout(`removed ${id}\n`);
    });

  const gen = skills
    .command('generate')
    .description(
      'learn the format of a run no format reads: the LLM writes a spec, CodeTracer checks it on the run',
    )
    .argument('<run>', 'run directory or file')
    .option('--id <id>', 'id of the new format')
    .option('--attempts <n>', 'LLM replies tried before giving up (default 3)');
  addLlmOptions(gen).action(async (run: string, opts: LearnOptions & { attempts?: string | number }) => {
    const attempts =
      opts.attempts !== undefined ? Math.floor(parsePositive(String(opts.attempts), '--attempts')) : 3;
    const r = await learnRunFormat(run, { ...opts, attempts }, io, false);
    if (r?.spec) io.stdout(`${r.spec.id}\t${r.dir}\n`);
  });
}
