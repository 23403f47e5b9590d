// `codetracer memory list|show|edit|clear [AGENT]`: the lessons kept per agent type (format, plus the
// agent name when runs record one) under the user data dir ($CODETRACER_DATA_DIR/memory overrides it).
import { createInterface } from 'node:readline/promises';
import type { Command } from 'commander';
import { CodetracerError, isCodetracerError } from '../../core/io/errors.js';
import { memoryRoot, sanitizeKey } from '../../core/memory/paths.js';
import { parseEditable, renderEditable, renderEntryLine, type EditPlan } from '../../core/memory/render.js';
import { listAgents, MemoryStore } from '../../core/memory/store.js';
import { headerText, MAX_LESSON_CHARS, MEMORY_KINDS, MemoryKindSchema } from '../../core/memory/types.js';
import type { CliContext } from '../context.js';
import { editText } from '../editor.js';

/** The store an AGENT argument names: its key exactly, or the one key it starts. */
async function storeNamed(root: string, agent: string): Promise<MemoryStore> {
  const keys = (await listAgents(root)).map((a) => a.key);
  const want = agent.trim().toLowerCase();
  const hit = keys.includes(want) ? [want] : keys.filter((k) => k.startsWith(want));
  if (hit.length === 1) return new MemoryStore(root, hit[0]);
  if (!hit.length) {
    throw new CodetracerError(
      'not_found',
      `no memory for "${agent}"${keys.length ? ` (agents: ${keys.join(', ')})` : ' (memory is empty)'}`,
    );
  }
  throw new CodetracerError('usage', `"${agent}" names several agents: ${hit.join(', ')}`);
}

/** The store of the agent type named (see storeNamed), or every agent type's store without a name. */
async function storesNamed(root: string, agent: string | undefined): Promise<MemoryStore[]> {
  if (agent) return [await storeNamed(root, agent)];
  return (await listAgents(root)).map((a) => new MemoryStore(root, a.key));
}

async function confirm(ctx: CliContext, question: string): Promise<boolean> {
  if (!ctx.io.isTTY || !process.stdin.isTTY)
    throw new CodetracerError('usage', 'not a terminal: give --yes to confirm');
  const rl = createInterface({ input: process.stdin, output: process.stderr });
  try {
    return /^y(es)?$/i.test((await rl.question(`${question} [y/N] `)).trim());
  } finally {
    rl.close();
  }
}

async function applyPlan(store: MemoryStore, plan: EditPlan): Promise<void> {
  const at = new Date().toISOString();
  await store.append([
    ...plan.remove.map((id) => ({ t: 'remove' as const, id, at })),
    ...plan.update.map((u) => ({ t: 'update' as const, ...u, at })),
  ]);
  if (plan.add.length) await store.addLessons(plan.add, null);
}

interface EditOptions {
  add?: string;
  kind: string;
  remove?: string[];
}

