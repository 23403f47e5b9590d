// The skills store: one folder per learned format, `<dir>/<id>/spec.yaml` + `SKILL.md`. Loaded at start-up
// and registered as formats; a broken skill is skipped with a one-line warning, never a crash.
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import YAML from 'yaml';
import { isCodetracerError } from '../../io/errors.js';
import { writeFileAtomic } from '../../io/atomic.js';
import { formatIds, registerFormat, unregisterFormat } from '../registry.js';
import type { FormatModule } from '../types.js';
import { parseSpecText } from './load.js';
import { specFormat } from './module.js';
import type { Spec } from './schema.js';

export const SPEC_FILE = 'spec.yaml';
export const SKILL_FILE = 'SKILL.md';
const MAX_SPEC_BYTES = 256 * 1024;

/** CODETRACER_SKILLS_DIR, else $XDG_CONFIG_HOME/codetracer/skills, else ~/.config/codetracer/skills. */
export function skillsDir(env: NodeJS.ProcessEnv = process.env): string {
  const own = env.CODETRACER_SKILLS_DIR?.trim();
  if (own) return path.resolve(own);
  const xdg = env.XDG_CONFIG_HOME?.trim();
  const base = xdg && path.isAbsolute(xdg) ? xdg : path.join(env.HOME?.trim() || os.homedir(), '.config');
  return path.join(base, 'codetracer', 'skills');
}

export interface Skill {
  id: string;
  dir: string;
  spec: Spec;
  /** SKILL.md text ('' when absent). */
  skill: string;
}

export interface SkillsRead {
  skills: Skill[];
  /** One line per skipped skill. */
  warnings: string[];
}

const errLine = (e: unknown): string =>
  isCodetracerError(e) ? e.message : (e instanceof Error ? e.message : String(e)).split('\n')[0];

/** One skill folder; throws with a one-line reason when it is unusable. */
export function readSkill(dir: string): Skill {
  const file = path.join(dir, SPEC_FILE);
  const st = statSync(file, { throwIfNoEntry: false });
  if (!st?.isFile()) throw new Error(`no ${SPEC_FILE}`);
  if (st.size > MAX_SPEC_BYTES) throw new Error(`${SPEC_FILE} is larger than ${MAX_SPEC_BYTES / 1024} KB`);
  const spec = parseSpecText(readFileSync(file, 'utf8'), file);
  if (spec.id !== path.basename(dir))
    throw new Error(`spec id "${spec.id}" differs from its folder name "${path.basename(dir)}"`);
  const skillPath = path.join(dir, SKILL_FILE);
  const skill = existsSync(skillPath) ? readFileSync(skillPath, 'utf8').slice(0, 20_000) : '';
  return { id: spec.id, dir, spec, skill };
}

/** Every skill under dir, sorted by id. Missing dir: none. */
export function readSkills(dir: string): SkillsRead {
  const skills: Skill[] = [];
  const warnings: string[] = [];
  let names: string[] = [];
  try {
    names = readdirSync(dir, { withFileTypes: true })
      .filter((d) => d.isDirectory() && !d.name.startsWith('.'))
      .map((d) => d.name)
      .sort();
  } catch {
    return { skills, warnings };
  }
  for (const name of names) {
    try {
      skills.push(readSkill(path.join(dir, name)));
    } catch (e) {
      warnings.push(`skill "${name}" (${path.join(dir, name)}) skipped: ${errLine(e)}`);
    }
  }
  return { skills, warnings };
}

/** The FormatModule of a skill. */
export const skillFormat = (s: Skill): FormatModule => specFormat(s.spec, { skill: s.skill });

const builtinIds = new Set(formatIds());

/** Why a spec id cannot be a skill (it names a built-in format), or null. */
export function skillIdProblem(id: string): string | null {
  return builtinIds.has(id) ? `id "${id}" is a built-in format; choose another` : null;
}

export interface LoadSkillsOptions {
  env?: NodeJS.ProcessEnv;
  /** Overrides the env-derived directory. */
  dir?: string;
  /** Where one-line warnings go (default: dropped; they are returned too). */
  warn?: (line: string) => void;
}

/** Ids registered by the last loadSkills, so a reload (another skills dir) drops the ones now gone. */
const loaded = new Set<string>();

/** Read the skills and register each as a format. Called by every entry point. */
export function loadSkills(o: LoadSkillsOptions = {}): SkillsRead {
  const dir = o.dir ?? skillsDir(o.env);
  const read = readSkills(dir);
  const skills: Skill[] = [];
  for (const id of loaded) unregisterFormat(id);
  loaded.clear();
  for (const s of read.skills) {
    const p = skillIdProblem(s.id);
    if (p) {
      read.warnings.push(`skill "${s.id}" skipped: ${p}`);
      continue;
    }
    registerFormat(skillFormat(s));
    loaded.add(s.id);
    skills.push(s);
  }
  for (const w of read.warnings) o.warn?.(`codetracer: warning: ${w}`);
  return { skills, warnings: read.warnings };
}

/** Write a skill (spec as YAML + SKILL.md) atomically; returns its folder. */
export async function saveSkill(dir: string, spec: Spec, skill: string): Promise<string> {
  const folder = path.join(dir, spec.id);
  mkdirSync(folder, { recursive: true });
  const header = `# CodeTracer format spec (data, never executed). Learned format: ${spec.title}\n`;
  await writeFileAtomic(path.join(folder, SPEC_FILE), header + YAML.stringify(spec, { lineWidth: 0 }));
  await writeFileAtomic(path.join(folder, SKILL_FILE), skill.trim() + '\n');
  return folder;
}

/** Delete a skill folder; false when there is none. The id is checked so no path escapes the dir. */
export function removeSkill(dir: string, id: string): boolean {
  if (!/^[a-z0-9][a-z0-9_-]{1,47}$/.test(id)) return false;
  const folder = path.join(dir, id);
  if (!existsSync(path.join(folder, SPEC_FILE)) && !existsSync(path.join(folder, SKILL_FILE))) return false;
  rmSync(folder, { recursive: true, force: true });
  return true;
}
