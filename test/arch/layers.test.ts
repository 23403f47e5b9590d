// The layers of DESIGN.md: src/ is plain TypeScript (no ink/react), and only src/core/llm imports openai.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

const root = path.resolve(import.meta.dirname, '../..');

function tsFiles(dir: string): string[] {
  const out: string[] = [];
  for (const name of readdirSync(dir)) {
    const p = path.join(dir, name);
    if (statSync(p).isDirectory()) out.push(...tsFiles(p));
    else if (/\.(ts|tsx)$/.test(name)) out.push(p);
  }
  return out;
}

function importsOf(file: string): string[] {
  const src = readFileSync(file, 'utf8');
  const re =
    /(?:import|export)\s[^'"]*?from\s*['"]([^'"]+)['"]|import\(\s*['"]([^'"]+)['"]\s*\)|require\(\s*['"]([^'"]+)['"]\s*\)/g;
  const out: string[] = [];
  for (let m = re.exec(src); m; m = re.exec(src)) out.push(m[1] ?? m[2] ?? m[3]);
  return out;
}

const srcFiles = tsFiles(path.join(root, 'src'));

describe('layering', () => {
  it('finds the source files', () => {
    expect(srcFiles.length).toBeGreaterThan(10);
  });

  it('nothing in src/ imports ink or react', () => {
    const bad = srcFiles.filter((f) => importsOf(f).some((m) => /^(ink|react|ink-.*)(\/|$)/.test(m)));
    expect(bad.map((f) => path.relative(root, f))).toEqual([]);
  });

  it('only src/core/llm imports openai', () => {
    const bad = srcFiles.filter(
      (f) =>
        importsOf(f).some((m) => /^openai(\/|$)/.test(m)) &&
        !f.includes(`${path.sep}core${path.sep}llm${path.sep}`),
    );
    expect(bad.map((f) => path.relative(root, f))).toEqual([]);
  });
});
