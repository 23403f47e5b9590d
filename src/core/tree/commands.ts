// What one simple shell command does: change, explore, or unknown (a script whose effect the name
// cannot tell). Wrappers (sudo, env, timeout, xargs ...) are looked through.
import { isDeviceTarget, parseShell, writtenFiles, type SimpleCommand } from './shell.js';
import {
  CHANGE_PROGRAMS,
  EDITOR_PROGRAMS,
  FORMATTERS,
  LOOK_PROGRAMS,
  NEUTRAL_PROGRAMS,
  PACKAGE_CHANGE,
  READ_PROGRAMS,
  SEARCH_PROGRAMS,
  TEST_PROGRAMS,
} from './programs.js';
import { effect, type Effect } from './types.js';
import {
  buildToolEffect,
  gitEffect,
  jsPackageEffect,
  makeEffect,
  nodeEffect,
  pythonEffect,
  isTestScript,
  uvEffect,
} from './command_rules.js';

const KEYWORDS = new Set(['if', 'then', 'do', 'else', 'elif', 'while', 'until', '!', 'time', '{', '(']);
const CLOSERS = new Set(['fi', 'done', 'esac', '}', ')', 'for', 'case', 'function', 'select', 'in']);
const SUBMIT_SENTINEL = /COMPLETE_TASK_AND_SUBMIT_FINAL_OUTPUT|MINI_SWE_AGENT_FINAL_OUTPUT/;
const KEY =
  '(?:[CMS]-\\S{1,6}|Escape|Esc|Enter|Tab|BSpace|BTab|Space|Up|Down|Left|Right|Home|End|PageUp|PageDown|PPage|NPage|F\\d{1,2}|<[A-Za-z-]+>)';
const TMUX_KEYS = new RegExp(`^${KEY}(?:\\s+${KEY})*$`);
const SWE_EDIT_BLOCK = /^(?:edit|insert|append)\b[^\n]*\n[\s\S]*\bend_of_(?:edit|insert|append)$/;

/** Program name as a table key: basename, with interpreter versions folded (python3.11 -> python). */
export function programName(word: string): string {
  const b = word.slice(word.lastIndexOf('/') + 1);
  if (/^python[\d.]*$/.test(b) || b === 'py' || b === 'pypy3' || b === 'pypy') return 'python';
  if (/^pip[\d.]*$/.test(b)) return 'pip';
  return b;
}

const isOption = (w: string) => w.startsWith('-') && w !== '-';
const looksLikePath = (w: string) =>
  !isOption(w) &&
  !/^\d+$/.test(w) &&
  !w.includes('://') &&
  !w.includes('=') &&
  (w.includes('/') || /\.[A-Za-z0-9]{1,8}$/.test(w));
/** Non-option words that look like file names. */
export const pathArgs = (args: string[]) => args.filter(looksLikePath);
/** Non-option words (any), for programs whose operands are files by definition. */
const operands = (args: string[]) => args.filter((w) => !isOption(w) && !/^\d+$/.test(w));

/** Skip the options of a wrapper; `withValue` lists options that take the next word. */
function skipOptions(a: string[], from: number, withValue: Set<string>): number {
  let i = from;
  while (i < a.length && isOption(a[i])) {
    if (a[i] === '--') return i + 1;
    if (withValue.has(a[i])) i++;
    i++;
  }
  return i;
}

const SUDO_VAL = new Set(['-u', '-g', '-C', '-h', '-p', '-U', '-r', '-t']);
const XARGS_VAL = new Set([
  '-n',
  '-L',
  '-I',
  '-P',
  '-d',
  '-E',
  '-s',
  '-a',
  '--max-args',
  '--delimiter',
  '--replace',
]);
const TIMEOUT_VAL = new Set(['-s', '-k', '--signal', '--kill-after']);
const NICE_VAL = new Set(['-n', '--adjustment']);

