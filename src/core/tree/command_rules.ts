// Rules for the programs whose effect depends on their sub-command or code: interpreters, git, make,
// JavaScript package managers and build tools.
import type { SimpleCommand } from './shell.js';
import {
  GIT_CHANGE,
  GIT_LOOK,
  JS_PM_CHANGE,
  JS_PM_LOOK,
  JS_WRITES,
  PY_TEST_MODULES,
  PY_WRITES,
} from './programs.js';
import { effect, type Effect } from './types.js';

const isOption = (w: string) => w.startsWith('-') && w !== '-';
const pathLike = (w: string) =>
  !isOption(w) && !w.includes('://') && (w.includes('/') || /\.[A-Za-z0-9]{1,8}$/.test(w));

/** A script or binary whose name says it runs tests (test_x.py, x_test.go, runtests.py, run_tests.sh ...). */
export function isTestScript(path: string, args: string[] = []): boolean {
  const b = path.slice(path.lastIndexOf('/') + 1).toLowerCase();
  if (
    /^(test_.*|.*_test|.*\.test|.*\.spec|tests?|runtests?|run_?tests?|run-tests?)(\.(py|sh|js|ts|mjs|rb|pl))?$/.test(
      b,
    )
  )
    return true;
  if (b === 'manage.py' && args[0] === 'test') return true;
  if (b === 'setup.py' && args[0] === 'test') return true;
  return false;
}