export function register(program: Command, ctx: CliContext): void {
  const io = ctx.io;
  const root = () => memoryRoot(io.env);
  const memory = program
    .command('memory')
    .description('lessons learned per agent type from earlier diagnoses (used in the diagnosis prompt)')
    .addHelpText(
      'after',
      '\nStored under $XDG_DATA_HOME/codetracer/memory (~/.local/share/codetracer/memory; CODETRACER_DATA_DIR' +
        '\nmoves it), one file per agent type: the format id, plus the agent name when runs record one.' +
        '\nanalyze, run and batch take --no-memory and --eval (evaluation mode: memory off unless --memory).',
    );

  memory
    .command('list')
    .description('agent types with memory, and how many lessons each holds')
    .option('--json', 'print as JSON')
    .action(async (o: { json?: boolean }) => {
      const agents = await listAgents(root());
      if (o.json) return io.stdout(JSON.stringify({ root: root(), agents }, null, 2) + '\n');
      if (!agents.length) return io.stdout(`no memory yet (${root()})\n`);
      for (const a of agents) io.stdout(`${a.key}\t${a.entries} lesson(s)\n`);
    });

  memory
    .command('show')
    .description("one agent type's lessons (all agent types without AGENT)")
    .argument('[agent]', 'agent type (as `memory list` prints it, or a unique prefix)')
    .option('--json', 'print as JSON')
    .action(async (agent: string | undefined, o: { json?: boolean }) => {
      const stores = await storesNamed(root(), agent);
      const out = [];
      for (const s of stores)
        out.push({ agent: s.key, header: headerText(s.key), entries: await s.entries() });
      if (o.json) return io.stdout(JSON.stringify(out, null, 2) + '\n');
      if (!out.length) return io.stdout(`no memory yet (${root()})\n`);
      for (const a of out) {
        io.stdout(`${a.agent}: ${a.entries.length} lesson(s)\n  ${a.header}\n`);
        for (const e of a.entries)
          io.stdout(`  ${renderEntryLine(e)}  (uses ${e.uses}, ${e.updated.slice(0, 10)})\n`);
      }
    });

  memory
    .command('edit')
    .description("edit an agent type's lessons in $EDITOR, or add / remove one without an editor")
    .argument('<agent>', 'agent type (an existing one, or a new key with --add)')
    .option('--add <text>', 'add a lesson')
    .option('--kind <kind>', `kind of the added lesson: ${MEMORY_KINDS.join('|')}`, 'pitfall')
    .option('--remove <ids...>', 'remove lessons by id')
    .action(async (agent: string, o: EditOptions) => {
      if (o.add !== undefined || o.remove?.length) {
        const kind = MemoryKindSchema.safeParse(o.kind);
        if (!kind.success) throw new CodetracerError('usage', `--kind expects ${MEMORY_KINDS.join('|')}`);
        const text = (o.add ?? '').replace(/\s+/g, ' ').trim();
        if (o.add !== undefined && (!text || text.length > MAX_LESSON_CHARS))
          throw new CodetracerError('usage', `--add needs a lesson of 1 to ${MAX_LESSON_CHARS} characters`);
        const store = o.remove?.length
          ? await storeNamed(root(), agent)
          : await storeNamed(root(), agent).catch((e: unknown) => {
              // --add may start the memory of a new agent type.
              if (isCodetracerError(e) && e.code === 'not_found')
                return new MemoryStore(root(), sanitizeKey(agent));
              throw e;
            });
        const have = new Set((await store.entries()).map((e) => e.id));
        const missing = (o.remove ?? []).filter((id) => !have.has(id));
        if (missing.length) throw new CodetracerError('not_found', `no lesson with id ${missing.join(', ')}`);
        await applyPlan(store, {
          add: o.add !== undefined ? [{ kind: kind.data, text }] : [],
          update: [],
          remove: o.remove ?? [],
        });
        io.stdout(
          `${store.key}: ${o.add !== undefined ? 'added 1' : ''}${o.add !== undefined && o.remove?.length ? ', ' : ''}` +
            `${o.remove?.length ? `removed ${o.remove.length}` : ''} lesson(s); ${(await store.entries()).length} now\n`,
        );
        return;
      }
      const store = await storeNamed(root(), agent);
      const before = await store.entries();
      const plan = parseEditable(editText(renderEditable(store.key, before), io.env), before);
      await applyPlan(store, plan);
      io.stdout(
        `${store.key}: ${plan.add.length} added, ${plan.update.length} changed, ${plan.remove.length} removed\n`,
      );
    });

  memory
    .command('clear')
    .description('remove every lesson of an agent type (of all agent types without AGENT)')
    .argument('[agent]', 'agent type')
    .option('-y, --yes', 'do not ask')
    .action(async (agent: string | undefined, o: { yes?: boolean }) => {
      const stores = await storesNamed(root(), agent);
      if (!stores.length) return io.stdout(`no memory to clear (${root()})\n`);
      const what = agent ? `the memory of ${stores[0].key}` : `the memory of ${stores.length} agent type(s)`;
      if (!o.yes && !(await confirm(ctx, `Clear ${what}?`))) return io.stdout('nothing cleared\n');
      for (const s of stores) await s.clear();
      io.stdout(`cleared ${what}\n`);
    });
}