/** The command that actually runs once wrappers are removed; null when nothing is left. */
export function unwrap(argv: string[]): string[] | null {
  let a = argv;
  for (let guard = 0; guard < 10 && a.length; guard++) {
    const p = programName(a[0]);
    if (KEYWORDS.has(p)) a = a.slice(1);
    else if (p === 'sudo' || p === 'doas') a = a.slice(skipOptions(a, 1, SUDO_VAL));
    else if (p === 'env') {
      let i = skipOptions(a, 1, new Set(['-u', '-C', '-S']));
      while (i < a.length && /^[A-Za-z_][A-Za-z0-9_]*=/.test(a[i])) i++;
      if (i >= a.length) return a;
      a = a.slice(i);
    } else if (
      p === 'nohup' ||
      p === 'exec' ||
      p === 'builtin' ||
      p === 'unbuffer' ||
      p === 'stdbuf' ||
      p === 'ionice'
    )
      a = a.slice(skipOptions(a, 1, new Set(['-c', '-n'])));
    else if (p === 'command' && a[1] !== '-v' && a[1] !== '-V') a = a.slice(1);
    else if (p === 'nice') a = a.slice(skipOptions(a, 1, NICE_VAL));
    else if (p === 'timeout' || p === 'gtimeout') {
      const i = skipOptions(a, 1, TIMEOUT_VAL);
      a = a.slice(i + 1);
    } else if (p === 'xargs') a = a.slice(skipOptions(a, 1, XARGS_VAL));
    else break;
  }
  return a.length ? a : null;
}

/** Combine the effects of several commands of one step: a change anywhere makes the step a change. */
export function combine(effects: Effect[]): Effect {
  const out = effect('explore', null);
  const rank = { change: 2, unknown: 1, explore: 0 } as const;
  let kindRank = -1;
  const KIND_RANK = { message: 0, read: 1, search: 2, command: 3, test: 4, edit: 5 } as const;
  for (const e of effects) {
    if (rank[e.type] > rank[out.type]) out.type = e.type;
    out.test ||= e.test;
    out.submit ||= e.submit;
    out.editor ||= e.editor;
    for (const t of e.targets) if (!out.targets.includes(t)) out.targets.push(t);
  }
  // The kind comes from the commands that decided the type (a change step is an edit or a command).
  for (const e of effects) {
    if (e.kind === null || e.type !== out.type) continue;
    if (KIND_RANK[e.kind] > kindRank) {
      kindRank = KIND_RANK[e.kind];
      out.kind = e.kind;
    }
  }
  if (out.kind === null) {
    for (const e of effects)
      if (e.kind !== null && KIND_RANK[e.kind] > kindRank) [kindRank, out.kind] = [KIND_RANK[e.kind], e.kind];
  }
  if (out.type === 'explore' && out.test) out.kind = 'test';
  return out;
}

/** Keystrokes that only press keys (C-c, Escape, Enter, control characters): no command is typed. */
export function isKeysOnly(text: string): boolean {
  const t = text.trim();
  // eslint-disable-next-line no-control-regex
  return (
    t !== '' && t.length < 80 && (TMUX_KEYS.test(t) || t.replace(/[\x00-\x08\x0b-\x1f\x7f]/g, '') === '')
  );
}

/** The effect of a shell text (one or more commands). */
export function shellTextEffect(text: string, depth = 0): Effect {
  if (depth > 3) return effect('unknown', 'command');
  const t = text.trim();
  // tmux key names sent as keystrokes (Terminus): C-c, Escape, Enter ... interrupt or move, change nothing.
  const keysOnly = isKeysOnly(t);
  if (t === '' || keysOnly) return effect('explore', t === '' ? null : 'command');
  // SWE-agent multi-line edit blocks: the body is file content, not commands.
  if (SWE_EDIT_BLOCK.test(t)) return effect('change', 'edit');
  const cmds = parseShell(text);
  if (!cmds.length) return effect('explore', null);
  return combine(cmds.map((c) => commandEffect(c, depth)));
}

/** The effect of one simple command, including its redirections. */
export function commandEffect(cmd: SimpleCommand, depth = 0): Effect {
  const written = writtenFiles(cmd);
  const base = programEffect(cmd, depth);
  if (!written.length) return base;
  // Output redirected into a file: whatever the program, the step writes that file.
  return {
    ...base,
    type: 'change',
    kind: 'edit',
    targets: [...base.targets, ...written.filter((w) => !base.targets.includes(w))],
  };
}

