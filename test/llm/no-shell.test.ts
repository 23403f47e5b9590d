// No shell on the host, ever: nothing in src/ may start processes, except an explicit allow-list that
// contains none of the diagnosis, LLM or compaction code (today: the editor of `memory edit`, and replay's
// runner, which executes only inside the environment the user named: bubblewrap sandbox or container).
import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const SRC = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../src');
/** Files allowed to start processes (relative to src/). Must never include diagnosis/llm/compaction code. */
const ALLOWED: string[] = [
  // `codetracer memory edit` opens the user's $EDITOR, on the user's explicit command only.
  'cli/editor.ts',
  // `codetracer replay` with --workdir/--repo/--container: commands run in a bubblewrap sandbox (read-only
  // root, only the workdir writable, no network) or through `docker exec`; git only for the worktree.
  'core/replay/exec.ts',
];
const PATTERNS = [
  /\bfrom\s+['"](node:)?child_process['"]/,
  /\brequire\(\s*['"](node:)?child_process['"]\s*\)/,
  /\bimport\(\s*['"](node:)?child_process['"]\s*\)/,
  /['"]execa['"]/,
  /\b(spawn|spawnSync|exec|execSync|execFile|execFileSync|fork)\s*\(/,
];

function files(dir: string): string[] {
  return readdirSync(dir).flatMap((n) => {
    const p = path.join(dir, n);
    return statSync(p).isDirectory() ? files(p) : /\.(ts|tsx|js|mjs|cjs)$/.test(n) ? [p] : [];
  });
}

describe('no process spawning in src/', () => {
  it('the allow-list holds none of the diagnosis, LLM or compaction code', () => {
    for (const f of ALLOWED) expect(f).not.toMatch(/^core\/(diagnosis|llm|compaction)\//);
  });

  it('no file outside the allow-list imports child_process or execa or calls spawn/exec', () => {
    const offenders: string[] = [];
    for (const f of files(SRC)) {
      const rel = path.relative(SRC, f).split(path.sep).join('/');
      if (ALLOWED.includes(rel)) continue;
      // RegExp.exec is no process: strip `.exec(` method calls on regexes before matching.
      const text = readFileSync(f, 'utf8').replace(/\.\s*exec\s*\(/g, '.X(');
      for (const p of PATTERNS) if (p.test(text)) offenders.push(`${rel}: ${p}`);
    }
    expect(offenders).toEqual([]);
  });

  it('the scan itself catches a spawning file', () => {
    const sample = "import { spawn } from 'node:child_process';\nspawn('sh');";
    expect(PATTERNS.some((p) => p.test(sample.replace(/\.\s*exec\s*\(/g, '.X(')))).toBe(true);
    expect(PATTERNS.some((p) => p.test('const m = re.exec(s);'.replace(/\.\s*exec\s*\(/g, '.X(')))).toBe(
      false,
    );
  });
});