/** Files a piece of Python code opens for writing (best effort, for targets). */
function pyWrittenFiles(code: string): string[] {
  const out: string[] = [];
  const re = /open\s*\(\s*['"]([^'"]+)['"]\s*,\s*['"][^'"]*[wax]/g;
  for (let m = re.exec(code); m; m = re.exec(code)) out.push(m[1]);
  return out;
}

const PY_VAL = new Set(['-W', '-X', '-Q']);

export function pythonEffect(args: string[], cmd: SimpleCommand, depth: number): Effect {
  for (let i = 0; i < args.length; i++) {
    const a = args[i];
    if (a === '-m') {
      const mod = args[i + 1] ?? '';
      const rest = args.slice(i + 2);
      const top = mod.split('.')[0];
      if (PY_TEST_MODULES.has(top)) return effect('explore', 'test', rest.filter(pathLike), { test: true });
      if (top === 'pip') {
        const sub = rest.find((w) => !isOption(w));
        return sub && /^(install|uninstall|download|wheel)$/.test(sub)
          ? effect('change', 'command')
          : effect('explore', 'command');
      }
      if (/^(venv|virtualenv|build|ensurepip|compileall)$/.test(top)) return effect('change', 'command');
      if (/^(black|isort|autopep8|yapf)$/.test(top))
        return rest.some((w) => /^(--check|--diff)$/.test(w))
          ? effect('explore', 'command')
          : effect('change', 'edit', rest.filter(pathLike));
      if (
        /^(json\.tool|py_compile|pydoc|site|platform|this|timeit|cProfile|pdb|trace|tokenize|dis|ast|http\.server|mypy|pyflakes|pylint|flake8)$/.test(
          mod,
        ) ||
        /^(json|py_compile|pydoc|site|timeit|cProfile|pdb|mypy|pylint|flake8|pyflakes)$/.test(top)
      )
        return effect('explore', 'command');
      return effect('unknown', 'command', rest.filter(pathLike));
    }
    if (a === '-c') {
      const code = args[i + 1] ?? '';
      return PY_WRITES.test(code)
        ? effect('change', 'command', pyWrittenFiles(code))
        : effect('explore', 'command');
    }
    if (PY_VAL.has(a)) {
      i++;
      continue;
    }
    if (isOption(a)) continue;
    if (a === '-') break;
    // A script file.
    const rest = args.slice(i + 1);
    const b = a.slice(a.lastIndexOf('/') + 1);
    if (isTestScript(a, rest)) return effect('explore', 'test', [a], { test: true });
    if (b === 'setup.py') {
      const sub = rest.find((w) => !isOption(w)) ?? '';
      if (/^(install|develop|build|build_ext|build_py|bdist\w*|sdist|egg_info|clean)$/.test(sub))
        return effect('change', 'command', [a]);
      return effect('explore', 'command', [a]);
    }
    return effect('unknown', 'command', [a, ...rest.filter(pathLike)]);
  }
  // Code from stdin: a here-document, or an interactive interpreter.
  const doc = cmd.heredoc;
  void depth;
  if (doc) {
    if (PY_WRITES.test(doc.body)) return effect('change', 'command', pyWrittenFiles(doc.body));
    return doc.closed ? effect('explore', 'command') : effect('unknown', 'command');
  }
  return effect('explore', 'command');
}

export function nodeEffect(p: string, args: string[]): Effect {
  if (p === 'deno' && args[0] === 'test') return effect('explore', 'test', [], { test: true });
  const e = args.findIndex((a) => a === '-e' || a === '--eval' || a === '-p' || a === '--print');
  if (e !== -1)
    return JS_WRITES.test(args[e + 1] ?? '') ? effect('change', 'command') : effect('explore', 'command');
  const script = args.find((a) => !isOption(a) && a !== 'run');
  if (!script) return effect('explore', 'command');
  if (isTestScript(script) || args.includes('--test'))
    return effect('explore', 'test', [script], { test: true });
  return effect('unknown', 'command', [script]);
}

const GIT_VAL = new Set(['-C', '-c', '--git-dir', '--work-tree', '--namespace']);
/** Arguments of `git branch` / `git tag` that only list. */
const LISTING =
  /^(-a|-r|-l|--list|-v|-vv|--all|--remotes|--show-current|--contains|--merged|--no-merged|--sort=.*|--format=.*|-n\d*)$/;

export function gitEffect(args: string[]): Effect {
  let i = 0;
  while (i < args.length && isOption(args[i])) i += GIT_VAL.has(args[i]) ? 2 : 1;
  const sub = args[i] ?? '';
  const rest = args.slice(i + 1);
  const files = rest.filter((w) => !isOption(w));
  if (sub === 'grep' || sub === 'ls-files' || sub === 'ls-tree')
    return effect('explore', 'search', files.filter(pathLike));
  if (sub === 'branch' || sub === 'tag') {
    const listing = rest.every((w) => LISTING.test(w)) || (sub === 'tag' && rest.includes('-l'));
    return listing ? effect('explore', 'read') : effect('change', 'command');
  }
  if (sub === 'stash')
    return rest[0] === 'list' || rest[0] === 'show' ? effect('explore', 'read') : effect('change', 'command');
  if (sub === 'remote')
    return /^(add|remove|rm|rename|set-url|set-head|prune)$/.test(rest[0] ?? '')
      ? effect('change', 'command')
      : effect('explore', 'read');
  if (sub === 'config') {
    const reading =
      rest.some((w) => /^(--get.*|-l|--list|--show-origin)$/.test(w)) ||
      rest.filter((w) => !isOption(w)).length < 2;
    return reading ? effect('explore', 'read') : effect('change', 'command');
  }
  if (sub === 'checkout' || sub === 'restore') {
    // `git checkout -- file` / `git restore file` throw edits away: an edit of those files. Branch
    // switches (`checkout -b x`, `checkout main`) name no files.
    const dd = rest.indexOf('--');
    const branching = rest.some((w) => /^(-b|-B|-c|-C|--orphan|--detach)$/.test(w));
    const paths =
      dd !== -1
        ? rest.slice(dd + 1)
        : sub === 'restore'
          ? files
          : branching
            ? []
            : files.filter((w) => w === '.' || /\.[A-Za-z0-9]{1,8}$/.test(w));
    return effect('change', paths.length ? 'edit' : 'command', paths);
  }
  if (sub === 'lfs')
    return /^(ls-files|status|env|version|logs|track)$/.test(rest[0] ?? '') &&
      !(rest[0] === 'track' && rest.length > 1)
      ? effect('explore', 'read')
      : effect('change', 'command');
  if (sub === 'apply' || sub === 'am') return effect('change', 'edit', files.filter(pathLike));
  if (sub === 'rm' || sub === 'mv') return effect('change', 'edit', files);
  if (GIT_CHANGE.has(sub)) return effect('change', 'command');
  if (GIT_LOOK.has(sub)) return effect('explore', 'read', files.filter(pathLike));
  if (sub === '') return effect('explore', 'command');
  return effect('unknown', 'command');
}

const MAKE_VAL = new Set(['-C', '-f', '-j', '-l', '-o', '-W', '-I', '--directory', '--file', '--jobs']);

export function makeEffect(args: string[]): Effect {
  const targets: string[] = [];
  for (let i = 0; i < args.length; i++) {
    const a = args[i];
    if (MAKE_VAL.has(a)) {
      i++;
      continue;
    }
    if (/^(-n|--dry-run|--just-print|-q|--question|-p|--print-data-base)$/.test(a))
      return effect('explore', 'command');
    if (isOption(a) || a.includes('=')) continue;
    targets.push(a);
  }
  const isTest = (t: string) =>
    /^(test|tests|check|checks|unittest|pytest|test[-_].*|.*[-_]tests?|check[-_].*)$/.test(t);
  if (targets.length && targets.every(isTest)) return effect('explore', 'test', [], { test: true });
  if (targets.length && targets.every((t) => /^(help|list|info|print-.*|show-.*)$/.test(t)))
    return effect('explore', 'command');
  return effect('change', 'command', [], { test: targets.some(isTest) });
}

export function uvEffect(args: string[], inner: (argv: string[]) => Effect): Effect {
  const sub = args[0] ?? '';
  if (sub === 'run') {
    const rest = args.slice(1);
    let i = 0;
    while (i < rest.length && isOption(rest[i]))
      i += /^(--with|--python|-p|--env-file|--directory|--project)$/.test(rest[i]) ? 2 : 1;
    return rest[i] ? inner(rest.slice(i)) : effect('explore', 'command');
  }
  if (sub === 'pip')
    return /^(install|uninstall|sync|compile)$/.test(args[1] ?? '')
      ? effect('change', 'command')
      : effect('explore', 'command');
  if (sub === 'tool')
    return args[1] === 'run'
      ? inner(args.slice(2))
      : /^(install|uninstall|upgrade)$/.test(args[1] ?? '')
        ? effect('change', 'command')
        : effect('explore', 'command');
  if (/^(add|remove|sync|lock|venv|init|build|publish|python)$/.test(sub))
    return sub === 'python' && args[1] !== 'install'
      ? effect('explore', 'command')
      : effect('change', 'command');
  return effect('explore', 'command');
}

function scriptNameEffect(name: string): Effect {
  if (/test|spec|e2e/i.test(name)) return effect('explore', 'test', [], { test: true });
  if (
    /^(build|compile|bundle|dist|gen|generate|prepare|install|postinstall|migrate|format|fmt|fix|lint:fix|.*:fix)/i.test(
      name,
    )
  )
    return effect('change', 'command');
  if (/^(lint|typecheck|type-check|check|tsc|format:check|fmt:check|audit)/i.test(name))
    return effect('explore', 'command');
  return effect('unknown', 'command');
}

/** npm / pnpm / yarn / bun, and npx-style runners (whose effect is the program they run). */
export function jsPackageEffect(p: string, args: string[], inner: (argv: string[]) => Effect): Effect {
  if (p === 'npx' || p === 'pnpx' || p === 'bunx') {
    let i = 0;
    while (i < args.length && isOption(args[i])) i += args[i] === '-p' || args[i] === '--package' ? 2 : 1;
    return args[i] ? inner(args.slice(i)) : effect('explore', 'command');
  }
  let i = 0;
  while (i < args.length && isOption(args[i]))
    i += /^(--prefix|-C|--cwd|--filter|-w|--workspace)$/.test(args[i]) ? 2 : 1;
  const sub = args[i];
  const rest = args.slice(i + 1);
  if (sub === undefined)
    return p === 'yarn' || p === 'pnpm' ? effect('change', 'command') : effect('explore', 'command');
  if (sub === 'test' || sub === 't' || sub === 'tst') return effect('explore', 'test', [], { test: true });
  if (sub === 'run' || sub === 'run-script')
    return rest[0] ? scriptNameEffect(rest[0]) : effect('explore', 'command');
  if (sub === 'exec' || sub === 'x' || sub === 'dlx')
    return rest.length ? inner(rest.filter((w) => w !== '--')) : effect('explore', 'command');
  if (sub === 'start' || sub === 'dev' || sub === 'serve') return effect('unknown', 'command');
  if (JS_PM_CHANGE.has(sub)) return effect('change', 'command');
  if (JS_PM_LOOK.has(sub)) return effect('explore', 'command');
  if (p === 'bun' && pathLike(sub)) return effect('unknown', 'command', [sub]);
  // `yarn build`, `pnpm lint`: a package script by name.
  return scriptNameEffect(sub);
}

const BUILD_TEST = /^(test|tests|check|verify|integrationTest|connectedCheck|testDebugUnitTest)$/;

/** JVM, .NET, Go, Rust, Bazel and other build tools: sub-commands decide test / build / look / run. */
export function buildToolEffect(p: string, args: string[]): Effect | null {
  const sub = args.find((a) => !isOption(a)) ?? '';
  switch (p) {
    case 'go':
      if (sub === 'test') return effect('explore', 'test', [], { test: true });
      if (/^(build|install|get|mod|generate|fmt|work|clean)$/.test(sub)) return effect('change', 'command');
      if (sub === 'run') return effect('unknown', 'command');
      return effect('explore', 'command');
    case 'cargo':
      if (/^(test|nextest|bench)$/.test(sub)) return effect('explore', 'test', [], { test: true });
      if (
        /^(build|b|install|add|remove|rm|new|init|fmt|fix|update|publish|clean|generate-lockfile|vendor)$/.test(
          sub,
        )
      )
        return effect('change', 'command');
      if (sub === 'run' || sub === 'r') return effect('unknown', 'command');
      return effect('explore', 'command');
    case 'mvn':
    case 'mvnw':
    case 'gradle':
    case 'gradlew':
    case 'sbt':
    case 'ant':
    case 'lein': {
      const goals = args.filter((a) => !isOption(a)).map((g) => g.split(':').pop() ?? g);
      if (goals.some((g) => BUILD_TEST.test(g)))
        return effect(goals.every((g) => BUILD_TEST.test(g)) ? 'explore' : 'change', 'test', [], {
          test: true,
        });
      if (!goals.length) return effect('explore', 'command');
      if (
        goals.every((g) =>
          /^(dependencies|dependencyInsight|tasks|projects|properties|help|dependency|tree|version)$/.test(g),
        )
      )
        return effect('explore', 'command');
      return effect('change', 'command');
    }
    case 'dotnet':
      if (sub === 'test') return effect('explore', 'test', [], { test: true });
      if (/^(build|publish|restore|add|new|pack|clean|tool|ef|remove|sln)$/.test(sub))
        return effect('change', 'command');
      if (sub === 'run' || sub === 'watch') return effect('unknown', 'command');
      return effect('explore', 'command');
    case 'bazel':
    case 'bazelisk':
    case 'buck':
    case 'buck2':
      if (sub === 'test') return effect('explore', 'test', [], { test: true });
      if (sub === 'build' || sub === 'clean' || sub === 'sync') return effect('change', 'command');
      if (sub === 'run') return effect('unknown', 'command');
      return effect('explore', 'command');
    case 'swift':
    case 'mix':
    case 'zig':
    case 'stack':
    case 'cabal':
    case 'dune':
      if (sub === 'test' || args.includes('test')) return effect('explore', 'test', [], { test: true });
      if (/^(build|build-exe|compile|deps\.get|deps|install|package|clean)$/.test(sub))
        return effect('change', 'command');
      if (sub === 'run' || sub === 'exec') return effect('unknown', 'command');
      return sub ? effect('unknown', 'command') : effect('explore', 'command');
    case 'tsc':
      return args.some((a) => a === '--noEmit' || a === '--version' || a === '-v')
        ? effect('explore', 'command')
        : effect('change', 'command');
    case 'vite':
    case 'next':
    case 'nuxt':
      return sub === 'build' ? effect('change', 'command') : effect('unknown', 'command');
    case 'playwright':
    case 'cypress':
      return sub === 'test' || sub === 'run'
        ? effect('explore', 'test', [], { test: true })
        : effect('change', 'command');
    case 'gcc':
    case 'g++':
    case 'cc':
    case 'c++':
    case 'clang':
    case 'clang++':
      return args.some(
        (a) =>
          a === '-fsyntax-only' ||
          a === '-E' ||
          a === '-dumpversion' ||
          a === '-dumpmachine' ||
          a === '--version',
      )
        ? effect('explore', 'command')
        : null;
    default:
      return null;
  }
}