function programEffect(cmd: SimpleCommand, depth: number): Effect {
  const argv = unwrap(cmd.argv);
  if (!argv) return effect('explore', null);
  const p = programName(argv[0]);
  const args = argv.slice(1);
  if (CLOSERS.has(p)) return effect('explore', null);
  const onlyVersion = args.length > 0 && args.every((a) => /^(--?version|-V|--help|-h|help)$/.test(a));
  if (onlyVersion) return effect('explore', 'command');

  // Interpreters reading a script from a here-document or -c: judge the code.
  const doc = cmd.heredoc;
  if (
    (p === 'bash' || p === 'sh' || p === 'zsh' || p === 'dash' || p === 'eval' || p === 'su') &&
    depth < 3
  ) {
    const ci = args.indexOf('-c');
    if (p === 'eval') return shellTextEffect(args.join(' '), depth + 1);
    if (ci !== -1 && args[ci + 1] !== undefined) return shellTextEffect(args[ci + 1], depth + 1);
    const script = args.find((a) => !isOption(a));
    if (script)
      return isTestScript(script, args)
        ? effect('explore', 'test', [script], { test: true })
        : effect('unknown', 'command', [script]);
    if (doc)
      return doc.closed || doc.body ? shellTextEffect(doc.body, depth + 1) : effect('unknown', 'command');
    return effect('unknown', 'command');
  }
  if (p === 'python') return pythonEffect(args, cmd, depth);
  if (p === 'node' || p === 'deno' || p === 'ts-node' || p === 'tsx') return nodeEffect(p, args);
  if (p === 'git') return gitEffect(args);
  if (p === 'make' || p === 'gmake') return makeEffect(args);
  if (p === 'uv')
    return uvEffect(args, (a) => programEffect({ ...cmd, argv: a, heredoc: undefined }, depth + 1));
  if (
    p === 'npm' ||
    p === 'pnpm' ||
    p === 'yarn' ||
    p === 'bun' ||
    p === 'npx' ||
    p === 'pnpx' ||
    p === 'bunx'
  )
    return jsPackageEffect(p, args, (a) => programEffect({ ...cmd, argv: a, heredoc: undefined }, depth + 1));
  const build = buildToolEffect(p, args);
  if (build) return build;
  if (TEST_PROGRAMS.has(p)) return effect('explore', 'test', pathArgs(args), { test: true });
  // Own keys only: a program called `constructor` or `toString` is not a package manager.
  if (Object.hasOwn(PACKAGE_CHANGE, p)) {
    const sub = args.find((a) => !isOption(a));
    return sub && PACKAGE_CHANGE[p].has(sub) ? effect('change', 'command') : effect('explore', 'command');
  }
  if (p === 'apt-cache' || p === 'dpkg-query') return effect('explore', 'command');
  if (p === 'dpkg')
    return args.some((a) => /^(-i|--install|-r|--remove|-P|--purge|--configure|--unpack)$/.test(a))
      ? effect('change', 'command')
      : effect('explore', 'command');
  if (p === 'pacman')
    return args.some((a) => /^-[SRU]/.test(a)) ? effect('change', 'command') : effect('explore', 'command');

  // Text tools that edit in place only with their in-place flag.
  if (p === 'sed' || p === 'gsed') return sedEffect(args);
  if (p === 'perl') {
    if (args.some((a) => /^-[a-zA-Z]*i/.test(a) && !a.startsWith('--')))
      return effect('change', 'edit', pathArgs(args.slice(1)));
    return args.some((a) => /^-[a-zA-Z]*[enp]/.test(a))
      ? effect('explore', 'command')
      : effect('unknown', 'command', pathArgs(args));
  }
  if (p === 'awk' || p === 'gawk') {
    const inplace = args.some((a, i) => a === '-i' && args[i + 1] === 'inplace');
    return inplace ? effect('change', 'edit', pathArgs(args)) : effect('explore', 'read', pathArgs(args));
  }
  if (p === 'tee') {
    const files = args.filter((a) => !isOption(a) && !isDeviceTarget(a));
    return files.length ? effect('change', 'edit', files) : effect('explore', null);
  }
  if (p === 'dd') {
    const of = args.find((a) => a.startsWith('of='));
    return of && !isDeviceTarget(of.slice(3))
      ? effect('change', 'edit', [of.slice(3)])
      : effect('explore', 'command');
  }
  if (p === 'tar' || p === 'bsdtar') {
    const mode = args.find((a) => !a.startsWith('--')) ?? '';
    const long = args.join(' ');
    if (/--(extract|create|append|update|get|delete)/.test(long) || /^-?[a-zA-Z]*[xcruA]/.test(mode)) {
      const c = args.findIndex((a) => a === '-C' || a === '--directory');
      return effect('change', 'command', c !== -1 && args[c + 1] ? [args[c + 1]] : []);
    }
    return effect('explore', 'read', pathArgs(args));
  }
  if (p === 'unzip')
    return args.some((a) => /^-[lvtZ]/.test(a))
      ? effect('explore', 'read', pathArgs(args))
      : effect('change', 'command', pathArgs(args));
  if (p === '7z' || p === '7za')
    return args[0] === 'l' || args[0] === 't'
      ? effect('explore', 'read')
      : effect('change', 'command', pathArgs(args));
  if (p === 'wget') return wgetEffect(args);
  if (p === 'curl') return curlEffect(args);
  if (p === 'find') return findEffect(args, depth);
  if (p === 'systemctl' || p === 'service' || p === 'rc-service') {
    const changing =
      /^(start|stop|restart|reload|enable|disable|mask|unmask|kill|daemon-reload|try-restart|force-reload)$/;
    return args.some((a) => changing.test(a)) ? effect('change', 'command') : effect('explore', 'command');
  }
  if (p === 'crontab') return args.includes('-l') ? effect('explore', 'read') : effect('change', 'command');
  if (p === 'docker' || p === 'podman' || p === 'kubectl') {
    const sub = args.find((a) => !isOption(a)) ?? '';
    const look =
      /^(ps|images|logs|inspect|version|info|stats|top|port|history|get|describe|explain|search|events)$/;
    return look.test(sub) ? effect('explore', 'command') : effect('change', 'command');
  }
  if (Object.hasOwn(FORMATTERS, p)) {
    const writes = FORMATTERS[p];
    const files = pathArgs(args);
    const flags = args.filter(isOption);
    const writing =
      p === 'black' || p === 'isort' || p === 'rustfmt'
        ? flags.every((f) => writes.test(f))
        : flags.some((f) => writes.test(f));
    return writing ? effect('change', 'edit', files) : effect('explore', 'command', files);
  }
  if (p === 'ruff')
    return args.includes('--fix') || (args[0] === 'format' && !args.includes('--check'))
      ? effect('change', 'edit', pathArgs(args))
      : effect('explore', 'command', pathArgs(args));

  // Interactive editors and the commands of SWE-agent style tool-shells.
  if (EDITOR_PROGRAMS.has(p)) return effect('change', 'edit', operands(args), { editor: !doc });
  const swe = sweCommandEffect(p, args);
  if (swe) return swe;
  if (p === 'echo' && SUBMIT_SENTINEL.test(args.join(' ')))
    return effect('explore', 'message', [], { submit: true });

  if (CHANGE_PROGRAMS.has(p)) {
    // chmod/chown name a mode or owner first; tar-like tools and compilers: the operands are inputs.
    const ops = /^(chmod|chown|chgrp)$/.test(p) ? operands(args).slice(1) : operands(args);
    return effect(
      'change',
      /^(cp|mv|rm|touch|patch|ln|truncate|unlink|rename|install)$/.test(p) ? 'edit' : 'command',
      ops,
    );
  }
  if (READ_PROGRAMS.has(p)) return effect('explore', 'read', operands(args));
  if (SEARCH_PROGRAMS.has(p)) return effect('explore', 'search', searchTargets(p, args));
  if (p === 'sort' && args.some((a) => a === '-o' || a.startsWith('--output')))
    return effect('change', 'edit', pathArgs(args));
  if (LOOK_PROGRAMS.has(p)) {
    // echo/printf print text; their words are not files.
    const files = /^(echo|printf|expr|bc|dc|seq|yes)$/.test(p) ? [] : pathArgs(args);
    return effect('explore', p === 'diff' || p === 'cmp' ? 'read' : 'command', files);
  }
  if (NEUTRAL_PROGRAMS.has(p)) return effect('explore', null);

  // Anything else runs a program we do not know: a script, a built binary. Test-looking names are tests.
  if (isTestScript(argv[0], args)) return effect('explore', 'test', [argv[0]], { test: true });
  const out = args.findIndex((a) => a === '-o' || a === '--output' || a === '-out');
  if (out !== -1 && args[out + 1] && !isDeviceTarget(args[out + 1]))
    return effect('change', 'command', [args[out + 1]]);
  const eqOut = args.find((a) => a.startsWith('--output='));
  if (eqOut) return effect('change', 'command', [eqOut.slice(9)]);
  return effect('unknown', 'command', looksLikePath(argv[0]) ? [argv[0], ...pathArgs(args)] : pathArgs(args));
}

function sedEffect(args: string[]): Effect {
  const inplace = args.some(
    (a) =>
      a === '--in-place' || a.startsWith('--in-place=') || (/^-[a-zA-Z]*i/.test(a) && !a.startsWith('--')),
  );
  // The first operand is the script unless -e / -f gave it.
  const hasScriptOpt = args.some((a) => a === '-e' || a === '-f' || a === '--expression' || a === '--file');
  const ops: string[] = [];
  for (let i = 0; i < args.length; i++) {
    if (args[i] === '-e' || args[i] === '-f') {
      i++;
      continue;
    }
    if (!isOption(args[i])) ops.push(args[i]);
  }
  const files = hasScriptOpt ? ops : ops.slice(1);
  return inplace ? effect('change', 'edit', files) : effect('explore', 'read', files);
}

function wgetEffect(args: string[]): Effect {
  const toStdout = args.some(
    (a, i) =>
      a === '--spider' ||
      /^-[a-zA-Z]*O-$/.test(a) ||
      a === '--output-document=-' ||
      ((a === '-O' || /^-[a-zA-Z]+O$/.test(a)) && (args[i + 1] === '-' || args[i + 1] === '/dev/null')),
  );
  if (toStdout) return effect('explore', 'command');
  const o = args.findIndex((a) => a === '-O' || /^-[a-zA-Z]+O$/.test(a));
  return effect('change', 'command', o !== -1 && args[o + 1] ? [args[o + 1]] : []);
}

function curlEffect(args: string[]): Effect {
  for (let i = 0; i < args.length; i++) {
    const a = args[i];
    if (a === '--output' || a === '-o' || /^-[a-zA-Z]*o$/.test(a)) {
      const f = args[i + 1];
      return f && !isDeviceTarget(f) && f !== '-'
        ? effect('change', 'command', [f])
        : effect('explore', 'command');
    }
    if (a === '--remote-name' || a === '--remote-name-all' || /^-[a-zA-Z]*O[a-zA-Z]*$/.test(a))
      return effect('change', 'command');
  }
  return effect('explore', 'command');
}

function findEffect(args: string[], depth: number): Effect {
  const start = args.findIndex((a) => a.startsWith('-') || a === '(' || a === '!');
  const roots = (start === -1 ? args : args.slice(0, start)).filter((a) => !isOption(a));
  if (args.includes('-delete') || args.some((a) => a.startsWith('-fprint')))
    return effect('change', 'edit', roots);
  const ex = args.findIndex((a) => a === '-exec' || a === '-execdir' || a === '-ok' || a === '-okdir');
  if (ex !== -1) {
    const end = args.findIndex((a, i) => i > ex && (a === ';' || a === '+' || a === '\\;'));
    const inner = args.slice(ex + 1, end === -1 ? undefined : end);
    const e = inner.length
      ? programEffect({ argv: inner, assigns: [], redirects: [] }, depth + 1)
      : effect('explore', 'search');
    if (e.type === 'change') return { ...e, targets: roots };
  }
  return effect('explore', 'search', roots);
}

function searchTargets(p: string, args: string[]): string[] {
  if (p === 'grep' || p === 'egrep' || p === 'fgrep' || p === 'rg' || p === 'ag' || p === 'ack') {
    const patternGiven = args.some(
      (a) => a === '-e' || a === '-f' || a.startsWith('--regexp') || a.startsWith('--file'),
    );
    const ops: string[] = [];
    for (let i = 0; i < args.length; i++) {
      if (/^(-e|-f|-m|-A|-B|-C|--include|--exclude|-g|--glob|-t|--type)$/.test(args[i])) {
        i++;
        continue;
      }
      if (!isOption(args[i])) ops.push(args[i]);
    }
    return patternGiven ? ops : ops.slice(1);
  }
  if (p === 'which' || p === 'whereis' || p === 'type') return [];
  return operands(args);
}

/** SWE-agent's shell commands (open, edit ... end_of_edit, search_dir) and its editor tool as a command. */
function sweCommandEffect(p: string, args: string[]): Effect | null {
  switch (p) {
    case 'str_replace_editor':
    case 'str_replace_based_edit_tool': {
      const sub = args[0] ?? '';
      const path = args[1] ? [args[1]] : [];
      return sub === 'view' ? effect('explore', 'read', path) : effect('change', 'edit', path);
    }
    case 'create':
      return effect('change', 'edit', args[0] ? [args[0]] : []);
    case 'edit':
    case 'insert':
    case 'append':
    case 'end_of_edit':
      return effect('change', 'edit');
    case 'open':
    case 'goto':
    case 'scroll_up':
    case 'scroll_down':
    case 'filemap':
      return effect(
        'explore',
        'read',
        p === 'open' || p === 'filemap'
          ? pathArgs(args)
              .concat(args[0] && !args[0].includes('/') && !/^\d+$/.test(args[0]) ? [args[0]] : [])
              .slice(0, 1)
          : [],
      );
    case 'search_dir':
    case 'search_file':
    case 'find_file':
      return effect('explore', 'search', args.slice(1, 2));
    case 'submit':
      return effect('explore', 'message', [], { submit: true });
    default:
      return null;
  }
}
